"""Killing the program at any moment never loses a committed entry nor damages the base.

A child process (forked, so that it starts in microseconds with everything imported) writes
activities through :class:`Database` - each one an activity, its two volunteers and an expense
line in one transaction - and reports each id on a pipe once ``commit`` has returned. The parent
kills it with SIGKILL after a random delay, then checks the file with ``PRAGMA integrity_check``,
that every reported transaction is there and that no transaction is there in part.

The kills are shared among a few independent bases, one writer alive per base at a time, so that
one base is checked while the writers of the others run. Each writer gets its own tiny killer
process, which sleeps until the writer's drawn moment and sends SIGKILL, so that the moment does
not depend on what the parent is doing: each kill is the same as when they ran one after the
other, but the whole takes a fraction of the time (and each base stays small).
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.models import Activity, Antenna, ExpenseLine, Volunteer
from tests.database_template import copy_template

KILLS = 220
BASES = 2  # more would starve the writers of CPU on a 2-core machine: fewer kills in writes
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


@dataclass
class Writer:
    """A forked writer, its killer, and the pipe on which the writer reports its commits."""

    base: int
    pid: int
    killer: int
    read_end: int
    received: bytearray = field(default_factory=bytearray)


def start_writer(
    base: int, path: Path, volunteer_ids: list[int], child: int, delay: float
) -> Writer:
    """Fork a writer on ``path`` and a killer that SIGKILLs it ``delay`` seconds later."""
    deadline = time.monotonic() + delay
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child process
        os.close(read_end)
        try:
            writer(path, volunteer_ids, write_end, child)
        finally:
            os._exit(1)
    os.close(write_end)  # before any other fork: the pipe ends exactly when this writer dies
    killer = os.fork()
    if killer == 0:  # pragma: no cover - child process
        try:
            time.sleep(max(deadline - time.monotonic(), 0))
            os.kill(pid, signal.SIGKILL)
        finally:
            os._exit(0)
    return Writer(base, pid, killer, read_end)


def reap(dead: Writer) -> set[str]:
    """Once the writer's pipe has ended: wait for both processes; return what was committed."""
    os.waitpid(dead.killer, 0)
    # The writer is not reaped before its killer is done, so its pid cannot have been reused.
    os.kill(dead.pid, signal.SIGKILL)  # in case it died by itself before its moment
    os.waitpid(dead.pid, 0)
    os.close(dead.read_end)
    lines = dead.received.decode().split("\n")
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


@pytest.mark.xdist_group("processes")  # not beside the load test: both need the CPU
def test_sigkill_at_random_moments_never_loses_a_committed_transaction(
    tmp_path: Path, migrated_template: Path
) -> None:
    paths = [copy_template(migrated_template, tmp_path / f"pea-{b}.sqlite3") for b in range(BASES)]
    volunteer_ids = [prepare(path) for path in paths]
    rng = random.Random(20261125)
    # Half short lives (kills while opening and recovering), half long enough to write.
    delays = [rng.uniform(0.0, 0.03) if c % 2 else rng.uniform(0.03, 0.2) for c in range(KILLS)]
    # Child c writes to base c % BASES, after the previous child of that base was killed.
    queues = [list(range(base, KILLS, BASES)) for base in range(BASES)]
    committed: list[set[str]] = [set() for _ in paths]
    present = [0] * BASES
    kills = 0
    started = time.monotonic()

    def writers_that_committed() -> set[str]:
        return {reference.split("-")[0] for reference in set().union(*committed)}

    def start_next(base: int) -> Writer | None:
        if not queues[base]:
            if len(writers_that_committed()) >= KILLS // 8 or len(delays) >= 2 * KILLS:
                return None
            # A loaded machine opens the base slowly, and the short lives above then end
            # before any write: more kills, later, until enough of them land during writes.
            delays.append(rng.uniform(0.2, 0.6))
            queues[base].append(len(delays) - 1)
        child = queues[base].pop(0)
        return start_writer(base, paths[base], volunteer_ids[base], child, delays[child])

    running: dict[int, Writer] = {}  # by the read end of each writer's pipe
    for base in range(BASES):
        first = start_next(base)
        assert first is not None
        running[first.read_end] = first
    while running:
        ready, _, _ = select.select(list(running), [], [], 60)
        assert ready, "no writer ended within a minute"
        for read_end in ready:
            if chunk := os.read(read_end, 65536):
                running[read_end].received += chunk
                continue
            dead = running.pop(read_end)  # the pipe ended: the writer is dead
            base = dead.base
            committed[base] |= reap(dead)
            present[base] = check(paths[base], committed[base])
            kills += 1
            if kills % 50 == 0:
                open_database(paths[base]).close()  # the application itself still opens it
            if (following := start_next(base)) is not None:
                running[following.read_end] = following
    elapsed = time.monotonic() - started
    assert kills == len(delays) >= KILLS
    # Kills must land during writes too, not only while opening (even on a loaded machine).
    everything = set().union(*committed)
    writers = writers_that_committed()
    assert len(writers) >= KILLS // 8, f"only {len(writers)} writers got to commit"
    assert all(p >= len(c) for p, c in zip(present, committed, strict=True))
    print(f"{kills} kills, {len(everything)} committed transactions checked in {elapsed:.1f} s")
