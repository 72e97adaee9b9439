"""Open (create, check, migrate) the SQLite database and hand out sessions.

The database is bound at start-up, never at import, so tests and ``--db`` choose the file. A base
on a PostgreSQL server is opened by :mod:`pea_desktop.store.server` into the same
:class:`Database` handle.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import QueuePool

from pea_desktop.domain.concurrency import stale_message
from pea_desktop.domain.errors import StaleRecordError
from pea_desktop.domain.os_errors import describe_os_error
from pea_desktop.paths import backup_dir_for
from pea_desktop.store import audit, cipher, errors, revisions
from pea_desktop.store.backup import OWNER_ONLY, backup_before_migration
from pea_desktop.store.file_check import RESTORE_HINT, check_database_file
from pea_desktop.store.instance_lock import lock_path_for
from pea_desktop.store.location import ServerAddress
from pea_desktop.store.revisions import known_revisions

# Waiting for another writer: short while opening (a window is told at once that the base is
# taken), then long enough for another program's import or save to end (issue 13).
OPEN_WAIT_MS = 2000
LOCK_WAIT_SECONDS = 20
_UNIT_OF_WORK = threading.local()  # set while a Database.session() block runs in this thread


@dataclass
class Database:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    read_only: bool = False
    encrypted: bool = False  # SQLCipher, opened with a passphrase (kept in memory only)
    # A base on a PostgreSQL server: then ``path`` is a local folder standing for it (settings
    # keys, attachments), never a database file; file backups and checks do not apply.
    server: ServerAddress | None = None

    @property
    def on_server(self) -> bool:
        return self.server is not None

    @property
    def label(self) -> str:
        """How titles and messages name the base: its file, or ``user@host:port/base``."""
        return self.server.label if self.server is not None else str(self.path)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed at the end of the block, rolled back on any error.

        It takes the write lock when it begins (``BEGIN IMMEDIATE``), waiting up to
        LOCK_WAIT_SECONDS for another writer: a transaction that read first and wrote later
        would otherwise fail at once when another process wrote in between. Every flush is
        written in the audit trail (store/audit.py). A row another transaction changed after
        this one read it (optimistic locking: its ``version`` moved) fails the flush: that is
        a :class:`StaleRecordError`, told in French, and nothing is written.
        """
        depth = getattr(_UNIT_OF_WORK, "depth", 0)
        _UNIT_OF_WORK.depth = depth + 1
        try:
            with self.sessions.begin() as session:
                yield session
        except StaleDataError as exc:
            raise StaleRecordError(stale_message(_stale_table(str(exc)))) from exc
        finally:
            _UNIT_OF_WORK.depth = depth

    def release_connections(self) -> None:
        """Close every pooled connection; the handle stays usable (new ones open on demand).

        Needed before the file is replaced (restore): no connection may stay on the old file.
        """
        self.engine.dispose()

    def close(self) -> None:
        """Done with the base: its connections are closed (the file is left as it is)."""
        self.release_connections()

    def adopt(self, other: Database) -> None:
        """Use ``other``'s connections from now on (the same file, reopened after it was
        encrypted): whoever holds this handle keeps working without knowing."""
        self.release_connections()
        self.engine, self.sessions = other.engine, other.sessions
        self.encrypted, self.read_only = other.encrypted, other.read_only
        self.server = other.server


def _stale_table(message: str) -> str:
    """The table SQLAlchemy names in a StaleDataError ("... on table 'activity' expected ...")."""
    found = re.search(r"table '([a-z_]+)'", message)
    return found.group(1) if found else ""


AUDIT_KEY = audit.PENDING  # importing store.audit installs its flush listeners (every session)


