"""Backups of the database, for the window and the commands: make, list, check, restore.

Every copy is consistent even while the base is open, readable by its owner only, and lands in
the base's backup folder (``paths.backup_dir_for``), where automatic copies rotate. What to call:

- :func:`make_backup` (``database``, :class:`BackupKind`) copies the base now: ``MANUAL`` for
  "sauvegarder maintenant". :func:`backup_if_due` is the once-a-day copy while the window is
  open, :func:`backup_at_close` the copy at close (connections closed first).
  :func:`export_database` copies the base to a file the user chose.
- :func:`list_backups` gives the base's backups newest first (:class:`BackupInfo`);
  :func:`describe_backup` says in French what one holds, :func:`newest_good_backup` finds the
  most recent sound one, :func:`check_backup` checks one and counts what it holds
  (:class:`ContentsSummary`), :func:`read_summary` only counts.
- :func:`restore_then_open` puts a backup in place of the base and opens it once, so that an
  older backup is migrated there and then. It is the one way to restore: the window's menu,
  the "base endommagée" dialog and ``pea-desktop restore`` all use it.

Failures raise :class:`~pea_desktop.services.database_errors.BackupError` (or another
:class:`~pea_desktop.services.database_errors.DatabaseOpenError`) with a French message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pea_desktop.store.backup import (
    backup_at_close,
    backup_if_due,
    check_backup,
    export_database,
    make_backup,
    newest_good_backup,
    restore_backup,
)
from pea_desktop.store.backup_catalog import (
    BackupInfo,
    BackupKind,
    ContentsSummary,
    list_backups,
    read_summary,
)
from pea_desktop.store.base_integrity import check_base_integrity
from pea_desktop.store.cipher import db_errors
from pea_desktop.store.database import open_database
from pea_desktop.store.errors import DamagedDatabaseError
from pea_desktop.store.integrity import (
    check_integrity,
    damaged_error,
    integrity_problems,
    only_indexes,
    reindex,
)

__all__ = [
    "BackupInfo",
    "BackupKind",
    "ContentsSummary",
    "Restored",
    "backup_at_close",
    "backup_if_due",
    "check_backup",
    "check_base_integrity",
    "check_integrity",
    "describe_backup",
    "export_database",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "read_summary",
    "repair_database",
    "restore_then_open",
]

UNREADABLE = "illisible (sauvegarde endommagée)"


def describe_backup(path: Path) -> str:
    """What a backup holds, in French ("1 234 activités, 12 bénévoles..."), or that it is
    unreadable: never raises for a damaged file."""
    try:
        return read_summary(path).describe()
    except db_errors():
        return UNREADABLE


@dataclass(frozen=True)
class Restored:
    """A restore that went through: the base now holds ``contents``."""

    backup: Path  # the copy put in place
    contents: ContentsSummary  # what the restored base holds
    kept: Path | None  # the copy kept of the replaced base (None if there was no base)


def restore_then_open(backup: Path, database: Path, *, now: datetime | None = None) -> Restored:
    """Replace ``database`` by ``backup``, then open it once to bring it up to this version.

    The caller must have closed its own connections to ``database`` (see
    ``Database.release_connections``) and should hold the instance lock (the window does; a
    command takes :func:`~pea_desktop.services.database.acquire_instance_lock`). The replaced
    base, even damaged, is first kept in the backup folder. The base is closed again on return:
    a window that had it open keeps using its own handle, which reconnects to the new file.

    Raises :class:`~pea_desktop.services.database_errors.DatabaseOpenError` (a bad backup, a
    full disk, a migration that fails...) with a French message.
    """
    kept = restore_backup(backup, database, now=now)
    open_database(database).close()  # an older backup is migrated now, not at some later start
    return Restored(backup=backup, contents=read_summary(database), kept=kept)


def repair_database(database: Path) -> Path | None:
    """Rebuild the damaged indexes of ``database`` after a backup; return that backup.

    None when the base was sound (nothing done). Raises
    :class:`~pea_desktop.services.database_errors.DamagedDatabaseError` when the damage is not
    only in indexes, or is still there after rebuilding them: then only a restore helps. The
    caller holds the instance lock (nobody else may write meanwhile).
    """
    problems = integrity_problems(database)
    if not problems:
        return None
    if not only_indexes(problems):
        raise damaged_error(database, problems)
    backup = make_backup(database, BackupKind.BEFORE_REPAIR)
    remaining = reindex(database)
    if remaining:
        error = damaged_error(database, remaining)
        raise DamagedDatabaseError(
            database,
            f"La réparation n'a pas suffi ({len(remaining)} anomalie(s) restent). "
            f"Restaurez une sauvegarde ; la base telle qu'elle était est gardée dans {backup}.",
            details=error.details,
        )
    return backup
