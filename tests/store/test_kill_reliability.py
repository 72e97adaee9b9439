"""Killing the program at any moment never loses a committed entry nor damages the base.

A child process (forked, so that it starts in microseconds with everything imported) writes
activities through :class:`Database` - each one an activity, its two volunteers and an expense
line in one transaction - and reports each id on a pipe once ``commit`` has returned. The parent
kills it with SIGKILL after a random delay, then checks the file with ``PRAGMA integrity_check``,
that every reported transaction is there and that no transaction is there in part.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.models import Activity, Antenna, ExpenseLine, Volunteer

KILLS = 220
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def prepare(path: Path) -> list[int]:
    db = open_database(path)
    with db.session() as session:
        antenna = Antenna(code="LYO", name="Lyon")
        people = [Volunteer(antenna=antenna, first_name=f, last_name="Test") for f in "AB"]
        session.add_all(people)
        session.flush()
        ids = [p.id for p in people]
    # Once here, so that the forked writers inherit SQLAlchemy's compiled statements.
    write_one(db, ids, "préparation-0", 0)
    db.close()
    return ids


def write_one(db: Database, volunteer_ids: list[int], reference: str, number: int) -> None:
    """One user action: an activity, its two volunteers and an expense line, together."""
    with db.session() as session:
        volunteers = [session.get(Volunteer, v) for v in volunteer_ids]
        activity = Activity(
            kind=ActivityKind.VISIT,
            antenna_id=volunteers[0].antenna_id,
            date=date(2026, 1, 1 + number % 28),
            reference=reference,
            notes="x" * (number % 7 * 300),  # varied sizes: some rows overflow a page
            volunteers=volunteers,
        )
        session.add(activity)
        session.add(
            ExpenseLine(
                volunteer=volunteers[0],
                activity=activity,
                date=activity.date,
                kind=ExpenseKind.PARKING,
                amount=number,
                description=reference,
            )
        )


def writer(path: Path, volunteer_ids: list[int], report: int, child: int) -> None:
    """Runs in the child: write transactions forever, reporting each one once committed."""
    db = open_database(path)
    if child % 2:  # checkpoint often, so that some kills land in a checkpoint
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_autocheckpoint=8")
    number = 0
    while True:
        number += 1
        reference = f"{child}-{number}"
        write_one(db, volunteer_ids, reference, number)
        os.write(report, f"{reference}\n".encode())


def run_and_kill(path: Path, volunteer_ids: list[int], child: int, delay: float) -> set[str]:
    """Fork a writer, SIGKILL it after ``delay`` seconds; return what it reported committed."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child process
        os.close(read_end)
        try:
            writer(path, volunteer_ids, write_end, child)
        finally:
            os._exit(1)
    os.close(write_end)
    received = bytearray()
    deadline = time.monotonic() + delay
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([read_end], [], [], left)
        if ready:
            received += os.read(read_end, 65536)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_end, 65536):
        received += chunk
    os.close(read_end)
    lines = received.decode().split("\n")
    return set(lines[:-1])  # the last piece is empty, or a line cut by the kill


def check(path: Path, committed: set[str]) -> int:
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        for (table,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
        ).fetchall():  # full-text indexes kept by triggers: raises if out of step
            connection.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        rows = connection.execute(
            """SELECT a.reference, count(DISTINCT av.volunteer_id), count(DISTINCT e.id),
                      min(e.description)
               FROM activity a
               LEFT JOIN activity_volunteer av ON av.activity_id = a.id
               LEFT JOIN expense_line e ON e.activity_id = a.id
               GROUP BY a.id"""
        ).fetchall()
        orphans = connection.execute(
            "SELECT count(*) FROM expense_line WHERE activity_id IS NULL"
        ).fetchone()[0]
    present = {reference for reference, *_ in rows}
    lost = committed - present
    assert not lost, f"{len(lost)} committed transactions lost, e.g. {sorted(lost)[:3]}"
    partial = [r for r in rows if r[1:] != (2, 1, r[0])]
    assert not partial, f"transactions written in part: {partial[:3]}"
    assert orphans == 0
    return len(present)


def test_sigkill_at_random_moments_never_loses_a_committed_transaction(tmp_path: Path) -> None:
    path = tmp_path / "pea.sqlite3"
    volunteer_ids = prepare(path)
    rng = random.Random(20261125)
    committed: set[str] = set()
    started = time.monotonic()
    for child in range(KILLS):
        # Half short lives (kills while opening and recovering), half long enough to write.
        delay = rng.uniform(0.0, 0.03) if child % 2 else rng.uniform(0.03, 0.2)
        committed |= run_and_kill(path, volunteer_ids, child, delay)
        present = check(path, committed)
        if child % 50 == 49:
            open_database(path).close()  # the application itself still opens it
    elapsed = time.monotonic() - started
    # Kills must land during writes too, not only while opening (even on a loaded machine).
    writers = {reference.split("-")[0] for reference in committed}
    assert len(writers) >= KILLS // 8, f"only {len(writers)} writers got to commit"
    assert present >= len(committed)
    print(f"{KILLS} kills, {len(committed)} committed transactions checked in {elapsed:.1f} s")
