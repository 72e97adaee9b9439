"""Backups and the check at open, on a demo base: what the user waits for.

The copy at close and "Sauvegarder maintenant" run in the window's thread (the daily copy in a
thread of its own), and every start pays for ``PRAGMA quick_check``: each is timed against
copying the same file with ``shutil`` and ``fsync``, measured in the same run. Goals for 20,000
activities: a backup at most 6x a plain copy (SQLite copies page by page) and under 1 s; a
restore (backup checked, current base kept, then replaced) under 2 s; opening under 0.5 s.

    .venv/bin/python -m benchmarks.bench_backup [--activities 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from benchmarks.common import Result, demo_database, paired_medians, print_table
from pea_desktop.store.backup import make_backup, restore_backup
from pea_desktop.store.backup_catalog import BackupKind, list_backups
from pea_desktop.store.database import open_database


def plain_copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PEA_DESKTOP_HOME"] = folder
        base = Path(folder) / "pea.sqlite3"
        shutil.copyfile(demo_database(args.activities), base)
        size = base.stat().st_size
        copy_target = Path(folder) / "copie.sqlite3"

        backup, copy = paired_medians(
            lambda: make_backup(base, BackupKind.MANUAL),
            lambda: plain_copy(base, copy_target),
            args.runs,
        )
        newest = list_backups(base)[0].path
        restore, _ = paired_medians(
            lambda: restore_backup(newest, base),
            lambda: plain_copy(base, copy_target),
            args.runs,
        )
        opening, reading = paired_medians(
            lambda: open_database(base).close(), lambda: base.read_bytes(), args.runs
        )
    mib = size / 2**20
    return (
        0
        if print_table(
            f"Backups of {args.activities:,} activities ({mib:.1f} MiB)",
            [
                Result("backup (online API, fsync, rotation)", backup, copy, 6.0, 1.0),
                Result("restore (checked, copy kept, replaced)", restore, copy, 16.0, 2.0),
                Result("open with quick_check vs reading the file", opening, reading, None, 0.5),
            ],
        )
        else 1
    )


if __name__ == "__main__":
    raise SystemExit(main())
