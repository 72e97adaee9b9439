"""The database, for the window and the commands: open it, hold it, lock it, close it.

This is the only way ``ui`` and ``commands`` reach the store (the import contract in
``pyproject.toml`` checks it). What to call:

- :func:`open_database` (``path``, ``create=True``, ``read_only=False``) opens a base, creating
  it when missing, checking it and migrating it to this version's schema (after a backup). It
  returns a :class:`Database`, the handle every service takes as its first argument. Use
  ``create=False`` in commands that only read an existing base.
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

from pea_desktop.store.cipher import file_is_encrypted, remember_passphrase
from pea_desktop.store.database import Database, delete_database_files, open_database
from pea_desktop.store.instance_lock import InstanceLock, acquire_instance_lock
from pea_desktop.store.revisions import known_revisions

__all__ = [
    "Database",
    "InstanceLock",
    "acquire_instance_lock",
    "delete_database_files",
    "file_is_encrypted",
    "known_revisions",
    "open_database",
    "remember_passphrase",
]
