"""The database, for the window and the commands: open it, hold it, lock it, close it.

This is the only way ``ui`` and ``commands`` reach the store (the import contract in
``pyproject.toml`` checks it). What to call:

- :func:`open_database` (``location``, ``create=True``, ``read_only=False``) opens a base,
  creating it when missing, checking it and migrating it to this version's schema (after a
  backup). It returns a :class:`Database`, the handle every service takes as its first
  argument. Use ``create=False`` in commands that only read an existing base. ``location`` is
  a file path or a server address (``postgresql://user@host:port/base``, see
  :func:`parse_location`); a server's password comes from ``password=``, one given earlier to
  :func:`remember_password_for`, or libpq's ``PGPASSWORD``/``PGPASSFILE``. On a server base,
  ``db.on_server`` is true and ``db.label`` names it (``db.path`` is then a local folder, not a
  file: see docs/server.md).
- :meth:`Database.session` is one unit of work (services use it, callers rarely need to);
  :meth:`Database.release_connections` drops the connections but keeps the handle usable;
  :meth:`Database.close` when done with the base.
- :func:`acquire_instance_lock` takes the operating-system lock that lets one program at a
  time write the base (the window, ``pea-desktop restore``); release the returned
  :class:`InstanceLock` with ``release()`` or a ``with`` block. Commands that only add rows do
  not need it.
- An encrypted base (SQLCipher) opens with ``open_database(path, passphrase=...)``, or with
  the passphrase given once to :func:`remember_passphrase` (the command line does so from
  ``PEA_DESKTOP_PASSPHRASE`` or a prompt); :func:`file_is_encrypted` tells such a file.
  Encrypting a base, changing its passphrase: :mod:`pea_desktop.services.encryption`.
- :func:`delete_database_files` deletes a base just created and left unused (closed first).
- Every problem raises a :class:`~pea_desktop.services.database_errors.DatabaseOpenError` with
  a French message: see :mod:`pea_desktop.services.database_errors`.

Backups, and restoring one, are in :mod:`pea_desktop.services.backups`.
"""

from __future__ import annotations

from pathlib import Path

from pea_desktop.store import database as _file_database
from pea_desktop.store.cipher import file_is_encrypted, remember_passphrase
from pea_desktop.store.database import Database, delete_database_files
from pea_desktop.store.instance_lock import InstanceLock, acquire_instance_lock
from pea_desktop.store.location import (
    SERVERS_FOLDER,
    ServerAddress,
    is_server_text,
    parse_location,
)
from pea_desktop.store.revisions import known_revisions
from pea_desktop.store.server import open_server_database
from pea_desktop.store.server import remember_password as remember_password_for


def open_database(
    location: Path | str | ServerAddress,
    *,
    create: bool = True,
    read_only: bool = False,
    passphrase: str | None = None,
    password: str | None = None,
) -> Database:
    """Open the base at ``location``: a SQLite file, or a base on a PostgreSQL server."""
    target = location if isinstance(location, ServerAddress) else parse_location(location)
    if isinstance(target, ServerAddress):
        return open_server_database(target, password=password, create=create, read_only=read_only)
    return _file_database.open_database(
        target, create=create, read_only=read_only, passphrase=passphrase
    )


def is_server_folder(path: Path) -> bool:
    """Whether ``path`` is the local folder standing for a server base (what a server base's
    ``db.path`` and its errors' ``path`` are), not a database file."""
    from pea_desktop.paths import data_dir

    return Path(path).parent == data_dir() / SERVERS_FOLDER


__all__ = [
    "SERVERS_FOLDER",
    "Database",
    "InstanceLock",
    "ServerAddress",
    "acquire_instance_lock",
    "delete_database_files",
    "file_is_encrypted",
    "is_server_folder",
    "is_server_text",
    "known_revisions",
    "open_database",
    "parse_location",
    "remember_passphrase",
    "remember_password_for",
]
