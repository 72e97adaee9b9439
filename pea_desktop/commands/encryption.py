"""``pea-desktop encrypt`` (docs/command-line.md), and the passphrase of an encrypted base for
every command: read from ``PEA_DESKTOP_PASSPHRASE`` or asked at the terminal, never an argument
(arguments show in the process list and the shell history)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.database import acquire_instance_lock, remember_passphrase
from pea_desktop.services.encryption import (
    PASSPHRASE_HELP,
    change_passphrase,
    check_new_passphrase,
    encrypt_database,
    is_encrypted,
)

PASSPHRASE_VARIABLE = "PEA_DESKTOP_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "PEA_DESKTOP_NEW_PASSPHRASE"


def _ask(prompt: str, variable: str) -> str:
    given = os.environ.get(variable)
    if given:
        return given
    if not sys.stdin.isatty():
        raise BadInputError(
            f"Phrase secrète requise : donnez-la dans la variable d'environnement {variable} "
            "(jamais en argument de la commande), ou lancez la commande dans un terminal."
        )
    try:
        return getpass.getpass(prompt)
    except EOFError as exc:
        raise BadInputError("Aucune phrase secrète saisie : rien n'a été fait.") from exc


def _ask_new(variable: str) -> str:
    if os.environ.get(variable):
        passphrase = os.environ[variable]
        check_new_passphrase(passphrase)
        return passphrase
    if sys.stdin.isatty():
        print(f"Phrase secrète : {PASSPHRASE_HELP}", file=sys.stderr)
    passphrase = _ask("Nouvelle phrase secrète : ", variable)
    check_new_passphrase(passphrase)
    check_new_passphrase(passphrase, _ask("Confirmez-la : ", variable))
    return passphrase


def provide_passphrase(database: Path) -> None:
    """Before a command opens ``database``: if it is encrypted, get its passphrase."""
    if is_encrypted(database):
        remember_passphrase(
            database, _ask(f"Phrase secrète de {database.name} : ", PASSPHRASE_VARIABLE)
        )


def run_encrypt(args: argparse.Namespace) -> int:
    database = Path(args.db).expanduser().absolute()
    if args.change:
        old = _ask(f"Phrase secrète actuelle de {database.name} : ", PASSPHRASE_VARIABLE)
        new = _ask_new(NEW_PASSPHRASE_VARIABLE)
        with acquire_instance_lock(database):
            result = change_passphrase(database, old, new)
        print(f"Phrase secrète de {database.name} changée. {result.describe()}")
        return 0
    if is_encrypted(database):
        raise BadInputError(
            f"La base {database.name} est déjà chiffrée. Pour changer sa phrase secrète : "
            "pea-desktop encrypt --change (nouvelle phrase dans PEA_DESKTOP_NEW_PASSPHRASE "
            "ou au clavier)."
        )
    passphrase = _ask_new(PASSPHRASE_VARIABLE)
    with acquire_instance_lock(database):
        result = encrypt_database(database, passphrase)
    print(result.describe())
    return 0
