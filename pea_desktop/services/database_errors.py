"""Why a database cannot be used: the errors the window and the commands explain.

Every failure to open, check, lock, migrate, back up or restore a base raises a
:class:`DatabaseOpenError` (or one of its subclasses below) whose ``message`` is the French
sentence to show, ``title`` the heading of the message box and ``remedies`` the ways out that
make sense (:class:`Remedy`). ``ui`` and ``commands`` name these classes from here, never from
the store.

This module is deliberately light (it loads no SQLAlchemy): the command line and the crash
handler import it before any database is opened, without slowing the start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pea_desktop.store.errors import (
    BackupError,
    DamagedDatabaseError,
    DamagedIndexError,
    DatabaseLockedError,
    DatabaseOpenError,
    DiskFullError,
    MigrationError,
    NewerDatabaseError,
    NotADatabaseError,
    PassphraseError,
    ReadOnlyLocationError,
    Remedy,
    ServerOnlyError,
    ServerPasswordError,
    ServerUnavailableError,
)

if TYPE_CHECKING:  # the address class loads SQLAlchemy: not at start-up
    from pea_desktop.store.location import ServerAddress


def database_failure(
    location: Path | ServerAddress, exc: BaseException
) -> DatabaseOpenError | None:
    """The French error for a failure while using the base at ``location`` (a file, or a
    server address), or None when ``exc`` is not a database or system error (a bug: the
    caller lets it through).

    Never includes the SQL statement or its parameters (row data).
    """
    if not isinstance(location, Path):
        return _server_failure(location, exc)
    import sqlite3

    cause = getattr(exc, "orig", None)
    if not isinstance(exc, (sqlite3.Error, OSError)) and not isinstance(cause, sqlite3.Error):
        return None
    from pea_desktop.store.database import translate_failure  # loads SQLAlchemy: only now

    return translate_failure(Path(location).expanduser().absolute(), exc)


def _server_failure(address: ServerAddress, exc: BaseException) -> DatabaseOpenError | None:
    import psycopg
    from sqlalchemy.exc import DBAPIError

    from pea_desktop.store.server import translate_server_error

    if not isinstance(exc, (DBAPIError, psycopg.Error, OSError)):
        return None
    return translate_server_error(address, exc)


__all__ = [
    "BackupError",
    "DamagedDatabaseError",
    "DamagedIndexError",
    "DatabaseLockedError",
    "DatabaseOpenError",
    "DiskFullError",
    "MigrationError",
    "NewerDatabaseError",
    "NotADatabaseError",
    "PassphraseError",
    "ReadOnlyLocationError",
    "Remedy",
    "ServerOnlyError",
    "ServerPasswordError",
    "ServerUnavailableError",
    "database_failure",
]