def open_database(
    path: Path | str,
    *,
    create: bool = True,
    read_only: bool = False,
    passphrase: str | None = None,
) -> Database:
    """Open ``path``, creating it (owner-only) when missing, checking and migrating it.

    An encrypted base needs its ``passphrase`` (or one remembered for ``path`` in this
    process); a new base given a passphrase is created encrypted. Raises a
    :class:`errors.DatabaseOpenError` subclass with a French explanation
    (:class:`errors.PassphraseError` for a missing or wrong passphrase).
    """
    path = Path(path).expanduser().absolute()
    passphrase = passphrase or cipher.passphrase_for(path)
    is_new = not path.exists()
    if is_new:
        if not create or read_only:
            raise errors.DatabaseOpenError(path, f"Le fichier {path} n'existe pas.")
        _create_empty_file(path)
    elif not check_database_file(path, read_only):
        passphrase = None  # a plain base opens as it is, whatever was remembered
    elif passphrase is None:
        raise errors.passphrase_error(path, missing=True)

    engine = _make_engine(path, read_only, passphrase)
    wait = {"ms": OPEN_WAIT_MS}

    def _busy_timeout(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={wait['ms']}")

    event.listen(engine, "connect", _busy_timeout)
    try:
        with engine.connect() as connection:
            _quick_check(connection, path)
            current = _current_revision(connection, path, is_new)
            # From now on, a write waits for another writer up to LOCK_WAIT_SECONDS: this
            # pooled connection now, later ones through the listener.
            wait["ms"] = LOCK_WAIT_SECONDS * 1000
            connection.exec_driver_sql(f"PRAGMA busy_timeout={wait['ms']}")
        _migrate_if_needed(engine, path, current, read_only)
        if not read_only:
            _restrict_permissions(path)
    except DBAPIError as exc:
        engine.dispose()
        _forget_new(path, is_new)
        raise _translate(path, exc, encrypted=passphrase is not None) from exc
    except BaseException:
        engine.dispose()
        _forget_new(path, is_new)
        raise
    cipher.note_encryption(path, passphrase is not None)  # never read from the file again
    if passphrase is not None:
        cipher.remember_passphrase(path, passphrase)  # for its backups and restores
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Database(
        path=path,
        engine=engine,
        sessions=sessions,
        read_only=read_only,
        encrypted=passphrase is not None,
    )


def _create_empty_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY))
    except PermissionError as exc:
        raise errors.ReadOnlyLocationError(
            path,
            f"Impossible de créer la base dans {path.parent} : le dossier est protégé en "
            "écriture. Choisissez un autre emplacement.",
        ) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise errors.DiskFullError(
                path, f"Le disque est plein : impossible de créer {path}."
            ) from exc
        raise errors.DatabaseOpenError(
            path, f"Impossible de créer {path} : {describe_os_error(exc)}."
        ) from exc


