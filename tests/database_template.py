"""A migrated empty database made once per test session, copied for each test that needs one.

Running the whole migration chain costs about a quarter of a second per base; copying a closed,
checkpointed file costs a millisecond. The copy is then opened by the ordinary open path, which
still checks the file and finds it at the head revision. Tests about creating, migrating or
damaging a base (tests/store/test_migrations.py, test_open_conditions.py, test_damaged_files.py)
build their files themselves and never use this.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from pea_desktop.store.database import open_database

# populated_base(path): a copy of a template put at path (the fixture of that name).
MakeBase = Callable[[Path], Path]

FIXTURES = Path(__file__).parent / "fixtures"

# The -wal and -shm journal files beside a SQLite file in WAL mode.
JOURNAL_SUFFIXES = ("-wal", "-shm")
OWNER_ONLY = 0o600  # as open_database creates a new base


def build_template(path: Path) -> Path:
    """Create (or migrate) ``path`` to head, checkpoint and close it: a self-contained file."""
    db = open_database(path)
    with db.engine.connect() as connection:
        # Move every committed page into the main file and empty the journal.
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def build_populated_template(path: Path) -> Path:
    """The committed oldest-schema fixture (60 activities...) migrated to head, closed.

    What ``tests.store.garbling.populated_database`` makes, for the tests that only want a base
    with representative rows; the migration before the copy leaves a backup beside ``path``,
    which is not copied.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", path)
    return build_template(path)


def copy_template(template: Path, target: Path) -> Path:
    """Copy the template (and any journal left beside it) to ``target``, owner-only."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    os.chmod(target, OWNER_ONLY)
    for suffix in JOURNAL_SUFFIXES:
        journal = Path(f"{template}{suffix}")
        if journal.exists():
            shutil.copyfile(journal, f"{target}{suffix}")
            os.chmod(f"{target}{suffix}", OWNER_ONLY)
    return target
