"""Several processes at once on one base: nothing lost, numbers unique and gapless, stale saves
refused (issue 14). Each worker is a separate process opening the base itself, as several
windows or commands (or, on a server, several coordinators) would."""

from __future__ import annotations

import multiprocessing
import queue
import time
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import StaleRecordError
from pea_desktop.services.activities.records import load_activity, save_activity
from pea_desktop.services.claims.workflow import prepare_month
from pea_desktop.services.importing.activities import import_activities
from pea_desktop.store import acting
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.location import ServerAddress, parse_location
from pea_desktop.store.models import Activity, ChangeLog, ExpenseClaim, ExpenseLine
from pea_desktop.store.server import open_server_database
from tests.factories import TODAY, antenna, group, volunteer
from tests.services.import_helpers import ACTIVITY_HEADER, write_csv

ANTENNAS = 4
VOLUNTEERS_PER_ANTENNA = 2
MONTHS = range(1, 7)
EDITORS = 4
LOOP_ROUNDS = 15
IMPORTED = 120
TIMEOUT = 180


def _open(location: str) -> Database:
    found = parse_location(location)
    if isinstance(found, ServerAddress):
        return open_server_database(found)
    return open_database(found)


def _prepare_claims(location: str, antenna_id: int, barrier: Any, results: Any) -> None:
    acting.choose_name(f"préparation-{antenna_id}")
    db = _open(location)
    barrier.wait()
    created: list[str] = []
    for month in MONTHS:
        created += prepare_month(db, 2026, month, antenna_id).created
    db.close()
    results.put(("claims", created))


def _edit_once(location: str, activity_id: int, place: str, barrier: Any, results: Any) -> None:
    db = _open(location)
    draft = load_activity(db, activity_id)  # every editor shows the same version...
    barrier.wait()  # ...then all save
    try:
        save_activity(db, replace(draft, place=place), TODAY)
        results.put(("saved", place))
    except StaleRecordError as exc:
        results.put(("stale", exc.message))
    finally:
        db.close()


def _edit_loop(location: str, activity_id: int, token: str, barrier: Any, results: Any) -> None:
    """Load, add a word to the notes, save; again after a refusal: no word may be lost."""
    db = _open(location)
    barrier.wait()
    saved = stale = 0
    while saved < LOOP_ROUNDS:
        draft = load_activity(db, activity_id)
        try:
            save_activity(db, replace(draft, notes=f"{draft.notes} {token}{saved}"), TODAY)
            saved += 1
        except StaleRecordError:
            stale += 1
    db.close()
    results.put(("loop", (token, saved, stale)))


def _import(location: str, path: str, barrier: Any, results: Any) -> None:
    db = _open(location)
    barrier.wait()
    report = import_activities(db, Path(path), today=TODAY)
    db.close()
    results.put(("import", report.activities_created))


def _collect(processes: list[Any], results: Any) -> dict[str, list[Any]]:
    """Every worker's result; fails at once (not at the timeout) when one of them crashed."""
    outcomes: dict[str, list[Any]] = {}
    deadline = time.monotonic() + TIMEOUT
    received = 0
    while received < len(processes):
        try:
            kind, value = results.get(timeout=1)
        except queue.Empty:
            crashed = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
            if crashed or time.monotonic() > deadline:
                for process in processes:
                    process.kill()
                raise AssertionError(f"a worker failed (exit codes {crashed})") from None
            continue
        outcomes.setdefault(kind, []).append(value)
        received += 1
    for process in processes:
        process.join(TIMEOUT)
        assert process.exitcode == 0
    return outcomes


def _seed(db: Database) -> tuple[list[int], int, int]:
    antennas, lines, people = [], [], []
    for number in range(ANTENNAS):
        site = antenna(db, f"A{number}", f"Antenne {number}")
        antennas.append(site.id)
        for person in range(VOLUNTEERS_PER_ANTENNA):
            volunteer_id = volunteer(db, site.id, f"Prénom{person}", f"Nom{number}")
            people.append(volunteer_id)
            for month in MONTHS:
                lines.append(
                    ExpenseLine(
                        volunteer_id=volunteer_id,
                        date=date(2026, month, 10),
                        kind=ExpenseKind.MEAL,
                        amount=Decimal("12.50"),
                    )
                )
    with db.session() as session:
        session.add_all(lines)
    first = group(db, antennas[0], people[:1])
    second = group(db, antennas[1], people[2:3], date=date(2026, 3, 15))
    return antennas, first, second


def _csv(folder: Path) -> Path:
    lines = [ACTIVITY_HEADER] + [
        f"groupe;{day % 28 + 1:02d}/{day % 12 + 1:02d}/2025;IMPORT;Jeanne Import;1h30;"
        f"Salle {day};8;1;0;;;;;;;;;"
        for day in range(IMPORTED)
    ]
    return write_csv(folder / "import.csv", lines)


def test_processes_at_once_lose_nothing_and_number_without_gaps(
    db: Database, tmp_path: Path
) -> None:
    antennas, contested, looped = _seed(db)
    csv_path = _csv(tmp_path)
    location = db.server.as_text() if db.server is not None else str(db.path)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = (
        [(_prepare_claims, (a,)) for a in antennas]
        + [(_edit_once, (contested, f"Salle {n}")) for n in range(EDITORS)]
        + [(_edit_loop, (looped, token)) for token in ("x", "y")]
        + [(_import, (str(csv_path),))]
    )
    barrier = context.Barrier(len(workers))
    processes = [
        context.Process(target=target, args=(location, *args, barrier, results))
        for target, args in workers
    ]
    for process in processes:
        process.start()
    outcomes = _collect(processes, results)

    # Claims: one per volunteer and month, numbered 1..N in 2026 with no gap nor repeat.
    created = [number for batch in outcomes["claims"] for number in batch]
    expected = ANTENNAS * VOLUNTEERS_PER_ANTENNA * len(MONTHS)
    assert len(created) == len(set(created)) == expected
    with db.session() as session:
        seqs = sorted(session.scalars(select(ExpenseClaim.seq).where(ExpenseClaim.year == 2026)))
        unclaimed = session.scalar(
            select(func.count()).select_from(ExpenseLine).where(ExpenseLine.claim_id.is_(None))
        )
    assert seqs == list(range(1, expected + 1))
    assert unclaimed == 0
    assert sorted(created) == [f"NF-2026-{n:04d}" for n in range(1, expected + 1)]

    # The same activity saved by four editors holding the same version: one wins, three are
    # told who saved it, and the base holds the winner's value.
    assert len(outcomes.get("saved", [])) == 1
    assert len(outcomes.get("stale", [])) == EDITORS - 1
    assert all("modifiée entre-temps par" in message for message in outcomes["stale"])
    winner = load_activity(db, contested)
    assert (winner.place, winner.version) == (outcomes["saved"][0], 2)

    # Two editors adding words in a loop: every word saved is there, versions count the saves.
    looped_notes = load_activity(db, looped)
    total = 0
    for token, saved, _stale in outcomes["loop"]:
        total += saved
        for index in range(saved):
            assert f"{token}{index}" in looped_notes.notes.split()
    assert looped_notes.version == 1 + total

    # The import landed whole, alongside the rest.
    assert outcomes["import"] == [IMPORTED]
    with db.session() as session:
        imported = session.scalar(select(func.count()).select_from(Activity)) - 2
        actions = dict(
            session.execute(select(ChangeLog.action, func.count()).group_by(ChangeLog.action)).all()
        )
    assert imported == IMPORTED
    assert actions["imported"] == 1
    assert actions["updated"] >= 1 + total
