"""Issue 13, "under load": 4 processes writing one base at once lose nothing.

Two import CSV files, one creates and edits activities, one adds expenses and prepares claims,
all at the same time for ``PEA_LOAD_SECONDS`` (6 s in CI, long enough for hundreds of commits
to interleave; ``PEA_LOAD_SECONDS=60`` for the minute of the issue). Every write a worker saw
committed must be in the base afterwards, and ``integrity_check`` must say ok.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from pea_desktop.store.database import open_database
from tests.services.claim_builders import build_world

REPO = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("PEA_LOAD_SECONDS", "6"))
WORKERS = ("import", "import", "edit", "claims")


@pytest.mark.xdist_group("processes")  # not beside the kill test: both need the CPU
def test_four_writers_at_once_lose_nothing(migrated_db_path: Path, tmp_path: Path) -> None:
    db = open_database(migrated_db_path)
    build_world(db)
    db.close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    logs = [tmp_path / f"w{i}.log" for i in range(len(WORKERS))]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.hostile.load_worker",
                kind,
                str(migrated_db_path),
                str(SECONDS),
                str(log),
            ],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kind, log in zip(WORKERS, logs, strict=True)
    ]
    failures = []
    for process in processes:
        _out, err = process.communicate(timeout=SECONDS + 120)
        if process.returncode:
            failures.append(err.strip().splitlines()[-1] if err.strip() else "?")
    assert not failures, failures

    reported = {kind: [] for kind in WORKERS}
    for kind, log in zip(WORKERS, logs, strict=True):
        reported[kind] += log.read_text(encoding="utf-8").split()
    with closing(sqlite3.connect(migrated_db_path)) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        notes = {row[0] for row in c.execute("SELECT notes FROM activity")}
        lines = {row[0]: row[1] for row in c.execute("SELECT id, claim_id FROM expense_line")}
    for marker in reported["import"]:
        assert all(f"{marker}-{day}" in notes for day in range(25)), marker
    for marker in reported["edit"]:
        assert marker in notes, marker  # the edit, not only the first save
    for entry in reported["claims"]:
        line = int(entry.rsplit(":", 1)[1])
        assert lines.get(line) is not None, entry  # the line, and on a claim
    counts = {kind: len(entries) for kind, entries in reported.items()}
    print(f"\nécritures confirmées en {SECONDS:g} s : {counts}")
    assert counts["import"] >= 2 and counts["edit"] >= 5 and counts["claims"] >= 5, counts
