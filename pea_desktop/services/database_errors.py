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
    ReadOnlyLocationError,
    Remedy,
)

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
    "ReadOnlyLocationError",
    "Remedy",
]
