"""Encryption at rest: SQLCipher (``sqlcipher3``) connections to a base protected by a passphrase.

An encrypted base is a SQLCipher 4 file: every page, the header included, is encrypted with a
key derived from the passphrase (PBKDF2-HMAC-SHA512), and authenticated (HMAC), so a wrong
passphrase is told apart from damage. The passphrase is never stored: the process keeps it in
memory (:func:`remember_passphrase`) once the base opened with it, so that backups, restores and
checks of that base's copies work without asking again. Plain bases keep using ``sqlite3``;
``sqlcipher3`` is imported only when a passphrase is in play (start-up stays light).
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

from pea_desktop.store.file_check import HEADER_SIZE, looks_encrypted, read_only_uri

_passphrases: dict[str, str] = {}


class PassphraseError(sqlite3.DatabaseError):
    """An encrypted file and no passphrase that opens it (missing or wrong)."""

    def __init__(self, path: Path, missing: bool) -> None:
        super().__init__(f"{path}: passphrase {'missing' if missing else 'wrong'}")
        self.path = path
        self.missing = missing


def db_errors() -> tuple[type[Exception], ...]:
    """The DB-API errors a connection may raise: sqlite3's, and SQLCipher's once loaded."""
    module = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error, module.Error) if module is not None else (sqlite3.Error,)


_encrypted: dict[str, bool] = {}  # bases opened by this process, by absolute path


def _key(path: Path) -> str:
    return str(Path(path).expanduser().absolute())


def remember_passphrase(path: Path, passphrase: str) -> None:
    _passphrases[_key(path)] = passphrase


def forget_passphrase(path: Path) -> None:
    _passphrases.pop(_key(path), None)


def passphrase_for(path: Path) -> str | None:
    return _passphrases.get(_key(path))


def note_encryption(path: Path, encrypted: bool) -> None:
    """Record what a base opened by this process is, so that it is never read again directly.

    Reading a base's file with ``open()`` while this process has SQLite connections to it would
    be fatal: closing that file releases every POSIX lock the process holds on it, SQLite's
    included, and another process could then write over pages being written (a damaged base).
    """
    _encrypted[_key(path)] = encrypted


def opened_here(path: Path) -> bool:
    """Whether this process opened the base at ``path`` (then never read it with ``open()``)."""
    return _key(path) in _encrypted


def file_is_encrypted(path: Path) -> bool:
    """Whether ``path`` is a SQLCipher file: known for a base this process opened (see
    :func:`note_encryption`), else read from its first bytes (a file nobody here has open)."""
    known = _encrypted.get(_key(path))
    if known is not None:
        return known
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(HEADER_SIZE)
        return looks_encrypted(header, Path(path).stat().st_size)
    except OSError:
        return False


def quote(passphrase: str) -> str:
    """``passphrase`` as an SQL string literal (PRAGMA takes no bound parameters)."""
    return "'" + passphrase.replace("'", "''") + "'"


def connect_unkeyed(target: str, **kwargs: Any) -> Any:
    """A SQLCipher connection to ``target`` (a path or a ``file:`` URI), its key not yet set
    (the SQLAlchemy dialect sets it from the URL's password)."""
    import sqlcipher3

    connection = sqlcipher3.connect(target, **kwargs)
    # SQLCipher logs decryption failures on stderr: the caller says it in French instead.
    connection.execute("PRAGMA cipher_log_level = NONE")
    return connection


def connect_with_key(target: str, passphrase: str, **kwargs: Any) -> Any:
    """A SQLCipher connection to ``target`` keyed with ``passphrase`` (checked at first read)."""
    connection = connect_unkeyed(target, **kwargs)
    connection.execute(f"PRAGMA key = {quote(passphrase)}")
    return connection


def key_fits(connection: Any) -> bool:
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except db_errors():
        return False
    return True


def open_file(
    path: Path, *, read_only: bool = True, passphrases: list[str] | None = None
) -> tuple[Any, str | None]:
    """A DB-API connection to an existing base or backup, plain or encrypted, and the
    passphrase that opened it (None for a plain file).

    For an encrypted file, the passphrases tried are ``passphrases``, then the one remembered
    for ``path``, then every one remembered in this process (a backup has its base's).
    Raises :class:`PassphraseError` when none fits.
    """
    uri = read_only_uri(path) if read_only else f"{Path(path).resolve().as_uri()}?mode=rw"
    if not file_is_encrypted(path):
        return sqlite3.connect(uri, uri=True), None
    candidates = [*(passphrases or [])]
    own = passphrase_for(path)
    candidates += [p for p in ([own] if own else []) + list(_passphrases.values())]
    tried: set[str] = set()
    for passphrase in candidates:
        if passphrase in tried:
            continue
        tried.add(passphrase)
        connection = connect_with_key(uri, passphrase, uri=True)
        if key_fits(connection):
            return connection, passphrase
        with suppress(Exception):
            connection.close()
    raise PassphraseError(Path(path), missing=not tried)


def _table_counts(connection: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
    }


def rewrite(path: Path, *, old: str | None, new: str, target: Path) -> None:
    """Write ``target``: the base or backup ``path`` (opened with ``old``, None when plain)
    encrypted with ``new``, then check that it opens with ``new``, is sound and holds the same
    rows. ``path`` itself is not touched; no connection to it may be open.

    Raises :class:`PassphraseError` when ``old`` does not open ``path``, or a DB-API error.
    """
    source, used = open_file(path, read_only=True, passphrases=[old] if old else [])
    if old is None and used is not None:
        source.close()
        raise PassphraseError(path, missing=True)
    try:
        if used is None:  # plain: read it through SQLCipher, which reads plain files too
            source.close()
            source = connect_unkeyed(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        before = _table_counts(source)
        version = source.execute("PRAGMA user_version").fetchone()[0]
        target.unlink(missing_ok=True)
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY {quote(new)}", (str(target),))
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    check = connect_with_key(str(target), new)
    try:
        if not key_fits(check):
            raise PassphraseError(target, missing=False)
        result = [row[0] for row in check.execute("PRAGMA integrity_check").fetchall()]
        after = _table_counts(check)
    finally:
        check.close()
    if result != ["ok"] or after != before:
        raise sqlite3.DatabaseError(f"encrypted copy of {path.name} differs from its source")
