"""Options every command group shares (``--db``, ``--month``, ``--year``, ``--antenna``...)
and the value types that check them while parsing.

Nothing here imports more than the domain's dates and errors: the whole parser is built at
each start-up, the window's included.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TypeAlias

from pea_desktop.domain.dates import read_year_month, year_problem
from pea_desktop.domain.errors import BadInputError
from pea_desktop.french_argparse import FrenchArgumentParser

# What ``add_subparsers`` returns; the command groups add their commands to it.
SubParsers: TypeAlias = "argparse._SubParsersAction[FrenchArgumentParser]"


def subcommands(parser: argparse.ArgumentParser, dest: str, *, required: bool = True) -> Any:
    return parser.add_subparsers(
        dest=dest,
        required=required,
        parser_class=FrenchArgumentParser,
        title="commandes",
        metavar="COMMANDE",
    )


# --- the options many commands share


def add_db(parser: argparse.ArgumentParser, required: bool = False) -> None:
    """``--db BASE`` after the command. The top-level parser also reads it before the command;
    the two are merged in ``cli._merge_db`` (a subparser's default would otherwise silently
    replace the value given before the command)."""
    parser.add_argument(
        "--db",
        dest="db_after",
        type=location,
        default=argparse.SUPPRESS,
        metavar="BASE",
        help="fichier de la base, ou base sur un serveur postgresql://utilisateur@serveur:port/"
        "base (aussi accepté avant la commande)"
        + ("" if required else " ; par défaut : pea.sqlite3 dans le dossier de données"),
    )
    parser.set_defaults(db_required=required)


def location(text: str) -> Any:
    """A ``--db`` value: a file path, or a server address (``postgresql://…``, read with
    ``services.database.parse_location``; a password in it is refused). Server addresses load
    SQLAlchemy's URL parser, so only they import it."""
    if "://" not in text:
        return Path(text)
    from pea_desktop.services.database import parse_location

    return parse_location(text)


# Values are checked while parsing and refused with BadInputError (not argparse's error): the
# message names the option and the command exits 2 without the usage line, like every other
# bad value found by a command.


def year_value(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise BadInputError(f"--year : « {text} » n'est pas une année (AAAA).") from None
    if problem := year_problem(year):
        raise BadInputError(f"--year : {problem}")
    return year


def month_value(text: str) -> str:
    """A month ``AAAA-MM``, returned as that text (commands read it with ``parse_month``)."""
    try:
        year, month = read_year_month(text)
    except ValueError as exc:
        raise BadInputError(f"--month : {exc}") from None
    return f"{year:04d}-{month:02d}"


def month_or_old_number(text: str) -> str:
    """``AAAA-MM``, or the older ``MM`` alone (``print summary``), returned as ``MM``."""
    if text.strip().isdigit() and len(text.strip()) <= 2:
        month = int(text)
        if not 1 <= month <= 12:
            raise BadInputError(f"--month : « {text} » n'est pas un mois (AAAA-MM).")
        return f"{month:02d}"
    return month_value(text)


def add_year(
    parser: argparse.ArgumentParser, *, required: bool = True, help: str = "l'année (AAAA)"
) -> None:
    parser.add_argument("--year", type=year_value, required=required, metavar="AAAA", help=help)


def add_month(
    parser: Any,
    *,
    required: bool = True,
    help: str = "le mois (AAAA-MM, par exemple 2025-03)",
    old_number_too: bool = False,
) -> None:
    """``--month AAAA-MM``; ``old_number_too`` also accepts the older ``MM`` form."""
    kind = month_or_old_number if old_number_too else month_value
    parser.add_argument("--month", type=kind, required=required, metavar="AAAA-MM", help=help)


def add_antenna(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--antenna",
        required=required,
        metavar="CODE",
        help="le code de l'antenne (par exemple LYON)"
        + ("" if required else " ; par défaut : toutes les antennes"),
    )


def add_register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--register",
        type=Path,
        metavar="CLES.json",
        help="registre des clés des antennes (par défaut : cles-antennes.json dans le dossier "
        "de données)",
    )
