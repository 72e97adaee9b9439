"""The administrator's set-up of a server base: ``server init`` and the accounts.

Each function opens the base as the administrator (migrating it to this version's schema),
does its work in one transaction and closes it. A refusal of the server (no CREATEROLE, not the
base's owner) is told in French; nothing is left half done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from pea_desktop.domain.errors import BadInputError
from pea_desktop.store import server_rights
from pea_desktop.store.location import ServerAddress, parse_location
from pea_desktop.store.revisions import known_revisions
from pea_desktop.store.server import open_server_database
from pea_desktop.store.server_rights import Account, check_login

T = TypeVar("T")


@dataclass(frozen=True)
class InitResult:
    label: str
    revision: str
    steps: list[str]


def server_address(location: Path | str | ServerAddress) -> ServerAddress:
    """``location`` as a server address, or a French refusal for a file."""
    target = location if isinstance(location, ServerAddress) else parse_location(location)
    if not isinstance(target, ServerAddress):
        raise BadInputError(
            f"« {location} » est un fichier : cette commande prépare une base sur un serveur "
            "PostgreSQL (--db postgresql://administrateur@serveur:5432/base)."
        )
    return target


@contextmanager
def _as_administrator(
    address: ServerAddress, password: str | None, *, create: bool
) -> Iterator[Connection]:
    db = open_server_database(address, password=password, create=create)
    try:
        with db.engine.begin() as connection:
            yield connection
    except DBAPIError as exc:
        raise BadInputError(_refusal(address, exc)) from exc
    finally:
        db.close()


def _refusal(address: ServerAddress, exc: DBAPIError) -> str:
    cause = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    lowered = cause.lower()
    who = address.user or "cet utilisateur"
    if "permission denied to create role" in lowered or "create role" in lowered:
        return (
            f"{who} n'a pas le droit de créer des rôles sur le serveur : l'administrateur de la "
            "base doit avoir l'attribut CREATEROLE (voir docs/server.md). Rien n'a été modifié."
        )
    if "must be owner" in lowered or "permission denied" in lowered:
        return (
            f"{who} n'a pas les droits d'administrateur sur {address.label} (il faut être le "
            f"propriétaire de la base). Rien n'a été modifié. Détail : {cause}"
        )
    return f"Le serveur a refusé l'opération sur {address.label} : {cause}. Rien n'a été modifié."


def _run(
    location: Path | str | ServerAddress,
    password: str | None,
    work: Callable[[Connection], T],
    *,
    create: bool = False,
) -> T:
    with _as_administrator(server_address(location), password, create=create) as connection:
        return work(connection)


def initialise_server(
    location: Path | str | ServerAddress, *, password: str | None = None
) -> InitResult:
    """Schema (migrations), extensions, group roles, grants, the federation's views.

    Idempotent: run it again after upgrading PEA Desktop to refresh the grants and views.
    """
    address = server_address(location)
    steps = _run(address, password, server_rights.initialise, create=True)
    return InitResult(address.label, known_revisions()[-1], steps)


def add_account(
    location: Path | str | ServerAddress,
    login: str,
    new_password: str,
    *,
    antennas: Sequence[str] = (),
    federation: bool = False,
    password: str | None = None,
) -> Account:
    """Create ``login`` (its password hashed here) for ``antennas`` or for the federation."""
    login = check_login(login)
    if len(new_password) < 8:
        raise BadInputError("Mot de passe trop court : 8 caractères au moins.")

    def work(connection: Connection) -> Account:
        verifier = server_rights.scram_verifier(connection, login, new_password)
        return server_rights.add_account(
            connection,
            login,
            password_verifier=verifier,
            antennas=antennas,
            federation=federation,
        )

    return _run(location, password, work)


def list_accounts(
    location: Path | str | ServerAddress, *, password: str | None = None
) -> list[Account]:
    return _run(location, password, server_rights.list_accounts)


def remove_account(
    location: Path | str | ServerAddress, login: str, *, password: str | None = None
) -> Account:
    return _run(location, password, lambda c: server_rights.remove_account(c, login))
