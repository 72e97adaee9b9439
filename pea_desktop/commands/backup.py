"""``pea-desktop backup`` and ``pea-desktop restore`` (docs/command-line.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pea_desktop.paths import backup_dir_for
from pea_desktop.store import errors
from pea_desktop.store.backup import check_backup, make_backup, restore_backup
from pea_desktop.store.backup_catalog import BackupKind
from pea_desktop.store.database import open_database
from pea_desktop.store.instance_lock import acquire_instance_lock


def run_backup(args: argparse.Namespace) -> int:
    """Copy the database now into its backup folder (safe while the window is open)."""
    database = Path(args.db).expanduser().absolute()
    if not database.is_file():
        raise errors.DatabaseOpenError(database, f"La base {database} n'existe pas.")
    summary = check_backup(database, subject="La base")
    destination = make_backup(database, BackupKind.MANUAL)
    print(f"Sauvegarde enregistrée : {destination} ({summary.describe()}).")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Replace the database by a backup, keeping a copy of the database it replaces."""
    database = Path(args.db).expanduser().absolute()
    backup = _find_backup(Path(args.backup).expanduser(), database)
    summary = check_backup(backup)
    database.parent.mkdir(parents=True, exist_ok=True)
    with acquire_instance_lock(database):
        kept = restore_backup(backup, database)
        open_database(database).close()  # an older backup is brought up to date now
    print(f"Base {database} restaurée depuis {backup.name} ({summary.describe()}).")
    if kept is not None:
        print(f"La base remplacée a été gardée dans {kept}.")
    return 0


def _find_backup(given: Path, database: Path) -> Path:
    """The backup as given, or by its name in the database's backup folder."""
    if given.exists():
        return given.absolute()
    candidate = backup_dir_for(database) / given.name
    if not given.is_absolute() and candidate.exists():
        return candidate
    raise errors.BackupError(given, f"La sauvegarde {given} n'existe pas.")
