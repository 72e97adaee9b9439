"""Command line (docs/command-line.md): opens the window, or runs a headless command.

Modules behind each command are imported only when that command runs, so that opening the
window pays for nothing else.

Everything the user reads is French, argparse's own words included (usage line, section
titles, ``-h``, error messages). ``--db`` is read before or after the command; when it is given
at both places with two different files the command is refused, never run on the wrong base.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pea_desktop import __version__
from pea_desktop.cli_parsers import (
    backups,
    claims,
    data_protection,
    exchange,
    federation,
    printing,
    server,
    setup,
)
from pea_desktop.cli_parsers.options import location, subcommands
from pea_desktop.domain.errors import BadInputError
from pea_desktop.french_argparse import EXIT_BAD_INPUT, FrenchArgumentParser

EXIT_OK, EXIT_FAILURE = 0, 1
WINDOW_HANDLER = "pea_desktop.ui.app:run"
# The window asks for the passphrase itself; `encrypt` reads its passphrases itself.
NO_PASSPHRASE_HANDLERS = {WINDOW_HANDLER, "pea_desktop.commands.encryption:run_encrypt"}
# Commands about a base's file, refused for a base on a server (its administrator's pg_dump).
FILE_ONLY_HANDLERS = {
    "pea_desktop.commands.backup:run_backup": "backup",
    "pea_desktop.commands.backup:run_restore": "restore",
    "pea_desktop.commands.backup:run_repair": "repair",
    "pea_desktop.commands.encryption:run_encrypt": "encrypt",
}


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="pea-desktop",
        description="PEA Desktop : activité, notes de frais et bilans des antennes. "
        "Sans commande, ouvre la fenêtre.",
        epilog="« pea-desktop COMMANDE --help » décrit les options de chaque commande.",
    )
    parser.add_argument(
        "--db",
        type=location,
        metavar="BASE",
        help="fichier de la base, ou base sur un serveur "
        "postgresql://utilisateur@serveur:port/base, avant ou après la commande "
        "(par défaut : pea.sqlite3 dans le dossier de données ; le mot de passe du serveur "
        "vient de PGPASSWORD, de PGPASSFILE ou est demandé, jamais dans l'adresse)",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"pea-desktop {__version__}",
        help="afficher la version de PEA Desktop et quitter",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="ouvrir la fenêtre puis quitter dès que tout est affiché (installateurs, CI)",
    )
    parser.set_defaults(handler="pea_desktop.ui.app:run", db_required=False)
    sub = subcommands(parser, "command", required=False)
    # In the order ``--help`` lists them.
    setup.add_setup(sub)  # demo, import
    claims.add_claims(sub)
    setup.add_association(sub)
    printing.add_print(sub)
    federation.add_export(sub)
    federation.add_federation(sub)
    data_protection.add_data_protection(sub)  # encrypt, retention, history, volunteer
    exchange.add_exchange(sub)
    server.add_server(sub)
    backups.add_backups(sub)  # backup, restore, repair
    return parser


def _merge_db(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """One ``args.db`` from ``--db`` before and/or after the command; refuse a conflict."""
    before: Any = args.db  # a Path or a ServerAddress
    after: Any = getattr(args, "db_after", None)
    if before is not None and after is not None and before != after:
        parser.error(
            "--db donné deux fois avec deux bases différentes "
            f"({_named(before)} et {_named(after)}) : "
            "indiquez-le une seule fois."
        )
    args.db = after if after is not None else before
    if args.db is None and args.db_required:
        parser.error("l'option --db BASE est obligatoire pour cette commande")


def _named(location: Any) -> str:
    """A file path as given, a server address by its label (``user@host:port/base``)."""
    return str(getattr(location, "label", location))


def _resolve(handler: str) -> Callable[[argparse.Namespace], int]:
    module_name, _, function = handler.partition(":")
    return getattr(importlib.import_module(module_name), function)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:  # usage mistakes end in SystemExit(2) from argparse, after printing the usage
        args = parser.parse_args(argv)
    except BadInputError as exc:  # a bad --month or --year value
        print(f"pea-desktop : {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _merge_db(parser, args)
    args.db_given = args.db is not None  # the window then opens the base used last time
    if args.db is None:
        from pea_desktop.paths import default_database_path

        args.db = default_database_path()
    from pea_desktop.services.database_errors import DatabaseOpenError

    try:
        if isinstance(args.db, Path):
            if args.handler not in NO_PASSPHRASE_HANDLERS:
                from pea_desktop.commands.encryption import provide_passphrase

                provide_passphrase(args.db)  # an encrypted base: from the environment or asked
        elif args.handler in FILE_ONLY_HANDLERS:
            from pea_desktop.commands.server_login import refuse_file_only_command

            refuse_file_only_command(args.db, FILE_ONLY_HANDLERS[args.handler])
        elif args.handler != WINDOW_HANDLER:  # the window asks for the password itself
            from pea_desktop.commands.server_login import run_with_password

            return run_with_password(args.db, lambda: int(_resolve(args.handler)(args) or 0))
        return int(_resolve(args.handler)(args) or EXIT_OK)
    except (BadInputError, DatabaseOpenError) as exc:
        print(f"pea-desktop : {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:
        from pea_desktop.services.database_errors import database_failure

        failure = database_failure(args.db, exc)
        if failure is None:
            raise
        # The French reason only: SQLAlchemy's text would print the row data it was writing.
        print(f"pea-desktop : {failure.message}", file=sys.stderr)
        return EXIT_FAILURE
