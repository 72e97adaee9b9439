"""What every import does between checking a file and writing it.

A file with any bad line is refused whole. A large file is imported only once a copy of the
database has been made, so that a mistaken import (wrong file, wrong antenna) can be undone by
restoring that copy. On a PostgreSQL server no copy is made: the import is one transaction, and
undoing it is a restore of the administrator's ``pg_dump`` (services/safety_copies.py).
"""

from __future__ import annotations

import os
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.paths import backup_dir_for
from pea_desktop.services.importing.report import BACKUP_ABOVE_LINES, ImportReport
from pea_desktop.store import errors
from pea_desktop.store.backup import make_backup
from pea_desktop.store.backup_catalog import BackupKind, backup_name
from pea_desktop.store.database import Database

__all__ = [
    "BACKUP_ABOVE_LINES",
    "backup_before_import",
    "drop_backup_of_failed_import",
    "drop_useless_backup",
    "refuse_if_problems",
]


def refuse_if_problems(path: Path, problems: list[str]) -> None:
    if problems:
        count = len(problems)
        plural = "s" if count > 1 else ""
        raise BadInputError(
            f"Le fichier {path.name} contient {count} erreur{plural} ; rien n'a été importé.",
            problems,
        )


def backup_before_import(db: Database, lines: int, now: datetime | None = None) -> Path | None:
    """Copy the database before importing a file of more than BACKUP_ABOVE_LINES lines.

    Returns the copy, or None for a small file or a base on a server. When the copy cannot be
    made, the import is not made either: raises the backup's error, its French message saying so.
    """
    if lines <= BACKUP_ABOVE_LINES or db.on_server:
        # A server base has no file to copy: its backups are the administrator's pg_dump, and
        # the import stays all-or-nothing (one transaction).
        return None
    taken_at = (now or datetime.now()).replace(microsecond=0)
    folder = backup_dir_for(db.path)
    # Two imports within a second must not share a name: the second would replace the first.
    # The name is reserved by creating it (O_EXCL), so that two processes cannot both take it.
    with suppress(OSError):  # the copy itself says what is wrong with the folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    while not _reserve(
        reserved := folder / backup_name(db.path, BackupKind.BEFORE_IMPORT, taken_at)
    ):
        taken_at += timedelta(seconds=1)
    try:
        return make_backup(db.path, BackupKind.BEFORE_IMPORT, now=taken_at)
    except errors.DatabaseOpenError as exc:
        with suppress(OSError):
            reserved.unlink(missing_ok=True)
        raise type(exc)(
            exc.path,
            f"Import abandonné, rien n'a été modifié : la copie de sécurité de la base, faite "
            f"avant tout import de plus de {BACKUP_ABOVE_LINES} lignes, a échoué. {exc.message}",
            details=exc.details,
        ) from exc


def _reserve(path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return False
    except OSError:
        return True  # the copy itself will say what is wrong with the folder
    return True


def drop_useless_backup(report: ImportReport) -> None:
    """An import that changed nothing leaves no copy: it would be the very same base."""
    if report.backup is not None and not report.changed_anything:
        report.backup.unlink(missing_ok=True)
        report.backup = None


def drop_backup_of_failed_import(report: ImportReport) -> None:
    """An import that failed (disk full, base busy) was rolled back: its copy is the base as
    it still is, and would only be an orphan in the backup list."""
    if report.backup is not None:
        report.backup.unlink(missing_ok=True)
        report.backup = None
