"""One writer of the load test (run as its own process): writes until time is up, and records
each write *after* its commit returned, in ``OUT`` (one line per write, flushed at once).

``python -m tests.hostile.load_worker KIND DB SECONDS OUT`` with KIND one of ``import``,
``edit``, ``claims``. Any exception ends the process with status 1 and its message on stderr.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.services.activities.records import load_activity, save_activity
from pea_desktop.services.claims.workflow import prepare_month
from pea_desktop.services.database import open_database
from pea_desktop.services.importing import import_activities
from tests.services.claim_builders import add_line
from tests.services.import_helpers import ACTIVITY_HEADER, write_csv

TODAY = date(2026, 1, 15)


def _import(db_path: Path, tag: str, round_: int, folder: Path) -> str:
    marker = f"{tag}-import-{round_}"
    lines = [
        f"groupe;{day + 1:02d}/02/2025;LYON;Alice Bérard;1h;Salle {marker};5;1;0;;;;;;;;;"
        f"{marker}-{day}"
        for day in range(25)  # more than 20 lines: a backup is made first, under load too
    ]
    csv = write_csv(folder / f"{marker}.csv", [ACTIVITY_HEADER, *lines])
    db = open_database(db_path, create=False)
    try:
        report = import_activities(db, csv, today=TODAY)
    finally:
        db.close()
    assert report.summary()  # reached only once committed
    return marker


def _edit(db_path: Path, tag: str, round_: int, _folder: Path) -> str:
    marker = f"{tag}-edit-{round_}"
    db = open_database(db_path, create=False)
    try:
        draft = ActivityDraft(
            kind=KINDS.get("groupe"),
            antenna_id=1,
            date=date(2025, 3, round_ % 28 + 1),
            duration_minutes=90,
            participants=6,
            first_timers=1,
            relatives=0,
            volunteer_ids=[1],
            notes=f"{marker} brouillon",
        )
        activity_id = save_activity(db, draft, TODAY)
        edited = replace(load_activity(db, activity_id), notes=marker, participants=7)
        save_activity(db, edited, TODAY)
    finally:
        db.close()
    return marker


def _claims(db_path: Path, tag: str, round_: int, _folder: Path) -> str:
    db = open_database(db_path, create=False)
    try:
        month = round_ % 12 + 1
        line = add_line(
            db,
            1,
            date(2024, month, 5),
            ExpenseKind.MEAL,
            amount="12.50",
            description=f"{tag}-claims-{round_}",
        )
        prepare_month(db, 2024, month, 1, actor="charge")
    finally:
        db.close()
    return f"{tag}-claims-{round_}:{line}"


WORKERS = {"import": _import, "edit": _edit, "claims": _claims}


def main(kind: str, db_path: str, seconds: str, out: str) -> None:
    work = WORKERS[kind]
    deadline = time.monotonic() + float(seconds)
    folder = Path(out).parent
    tag = Path(out).stem
    with open(out, "a", encoding="utf-8") as log:
        round_ = 0
        while time.monotonic() < deadline:
            log.write(work(Path(db_path), tag, round_, folder) + "\n")
            log.flush()
            round_ += 1


if __name__ == "__main__":
    main(*sys.argv[1:])
