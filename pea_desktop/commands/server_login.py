"""The command line and a base on a PostgreSQL server: its password, and the commands that
only make sense for a file.

The password never comes from the command line (it would stay in the shell history and the
process list): libpq reads ``PGPASSWORD`` or the ``PGPASSFILE`` file (``~/.pgpass`` by
default) itself; when the server still asks for one and the command runs in a terminal, it is
asked there (not echoed), kept in memory for this process only, and the command tried again
once.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.database import ServerAddress, remember_password_for
from pea_desktop.services.database_errors import ServerOnlyError, ServerPasswordError


def run_with_password(address: ServerAddress, command: Callable[[], int]) -> int:
    """Run ``command`` (which opens ``address``); when the server wants a password that libpq
    did not find, ask it at the terminal and run ``command`` once more."""
    try:
        return command()
    except ServerPasswordError as exc:
        if not exc.missing:
            raise
        if not sys.stdin.isatty():
            raise ServerPasswordError(
                exc.path,
                f"{exc.message} Donnez-le dans la variable d'environnement PGPASSWORD ou le "
                "fichier PGPASSFILE (~/.pgpass), jamais dans l'adresse ni en argument, ou "
                "lancez la commande dans un terminal.",
                missing=True,
            ) from exc
        remember_password_for(address, _ask(address))
    return command()


def _ask(address: ServerAddress) -> str:
    try:
        password = getpass.getpass(
            f"Mot de passe de {address.user or 'connexion'} pour {address.label} : "
        )
    except EOFError as exc:
        raise BadInputError("Aucun mot de passe saisi : rien n'a été fait.") from exc
    if not password:
        raise BadInputError("Aucun mot de passe saisi : rien n'a été fait.")
    return password


def refuse_file_only_command(address: ServerAddress, command: str) -> None:
    """``backup``, ``restore``, ``repair`` and ``encrypt`` work on a base's file; a base on a
    server is backed up (and restored, checked, protected) by its administrator."""
    raise ServerOnlyError(
        address.local_folder(),
        f"« pea-desktop {command} » concerne une base en fichier. La base {address.label} est "
        "sur un serveur PostgreSQL : elle est sauvegardée, restaurée et protégée par "
        "l'administrateur du serveur, avec pg_dump (voir docs/server.md).",
    )
