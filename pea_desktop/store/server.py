"""Open a base on a PostgreSQL server (psycopg 3) into the same :class:`Database` handle.

The schema is the one the migrations build on SQLite, brought to head here under an advisory
lock (two windows opening a new server base at once must not both migrate it). There is no
file backup before a migration: a server's backups are its administrator's ``pg_dump``
(docs/server.md). Connection problems are told in French, without the SQL or its values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from pea_desktop.store import errors
from pea_desktop.store.database import Database, run_migrations
from pea_desktop.store.location import ServerAddress
from pea_desktop.store.revisions import known_revisions

CONNECT_TIMEOUT_SECONDS = 10
MIGRATION_LOCK = 7_467_001  # pg_advisory_lock key: "PEA" + 1, held while migrating
APPLICATION_NAME = "PEA Desktop"
# Passwords typed in this process, by address: kept in memory only, never written anywhere.
_PASSWORDS: dict[ServerAddress, str] = {}


def remember_password(address: ServerAddress, password: str) -> None:
    """Use ``password`` for ``address`` from now on in this process (a prompt's answer)."""
    _PASSWORDS[address] = password


def open_server_database(
    address: ServerAddress,
    *,
    password: str | None = None,
    create: bool = True,
    read_only: bool = False,
) -> Database:
    """Connect to ``address``, check its schema and migrate it to head (``create`` lets an
    empty base get the schema). Raises a :class:`errors.DatabaseOpenError` subclass.

    Without ``password``, one given earlier in this process for the same address is used, else
    libpq's own sources (``PGPASSWORD``, ``PGPASSFILE``, ``~/.pgpass``).
    """
    password = password or _PASSWORDS.get(address)
    engine = make_server_engine(address, password=password, read_only=read_only)
    try:
        with engine.connect() as connection:
            current = _current_revision(connection, address, create)
        if current != known_revisions()[-1]:
            _migrate(engine, address, current, read_only)
    except DBAPIError as exc:
        engine.dispose()
        raise translate_server_error(address, exc) from exc
    except BaseException:
        engine.dispose()
        raise
    if password is not None:
        _PASSWORDS[address] = password  # for this address's other connections in the process
    return Database(
        path=address.local_folder(),
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        read_only=read_only,
        server=address,
    )


def make_server_engine(
    address: ServerAddress, *, password: str | None = None, read_only: bool = False
) -> Engine:
    url = address.url if password is None else address.url.set(password=password)
    connect_args: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "application_name": APPLICATION_NAME,
    }
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    # pre_ping: a laptop that slept or lost the network gets a fresh connection, not an error.
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def _current_revision(connection: Any, address: ServerAddress, create: bool) -> str | None:
    has_version = connection.execute(text("SELECT to_regclass('alembic_version')")).scalar()
    if has_version is not None:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision:
            return str(revision)
    tables = connection.execute(
        text(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name <> 'alembic_version'"
        )
    ).scalar_one()
    if tables:
        raise errors.NotADatabaseError(
            address.local_folder(),
            f"La base {address.label} contient déjà des tables, mais ce n'est pas une base "
            "PEA Desktop : choisissez une base vide ou une base PEA Desktop.",
        )
    if not create:
        raise errors.DatabaseOpenError(
            address.local_folder(),
            f"La base {address.label} est vide : elle n'a pas encore été préparée pour "
            "PEA Desktop (commande « pea-desktop server init », voir docs/server.md).",
        )
    return None


def _migrate(engine: Engine, address: ServerAddress, current: str | None, read_only: bool) -> None:
    shipped = known_revisions()
    if current is not None and current not in shipped:
        raise errors.NewerDatabaseError(
            address.local_folder(),
            f"La base {address.label} a été mise à jour par une version plus récente de "
            f"PEA Desktop (schéma {current}) : installez la dernière version pour l'ouvrir.",
        )
    if read_only:
        raise errors.MigrationError(
            address.local_folder(),
            f"La base {address.label} doit être mise à jour, ce qui est impossible en lecture "
            "seule.",
        )
    # A session-level advisory lock on its own connection: whoever migrates first holds it,
    # the other waits, then finds the base at head (Alembic reads the version again).
    with engine.connect() as guard:
        guard.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            run_migrations(engine, address.local_folder())
        finally:
            guard.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            guard.commit()


def translate_server_error(address: ServerAddress, exc: BaseException) -> errors.DatabaseOpenError:
    """A connection or server failure told in French (never the statement or its values)."""
    cause = getattr(exc, "orig", None) or exc
    message = str(cause).lower()
    where = address.label
    folder = address.local_folder()
    if "no password supplied" in message or "password authentication failed" in message:
        missing = "no password supplied" in message
        return errors.ServerPasswordError(
            folder,
            f"Le serveur demande le mot de passe de {address.user or 'cet utilisateur'} pour "
            f"{where}."
            if missing
            else f"Mot de passe refusé par le serveur pour {address.user or 'cet utilisateur'} "
            f"({where}). Vérifiez-le et réessayez.",
            missing=missing,
        )
    if "does not exist" in message and "database" in message:
        return errors.DatabaseOpenError(
            folder,
            f"La base « {address.database} » n'existe pas sur le serveur {address.host}. "
            "Vérifiez son nom, ou demandez à l'administrateur de la créer (docs/server.md).",
        )
    if "role" in message and "does not exist" in message:
        return errors.ServerPasswordError(
            folder,
            f"L'utilisateur « {address.user} » n'existe pas sur le serveur {address.host}.",
            missing=False,
        )
    if "permission denied" in message or "insufficient privilege" in message:
        return errors.DatabaseOpenError(
            folder,
            f"Droits insuffisants sur {where} : l'opération demandée n'est pas permise à "
            f"{address.user or 'cet utilisateur'}.",
        )
    if any(
        marker in message
        for marker in ("connection refused", "could not connect", "timeout", "timed out")
    ) or ("connection" in message and "failed" in message):
        return errors.ServerUnavailableError(
            folder,
            f"Le serveur {address.host} (port {address.port}) ne répond pas : vérifiez la "
            "connexion au réseau, l'adresse du serveur, puis réessayez.",
        )
    detail = (str(cause).strip().splitlines() or ["erreur inconnue"])[0]
    return errors.DatabaseOpenError(folder, f"Erreur du serveur pour {where} : {detail}.")