def _make_engine(path: Path, read_only: bool, passphrase: str | None = None) -> Engine:
    mode = "ro" if read_only else "rw"
    uri = f"{path.as_uri()}?mode={mode}"
    if read_only and not os.access(path.parent, os.W_OK) and not Path(f"{path}-shm").exists():
        # A WAL database in a read-only folder (CD, locked share) cannot get its -shm index:
        # nobody can write there, so reading it as immutable is safe.
        uri += "&immutable=1"

    if passphrase is None:

        def connect() -> Any:
            # Opened in "rw" mode: an existing file is never silently replaced by an empty one.
            return sqlite3.connect(
                uri, uri=True, check_same_thread=False, timeout=OPEN_WAIT_MS / 1000
            )

        engine = create_engine(f"sqlite:///{path}", creator=connect)
    else:

        def connect() -> Any:
            return cipher.connect_unkeyed(
                uri, uri=True, check_same_thread=False, timeout=OPEN_WAIT_MS / 1000
            )

        # The SQLCipher dialect, so that SQLCipher's errors are SQLAlchemy's DBAPIError too.
        # Each new connection derives the key again (slow on purpose): keep a pool of them.
        url = URL.create("sqlite+pysqlcipher", password=passphrase, database=str(path))
        engine = create_engine(url, creator=connect, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself, so that DDL (migrations) is transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={OPEN_WAIT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A unit of work (Database.session) takes the write lock first: see its docstring.
        # Only the outermost one: a unit of work opened inside another, in the same thread,
        # would wait for the lock its own thread holds.
        immediate = not read_only and getattr(_UNIT_OF_WORK, "depth", 0) == 1
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _quick_check(connection: Any, path: Path) -> None:
    rows = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check").fetchall()]
    if rows != ["ok"]:
        problems = [line for row in rows for line in str(row).splitlines() if "***" not in line]
        count = len(problems) or 1
        raise errors.DamagedDatabaseError(
            path,
            f"La base {path.name} est endommagée : le contrôle d'intégrité a relevé {count} "
            f"anomalie{'s' if count > 1 else ''}. {RESTORE_HINT}",
            details="\n".join(problems),
        )


def _current_revision(connection: Any, path: Path, is_new: bool) -> str | None:
    tables = {
        row[0]
        for row in connection.execute(
            text("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        )
    }
    if "alembic_version" in tables:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision:
            return str(revision)
        if tables - {"alembic_version"}:
            # Tables but no schema number: migrating "from nothing" would fail half-way, and
            # no copy would be made first (issue 13). Said as it is, with the way out.
            raise errors.DamagedDatabaseError(
                path,
                f"La base {path.name} a perdu le numéro de version de son schéma (table "
                "alembic_version vide) : elle ne peut pas être mise à jour sans risque et n'a "
                f"pas été modifiée. {RESTORE_HINT}",
            )
        return None
    if tables:
        raise errors.NotADatabaseError(
            path, f"Le fichier {path.name} est une base SQLite, mais pas une base PEA Desktop."
        )
    return None


def _migrate_if_needed(engine: Engine, path: Path, current: str | None, read_only: bool) -> None:
    shipped = known_revisions()
    head = shipped[-1]
    if current == head:
        return
    if current is not None and current not in shipped:
        raise errors.NewerDatabaseError(
            path,
            f"La base {path.name} a été créée par une version plus récente de PEA Desktop "
            f"(schéma {current}, cette version connaît jusqu'au schéma {head}). "
            "Installez la dernière version du logiciel pour l'ouvrir.",
        )
    if read_only:
        raise errors.MigrationError(
            path, "Cette base doit être mise à jour, ce qui est impossible en lecture seule."
        )
    if current is not None:
        try:
            backup_before_migration(path, current)
        except errors.BackupError as exc:
            raise errors.MigrationError(
                path,
                f"La base {path.name} doit être mise à jour, mais la copie de sécurité préalable "
                f"a échoué : {exc.message} La base n'a pas été modifiée.",
            ) from exc
    run_migrations(engine, path)


def run_migrations(engine: Engine, path: Path, target: str = "head") -> None:
    """Upgrade in one transaction: a failure leaves the database exactly as it was."""
    from alembic import command  # imported only when a migration is due: faster start-up
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(revisions.MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    except DBAPIError as exc:
        translated = _translate(path, exc)
        if type(translated) is not errors.DatabaseOpenError:
            translated.message += " La base n'a pas été mise à jour ni modifiée."
            translated.args = (translated.message,)
            raise translated from exc
        raise _migration_failed(path, exc) from exc
    except Exception as exc:
        raise _migration_failed(path, exc) from exc


def _migration_failed(path: Path, exc: Exception) -> errors.MigrationError:
    cause = getattr(exc, "orig", None) or exc
    detail = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    copied = (
        "une copie a été faite avant la mise à jour"
        if any(backup_dir_for(path).glob(f"{path.stem}-*-avant-migration-*.sqlite3"))
        else "aucune copie n'a été nécessaire"
    )
    return errors.MigrationError(
        path,
        f"La mise à jour de la base {path.name} a échoué ({detail}). "
        f"La base n'a pas été modifiée ; {copied}.",
    )


def delete_database_files(path: Path) -> None:
    """Delete a base the user never used (set-up cancelled right after creating it), closed,
    with its journal files: an empty base left behind would be opened again next time."""
    _forget_new(Path(path), True)


def _forget_new(path: Path, is_new: bool) -> None:
    """A base that could not be created leaves no empty file behind (it would look damaged)."""
    if is_new:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _restrict_permissions(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            os.chmod(candidate, OWNER_ONLY)


def translate_failure(path: Path, exc: BaseException) -> errors.DatabaseOpenError:
    """A failure while using an open base, told in French without the SQL or its values.

    The statement and parameters SQLAlchemy attaches to its errors hold row data (names,
    notes): they go to no message, only the database's own short reason does.
    """
    cause = getattr(exc, "orig", None) or exc
    message = str(cause).lower()
    if "locked" in message or "busy" in message:
        return errors.DatabaseLockedError(
            path,
            f"La base {path.name} est occupée par {lock_holder(path)} depuis plus de "
            f"{LOCK_WAIT_SECONDS} secondes : rien n'a été enregistré. Réessayez quand "
            "l'opération en cours sera finie.",
        )
    if isinstance(cause, cipher.db_errors()) or isinstance(exc, DBAPIError):
        return _translate(path, cause)
    return errors.DatabaseOpenError(
        path, f"Erreur en écrivant dans {path.name} : {describe_os_error(exc)}."
    )


def lock_holder(path: Path) -> str:
    """Who holds the base, as far as can be told (the window writes its pid in the lock)."""
    try:
        pid = lock_path_for(path).read_text(encoding="ascii").strip()
    except OSError:
        pid = ""
    if pid.isdigit():
        return f"une autre fenêtre ou commande de PEA Desktop (processus {pid})"
    return "une autre commande ou fenêtre de PEA Desktop, ou un autre programme"


def _translate(
    path: Path, exc: DBAPIError | BaseException, *, encrypted: bool = False
) -> errors.DatabaseOpenError:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    message = str(orig).lower()
    if encrypted and "not a database" in message:
        # SQLCipher authenticates every page: a key that fails on the first one is wrong.
        return errors.passphrase_error(path, missing=False)
    if "locked" in message or "busy" in message:
        return errors.DatabaseLockedError(
            path,
            f"La base {path.name} est verrouillée par un autre programme (une autre copie de "
            "PEA Desktop ou un outil SQLite). Fermez-le puis réessayez, ou ouvrez-la en "
            "lecture seule.",
        )
    if "malformed" in message or "corrupt" in message:
        return errors.DamagedDatabaseError(
            path,
            f"La base {path.name} est endommagée : sa structure interne est illisible. "
            f"{RESTORE_HINT}",
            details=str(orig),
        )
    if "not a database" in message:
        return errors.DamagedDatabaseError(
            path,
            f"La base {path.name} est endommagée ou n'est pas une base de données. {RESTORE_HINT}",
            details=str(orig),
        )
    if "disk is full" in message or "disk full" in message or _disk_nearly_full(path):
        return errors.DiskFullError(
            path,
            f"Le disque où se trouve {path.name} est plein : libérez de la place "
            "(corbeille, téléchargements) puis réessayez.",
        )
    if "readonly" in message or "read-only" in message:
        return errors.ReadOnlyLocationError(
            path, f"La base {path.name} ne peut pas être modifiée (lecture seule)."
        )
    if "unable to open" in message:
        return errors.DatabaseOpenError(
            path,
            f"Impossible d'ouvrir {path.name} : le fichier ou son dossier est inaccessible "
            "(clé USB retirée, disque réseau déconnecté, droits insuffisants ?).",
        )
    if "disk i/o error" in message:
        return errors.DatabaseOpenError(
            path,
            f"Erreur de lecture ou d'écriture du disque où se trouve {path.name} (support "
            "retiré, disque réseau coupé ou défaillant ?). Vérifiez-le puis réessayez.",
            details=str(orig),
        )
    detail = (str(orig).strip().splitlines() or ["erreur inconnue"])[0]
    return errors.DatabaseOpenError(path, f"Impossible d'ouvrir {path.name} : {detail}.")


FULL_BELOW_BYTES = 1024 * 1024


def _disk_nearly_full(path: Path) -> bool:
    """SQLite often says "disk I/O error" when the disk is full (creating its -wal, -shm)."""
    try:
        return shutil.disk_usage(path.parent).free < FULL_BELOW_BYTES
    except OSError:
        return False
