"""Copies of the database made with SQLite's online backup API (consistent even while open).

Automatic copies are made at close, before every migration and at most once a day while the
window is open; they rotate (see :mod:`backup_catalog`). Restoring first keeps a copy of the
database it replaces. Every file written here is readable by its owner only.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing, suppress
from datetime import datetime, timedelta
from pathlib import Path

from pea_desktop.domain.os_errors import describe_os_error
from pea_desktop.paths import backup_dir_for
from pea_desktop.store import cipher, errors
from pea_desktop.store.backup_catalog import (
    BackupInfo,
    BackupKind,
    ContentsSummary,
    backup_name,
    list_backups,
    prune_backups,
    read_summary,
)
from pea_desktop.store.file_check import HEADER_SIZE, check_header
from pea_desktop.store.integrity import check_integrity, damaged_error, integrity_problems
from pea_desktop.store.revisions import known_revisions

OWNER_ONLY = 0o600
DAILY = timedelta(days=1)
_ONE_AT_A_TIME = threading.Lock()


def backup_to(
    database: Path, destination: Path, *, before_replace: Callable[[], None] | None = None
) -> Path:
    """Write a consistent copy of ``database`` to ``destination`` (owner-only), atomically.

    ``before_replace`` runs just before the finished copy takes the destination's name.
    Raises :class:`errors.DiskFullError`, :class:`errors.BackupError` or
    :class:`errors.PassphraseError` (French message).
    """
    # One scratch name per process: two processes backing up at once (two imports) must not
    # delete each other's unfinished copy.
    partial = destination.with_name(f"{destination.name}.{os.getpid()}.part")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, OWNER_ONLY))
        source_connection, passphrase = cipher.open_file(database)
        # The copy of an encrypted base is encrypted with the same passphrase.
        target_connection = (
            sqlite3.connect(partial)
            if passphrase is None
            else cipher.connect_with_key(str(partial), passphrase)
        )
        with closing(source_connection) as source, closing(target_connection) as target:
            # A scratch file until renamed: no journal, no syncing until the one fsync below.
            target.execute("PRAGMA journal_mode=OFF")
            target.execute("PRAGMA synchronous=OFF")
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        _fsync(partial)
        if before_replace is not None:
            before_replace()
        os.replace(partial, destination)
        os.chmod(destination, OWNER_ONLY)
        _fsync_dir(destination.parent)
    except cipher.PassphraseError as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise errors.passphrase_error(database, missing=exc.missing) from exc
    except Exception as exc:
        # SQLCipher's errors are known only once it is loaded, hence the late test.
        if not isinstance(exc, (OSError, *cipher.db_errors())):
            raise
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise _backup_failure(database, destination, exc) from exc
    return destination


def make_backup(
    database: Path, kind: BackupKind, *, detail: str = "", now: datetime | None = None
) -> Path:
    """Back ``database`` up into its backup folder, then let the rotation drop old copies."""
    taken_at = (now or datetime.now()).replace(microsecond=0)
    folder = backup_dir_for(database)
    if not folder.exists():
        with suppress(OSError):  # backup_to explains the failure if the folder cannot be made
            folder.mkdir(mode=0o700, parents=True)
    destination = folder / backup_name(database, kind, taken_at, detail)
    with _ONE_AT_A_TIME:  # the daily copy runs in a thread; "save now" may come meanwhile
        backup_to(database, destination)
        prune_backups(database)
        _drop_abandoned_copies(folder)
    return destination


def _drop_abandoned_copies(folder: Path) -> None:
    """Unfinished copies left by a process killed while copying (kept an hour, in case)."""
    cutoff = time.time() - 3600
    for partial in folder.glob("*.sqlite3*.part"):
        with suppress(OSError):
            if partial.stat().st_mtime < cutoff:
                partial.unlink()


def backup_before_migration(database: Path, from_revision: str) -> Path:
    return make_backup(database, BackupKind.BEFORE_MIGRATION, detail=from_revision)


def backup_at_close(database: Path) -> Path:
    """The copy made when the window closes (every connection should be closed first)."""
    return make_backup(database, BackupKind.AT_CLOSE)


def backup_if_due(
    database: Path, *, now: datetime | None = None, interval: timedelta = DAILY
) -> Path | None:
    """The once-a-day copy: made only if no automatic, closing or manual copy is that recent.

    The base passes the full integrity check first (:class:`errors.DamagedIndexError` or
    :class:`errors.DamagedDatabaseError` otherwise): a copy of damaged indexes would rotate the
    good copies away (issue 13). The window runs it in a thread, so the check costs no wait.
    """
    now = now or datetime.now()
    routine = {BackupKind.AUTOMATIC, BackupKind.AT_CLOSE, BackupKind.MANUAL}
    latest = next((b for b in list_backups(database) if b.kind in routine), None)
    if latest is not None and now - latest.taken_at < interval:
        return None
    check_integrity(database)
    return make_backup(database, BackupKind.AUTOMATIC, now=now)


def export_database(database: Path, destination: Path) -> Path:
    """A consistent copy to a file the user chose (e.g. a USB stick), owner-only like the base."""
    return backup_to(database, destination)


def check_backup(backup: Path, *, subject: str = "La sauvegarde") -> ContentsSummary:
    """Check that ``backup`` is a sound PEA Desktop database this version can use.

    Raises :class:`errors.BackupError` with a French explanation ("<subject> <name> est
    endommagée...") otherwise.
    """

    def refuse(reason: str) -> errors.BackupError:
        return errors.BackupError(backup, f"{subject} {backup.name} {reason}")

    try:
        with backup.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        raise refuse(f"ne peut pas être lue ({describe_os_error(exc)}).") from exc
    encrypted = cipher.file_is_encrypted(backup)
    if not encrypted:
        try:
            check_header(backup, header, noun="sauvegarde", hint="Choisissez-en une autre.")
        except errors.DatabaseOpenError as exc:
            raise errors.BackupError(backup, exc.message) from exc
    try:
        # The full check: quick_check misses damaged indexes (issue 13).
        problems = integrity_problems(backup)
        if problems and subject == "La base":
            raise damaged_error(backup, problems, subject)
        if problems:
            count = len(problems)
            raise refuse(
                f"est endommagée ({count} anomalie{'s' if count > 1 else ''} au contrôle "
                "d'intégrité complet)."
            )
        summary = read_summary(backup)
    except cipher.PassphraseError as exc:
        raise errors.passphrase_error(backup, missing=exc.missing, subject=subject) from exc
    except cipher.db_errors() as exc:
        raise refuse(f"est endommagée ou illisible ({exc}).") from exc
    revisions = known_revisions()
    if summary.revision is None:
        raise refuse("n'est pas une base PEA Desktop.")
    if summary.revision not in revisions:
        raise refuse(
            f"vient d'une version plus récente de PEA Desktop (schéma {summary.revision})."
        )
    return summary


def newest_good_backup(database: Path) -> BackupInfo | None:
    """The most recent backup of ``database`` that passes :func:`check_backup`."""
    for backup in list_backups(database):
        try:
            check_backup(backup.path)
        except errors.BackupError:
            continue
        return backup
    return None


def restore_backup(backup: Path, database: Path, *, now: datetime | None = None) -> Path | None:
    """Replace ``database`` by ``backup``; return the copy kept of the replaced database.

    Every connection to ``database`` must be closed first (and no other instance may use it:
    see :mod:`instance_lock`). The replaced database, even damaged, is kept in the backup
    folder. The restored file is migrated at its next opening if it is older.
    """
    check_backup(backup)
    kept = _keep_replaced(database, now) if database.exists() else None

    def drop_old_journal() -> None:
        # The replaced database's WAL must not be replayed into the restored one.
        for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)

    backup_to(backup, database, before_replace=drop_old_journal)
    return kept


def _keep_replaced(database: Path, now: datetime | None) -> Path:
    taken_at = (now or datetime.now()).replace(microsecond=0)
    name = backup_name(database, BackupKind.BEFORE_RESTORE, taken_at)
    destination = backup_dir_for(database) / name
    try:
        return backup_to(database, destination)
    except errors.DiskFullError:
        raise
    except errors.BackupError:
        pass  # damaged: keep its bytes as they are, with its journal
    try:
        for suffix in ("", "-wal"):
            source = Path(f"{database}{suffix}")
            if source.exists():
                target = Path(f"{destination}{suffix}")
                shutil.copyfile(source, target)
                os.chmod(target, OWNER_ONLY)
    except OSError as exc:
        raise _backup_failure(database, destination, exc) from exc
    return destination


def _backup_failure(source: Path, destination: Path, exc: Exception) -> errors.DatabaseOpenError:
    text = str(exc).lower()
    if getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in text:
        return errors.DiskFullError(
            destination,
            f"Le disque est plein : impossible d'écrire {destination.name}. "
            "Libérez de la place puis réessayez.",
        )
    if isinstance(exc, PermissionError) or "readonly" in text:
        return errors.BackupError(
            destination,
            f"Impossible d'écrire dans {destination.parent} : le dossier est protégé en écriture.",
        )
    reason = describe_os_error(exc)
    return errors.BackupError(
        destination, f"La copie de {source.name} vers {destination} a échoué ({reason})."
    )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with suppress(OSError):
        _fsync(folder)
