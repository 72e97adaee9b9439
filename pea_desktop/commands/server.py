"""``pea-desktop server init`` and ``server account add|list|remove`` (docs/server.md).

Passwords never come from the command line (it shows in the process list and the shell
history): the administrator's from ``PGPASSWORD``, ``PGPASSFILE``/``~/.pgpass`` or a prompt;
a new account's from ``PEA_DESKTOP_ACCOUNT_PASSWORD`` (scripts) or typed twice at the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.plurals import plural
from pea_desktop.services.database import ServerAddress
from pea_desktop.services.database_errors import ServerPasswordError
from pea_desktop.services.server.setup import (
    add_account,
    initialise_server,
    list_accounts,
    remove_account,
    server_address,
)

ACCOUNT_PASSWORD_VARIABLE = "PEA_DESKTOP_ACCOUNT_PASSWORD"
T = TypeVar("T")


def _location(args: argparse.Namespace) -> Path | ServerAddress:
    """``--db`` as the command line read it: a ServerAddress, or a Path (refused later)."""
    given = getattr(args, "db", None)
    if given is None or not getattr(args, "db_given", True):
        raise BadInputError(
            "Indiquez la base du serveur : --db postgresql://administrateur@serveur:5432/base"
        )
    return given if isinstance(given, ServerAddress) else Path(given)


def _prompt(text: str) -> str:
    if not sys.stdin.isatty():
        raise BadInputError("Mot de passe requis : lancez la commande dans un terminal.")
    try:
        return getpass.getpass(text)
    except EOFError as exc:
        raise BadInputError("Aucun mot de passe saisi : rien n'a été fait.") from exc


def _as_administrator(args: argparse.Namespace, work: Callable[[str | None], T]) -> T:
    """Run ``work(password)``: libpq's own password first, then one typed at the terminal."""
    try:
        return work(None)
    except ServerPasswordError as exc:
        if not exc.missing or not sys.stdin.isatty():
            raise
        address = server_address(_location(args))
        return work(
            _prompt(f"Mot de passe de {address.user or 'l’administrateur'} ({address.label}) : ")
        )


def _new_password(login: str) -> str:
    given = os.environ.get(ACCOUNT_PASSWORD_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise BadInputError(
            f"Mot de passe du compte {login} requis : donnez-le dans la variable "
            f"d'environnement {ACCOUNT_PASSWORD_VARIABLE} (jamais en argument), ou lancez la "
            "commande dans un terminal."
        )
    first = _prompt(f"Mot de passe du compte {login} (8 caractères au moins) : ")
    if _prompt("Confirmez-le : ") != first:
        raise BadInputError("Les deux mots de passe diffèrent : rien n'a été fait.")
    return first


def run_init(args: argparse.Namespace) -> int:
    location = _location(args)
    result = _as_administrator(
        args, lambda password: initialise_server(location, password=password)
    )
    print(f"Base {result.label} prête pour PEA Desktop (schéma {result.revision}).")
    for step in result.steps:
        print(f"  {step}")
    print("Ajoutez les comptes : pea-desktop server account add IDENTIFIANT --antenna CODE")
    return 0


def run_account_add(args: argparse.Namespace) -> int:
    location = _location(args)
    antennas = list(args.antenna or [])
    if bool(antennas) == bool(args.federation):
        raise BadInputError(
            "Indiquez soit une ou plusieurs antennes (--antenna CODE), soit --federation."
        )
    server_address(location)  # a file is refused before any password is asked
    password = _new_password(args.login)
    account = _as_administrator(
        args,
        lambda admin: add_account(
            location,
            args.login,
            password,
            antennas=antennas,
            federation=args.federation,
            password=admin,
        ),
    )
    if account.federation:
        print(f"Compte {account.login} créé : fédération (chiffres de toutes les antennes).")
    else:
        codes = ", ".join(account.antennas)
        print(
            f"Compte {account.login} créé : {plural(len(account.antennas), 'antenne')} ({codes})."
        )
    return 0


def run_account_list(args: argparse.Namespace) -> int:
    location = _location(args)
    accounts = _as_administrator(args, lambda admin: list_accounts(location, password=admin))
    if not accounts:
        print("Aucun compte sur cette base.")
        return 0
    for account in accounts:
        what = "fédération" if account.federation else "antennes " + ", ".join(account.antennas)
        missing = "" if account.exists_on_server else " (rôle absent du serveur)"
        print(f"{account.login} : {what}{missing}")
    return 0


def run_account_remove(args: argparse.Namespace) -> int:
    location = _location(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise BadInputError(
                f"Suppression du compte {args.login} non confirmée : ajoutez --yes."
            )
        answer = input(f"Supprimer le compte {args.login} et fermer ses connexions ? [o/N] ")
        if answer.strip().lower() not in ("o", "oui"):
            print("Rien n'a été supprimé.")
            return 0
    account = _as_administrator(
        args, lambda admin: remove_account(location, args.login, password=admin)
    )
    print(f"Compte {account.login} supprimé (ses données restent dans la base).")
    return 0
