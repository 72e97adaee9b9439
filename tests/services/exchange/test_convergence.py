"""Property: random edits on three laptops and exchanges in random order converge.

At the end every side has the same data for each volunteer's records, nothing duplicated, nothing
lost (each activity logged exists once on the coordinator's laptop and on its author's). The
coordination's base is a file or a base on the test server (each example gets a new one); the
volunteers' laptops are files: the same contents must come out of either engine.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.exchange import conflicts
from pea_desktop.services.exchange.rows import ACTIVITY, EXPENSE, UuidMap, read_contents
from pea_desktop.store.database import Database
from pea_desktop.store.location import parse_server_address
from pea_desktop.store.models import Activity
from pea_desktop.store.server import open_server_database
from tests.postgres_server import PostgresServer
from tests.services.exchange import world
from tests.services.exchange.world import Laptop

VOLUNTEERS = ("Alice", "Bruno")

step = st.one_of(
    st.tuples(st.just("log"), st.sampled_from((0, 1, 2)), st.integers(1, 28)),
    st.tuples(st.just("edit"), st.sampled_from((0, 1, 2)), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.sampled_from((0, 1, 2)), st.integers(0, 50)),
    st.tuples(st.just("send"), st.sampled_from((1, 2)), st.integers(0, 3)),
    st.tuples(st.just("back"), st.sampled_from((1, 2)), st.integers(0, 3)),
)


def snapshot(lap: Laptop, volunteer_uuid: str | None) -> dict[str, Any]:
    with lap.db.session() as s:
        ids = UuidMap(s)
        result: dict[str, Any] = {}
        for kind in (ACTIVITY, EXPENSE):
            for uuid, content in read_contents(s, kind, ids).items():
                owner = content["volunteer_id"] if kind == EXPENSE else content["volunteers"][0][1]
                if volunteer_uuid is None or owner == volunteer_uuid:
                    result[uuid] = content
        return result


def volunteer_uuid(lap: Laptop, first: str) -> str:
    from pea_desktop.store.models import Volunteer

    with lap.db.session() as s:
        return s.scalars(select(Volunteer.uuid).where(Volunteer.first_name == first)).one()


@settings(
    max_examples=12,
    deadline=None,
    # Each example builds three bases: no shrinking (minutes), the failing steps are printed.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=4, max_size=18), choices=st.randoms())
def test_random_edits_and_exchanges_converge(
    database_engine: str,
    request: pytest.FixtureRequest,
    migrated_template: Path,
    steps: list[tuple[str, int, int]],
    choices: Any,
) -> None:
    tmp = Path(tempfile.mkdtemp())
    server_base: tuple[PostgresServer, str] | None = None
    try:
        coordination: Database | None = None
        if database_engine == "postgresql":
            pg_server: PostgresServer = request.getfixturevalue("pg_server")
            name = pg_server.create_database(
                pg_server.new_database_name(), template=request.getfixturevalue("pg_template")
            )
            server_base = (pg_server, name)
            coordination = open_server_database(parse_server_address(pg_server.url(name)))
        coord = world.coordinator(tmp, migrated_template, coordination)
        names = ("Alice Bérard", "Bruno Élie")
        vols = [world.join(coord, tmp, migrated_template, n) for n in names]
        laptops = [coord, *vols]
        outbox: dict[int, list[Path]] = {1: [], 2: []}  # files from each volunteer
        inbox: dict[int, list[Path]] = {1: [], 2: []}  # files for each volunteer
        logged = 0
        for action, who, n in steps:
            lap = laptops[who]
            if action == "log":
                owner = VOLUNTEERS[(who or (n % 2 + 1)) - 1]
                world.log_group(lap, owner, day=date(2026, 3, n), place=f"Lieu {logged}", meal="10")
                logged += 1
            elif action in ("edit", "delete"):
                with lap.db.session() as s:
                    rows = s.scalars(select(Activity).order_by(Activity.id)).all()
                    if rows:
                        row = rows[n % len(rows)]
                        if action == "edit":
                            row.place = f"{row.place} modifié {n}"
                        else:
                            from pea_desktop.store.models import utcnow

                            row.deleted_at = utcnow()
            elif action == "send":
                outbox[who].append(lap.send())
            else:
                # BadInputError: that laptop has sent nothing yet, there is nothing to send to.
                with contextlib.suppress(BadInputError):
                    inbox[who].append(coord.send(("Alice Bérard", "Bruno Élie")[who - 1]))
            # deliver a random pending file now and then, in any order
            for box, target in ((outbox, coord), (inbox, None)):
                for key in (1, 2):
                    if box[key] and choices.random() < 0.4:
                        path = box[key].pop(choices.randrange(len(box[key])))
                        receiver = target or laptops[key]
                        receiver.receive(path)
        # Deliver what is left (in random order), then settle: the coordinator chooses each
        # conflict, and files go round until nothing is pending.
        for key in (1, 2):
            for path in choices.sample(outbox[key], len(outbox[key])):
                coord.receive(path)
            for path in choices.sample(inbox[key], len(inbox[key])):
                laptops[key].receive(path)
        for _ in range(3):
            for key, name in ((1, "Alice Bérard"), (2, "Bruno Élie")):
                coord.receive(laptops[key].send())
                for conflict in conflicts.list_conflicts(coord.db):
                    conflicts.resolve(
                        coord.db, conflict.id, choices.choice((conflicts.LOCAL, conflicts.REMOTE))
                    )
                laptops[key].receive(coord.send(name))
        for key, first in ((1, "Alice"), (2, "Bruno")):
            owner = volunteer_uuid(coord, first)
            assert snapshot(laptops[key], owner) == snapshot(coord, owner)
        everything = snapshot(coord, None)
        with coord.db.session() as s:
            assert s.query(Activity).count() == logged  # nothing duplicated, nothing lost
        assert len([c for c in everything.values() if "kind" in c and "volunteers" in c]) == logged
        for lap in laptops:
            lap.db.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if server_base is not None:
            server_base[0].drop_database(server_base[1])
