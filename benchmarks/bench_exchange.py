"""Exchange between laptops: a volunteer's year sent and received, six volunteers received.

A volunteer's year is about 300 activities, each with a mileage line and a meal, and a receipt
file (30 KB) on each meal. Measured: the volunteer's laptop writing the file (everything new),
the coordinator's laptop receiving it, and the coordinator receiving six such files one after
the other. Baseline, in the same run: reading the file and decrypting it with PyNaCl alone (what
no merge can go below). Goal: under a second each.

    .venv/bin/python -m benchmarks.bench_exchange [--activities 300] [--volunteers 6] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from benchmarks.common import Result, print_table
from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.services import keys
from pea_desktop.services.activities.expenses import ActivityExpenses, save_activity_and_expenses
from pea_desktop.services.claims.receipts import attach_file
from pea_desktop.services.exchange import container, invitations, receiving, sending
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.models import Antenna, AssociationSettings, ExpenseLine, Volunteer

TODAY = date(2026, 12, 31)


def coordinator(folder: Path, volunteers: int) -> Database:
    db = open_database(folder / "pea.sqlite3")
    with db.session() as s:
        s.add(AssociationSettings(id=1, name="Entraide", city="Lyon"))
        antenna = Antenna(code="LYON", name="Lyon", department="69")
        s.add(antenna)
        s.flush()
        for n in range(volunteers):
            s.add(
                Volunteer(
                    antenna_id=antenna.id,
                    first_name=f"Bénévole{n}",
                    last_name="Test",
                    name_key=f"benevole{n} test",
                )
            )
    return db


def volunteer_year(db: Database, folder: Path, first_name: str, activities: int) -> None:
    rng = random.Random(first_name)
    with db.session() as s:
        volunteer_id = s.scalars(
            select(Volunteer.id).where(Volunteer.first_name == first_name)
        ).one()
        antenna_id = s.scalars(select(Antenna.id)).one()
    scan = folder / "ticket.pdf"
    for n in range(activities):
        draft = ActivityDraft(
            kind=ActivityKind.GROUP,
            antenna_id=antenna_id,
            date=date(2026, 1, 1) + timedelta(days=n % 360),
            duration_minutes=120,
            place=f"Salle {n % 17}",
            volunteer_ids=[volunteer_id],
            participants=8,
            first_timers=1,
            relatives=0,
            theme="Thème",
        )
        expenses = ActivityExpenses(
            km=Decimal(rng.randint(5, 60)), meal=Decimal("12.50"), volunteer_id=volunteer_id
        )
        activity_id = save_activity_and_expenses(db, draft, expenses, TODAY).activity_id
        with db.session() as s:
            line_id = s.scalars(
                select(ExpenseLine.id).where(
                    ExpenseLine.activity_id == activity_id, ExpenseLine.km.is_(None)
                )
            ).one()
        scan.write_bytes(b"%PDF-1.4\n" + rng.randbytes(30_000))
        attach_file(db, line_id, scan)


def copy_base(source: Path, target: Path) -> Database:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return open_database(target / "pea.sqlite3")


def decrypt_only(path: Path, recipient: Database) -> None:
    data = path.read_bytes()
    envelope = container.open_envelope(path.name, data)
    with recipient.session() as s:
        me = keys.laptop_keys(s)
    plain = keys.decrypt_from(me.box, envelope.sender_box_key, envelope.body)
    container.unpack_body(path.name, plain or b"")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--volunteers", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["PEA_DESKTOP_HOME"] = str(root / "home")
        (root / "coord").mkdir()
        coord = coordinator(root / "coord", args.volunteers)
        files: list[Path] = []
        send_times: list[float] = []
        for n in range(args.volunteers):
            name = f"Bénévole{n} Test"
            invitation = invitations.invite(coord, name)
            invite_path = root / f"invitation{n}.pea"
            invite_path.write_bytes(invitation.data)
            folder = root / f"vol{n}"
            folder.mkdir()
            vol = open_database(folder / "pea.sqlite3")
            invitations.join(vol, invite_path, invitation.code)
            volunteer_year(vol, folder, f"Bénévole{n}", args.activities)
            for _ in range(args.runs if n == 0 else 1):  # unacknowledged: the same file again
                started = time.perf_counter()
                outgoing = sending.prepare(vol, None)
                send_times.append(time.perf_counter() - started) if n == 0 else None
            path = root / f"envoi{n}.pea"
            path.write_bytes(outgoing.data)
            files.append(path)
            vol.close()
        coord.close()
        size = files[0].stat().st_size / 2**20
        one, six, baseline = [], [], []
        for run in range(args.runs):
            db = copy_base(root / "coord", root / f"c{run}")
            started = time.perf_counter()
            decrypt_only(files[0], db)
            baseline.append(time.perf_counter() - started)
            started = time.perf_counter()
            receiving.receive(db, files[0])
            one.append(time.perf_counter() - started)
            db.close()
            db = copy_base(root / "coord", root / f"s{run}")
            started = time.perf_counter()
            for path in files:
                receiving.receive(db, path)
            six.append(time.perf_counter() - started)
            db.close()
        base = statistics.median(baseline)
        ok = print_table(
            f"Exchange: {args.activities} activities with receipts per volunteer "
            f"({size:.1f} MiB per file)",
            [
                Result("volunteer writes its year", statistics.median(send_times), base, None, 1.0),
                Result("coordinator receives it", statistics.median(one), base, None, 1.0),
                Result(
                    f"coordinator receives {args.volunteers} volunteers' files",
                    statistics.median(six),
                    base * args.volunteers,
                    None,
                    1.0 * args.volunteers,
                ),
            ],
        )
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
