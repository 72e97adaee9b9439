"""``pea-desktop backup`` and ``pea-desktop restore`` (docs/command-line.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pea_desktop.paths import backup_dir_for
from pea_desktop.services.backups import (
    BackupKind,
    check_backup,
    make_backup,
    repair_database,
    restore_then_open,
)
from pea_desktop.services.database import acquire_instance_lock
from pea_desktop.services.database_errors import BackupError, DatabaseOpenError


def run_backup(args: argparse.Namespace) -> int:
    """Copy the database now into its backup folder (safe while the window is open)."""
    database = Path(args.db).expanduser().absolute()
    if not database.is_file():
        raise DatabaseOpenError(database, f"La base {database} n'existe pas.")
    summary = check_backup(database, subject="La base")
    destination = make_backup(database, BackupKind.MANUAL)
    print(f"Sauvegarde enregistrée : {destination} ({summary.describe()}).")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Replace the database by a backup, keeping a copy of the database it replaces."""
    database = Path(args.db).expanduser().absolute()
    backup = _find_backup(Path(args.backup).expanduser(), database)
    check_backup(backup)  # a bad backup is refused before the base is locked
    database.parent.mkdir(parents=True, exist_ok=True)
    with acquire_instance_lock(database):
        restored = restore_then_open(backup, database)
    print(f"Base {database} restaurée depuis {backup.name} ({restored.contents.describe()}).")
    if restored.kept is not None:
        print(f"La base remplacée a été gardée dans {restored.kept}.")
    return 0


def _find_backup(given: Path, database: Path) -> Path:
    """The backup as given, or by its name in the database's backup folder."""
    if given.exists():
        return given.absolute()
    candidate = backup_dir_for(database) / given.name
    if not given.is_absolute() and candidate.exists():
        return candidate
    raise BackupError(given, f"La sauvegarde {given} n'existe pas.")


def run_repair(args: argparse.Namespace) -> int:
    """Rebuild damaged indexes (``REINDEX``) after a backup; a sound base is left untouched."""
    database = Path(args.db).expanduser().absolute()
    if not database.is_file():
        raise DatabaseOpenError(database, f"La base {database} n'existe pas.")
    with acquire_instance_lock(database):
        backup = repair_database(database)
    if backup is None:
        print(f"La base {database} est saine (contrôle d'intégrité complet) : rien à réparer.")
    else:
        print(
            f"Index de la base {database} reconstruits ; le contrôle d'intégrité complet est "
            f"bon. La base d'avant la réparation est gardée dans {backup}."
        )
    return 0
