"""``server``: a base on a PostgreSQL server (preparation, accounts, copying bases)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pea_desktop.cli_parsers.options import SubParsers, location, subcommands


def add_server_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        dest="db_after",
        type=location,
        default=argparse.SUPPRESS,
        metavar="postgresql://ADMIN@SERVEUR:PORT/BASE",
        help="la base sur le serveur, en administrateur (mot de passe : PGPASSWORD, ~/.pgpass "
        "ou demandé)",
    )
    parser.set_defaults(db_required=True)


def add_server(sub: SubParsers) -> None:
    server = sub.add_parser(
        "server", help="base sur un serveur PostgreSQL : préparation, comptes, copie de bases"
    )
    server_sub = subcommands(server, "what")
    module = "pea_desktop.commands.server"
    init = server_sub.add_parser(
        "init",
        help="préparer la base : schéma, extensions, rôles de groupe, droits (sans risque "
        "si relancée)",
    )
    add_server_db(init)
    init.set_defaults(handler=f"{module}:run_init")
    account = server_sub.add_parser("account", help="comptes des coordinateurs et de la fédération")
    account_sub = subcommands(account, "action")
    add = account_sub.add_parser(
        "add",
        help="créer un compte (mot de passe demandé deux fois, ou PEA_DESKTOP_ACCOUNT_PASSWORD)",
    )
    add.add_argument("login", metavar="IDENTIFIANT", help="identifiant de connexion au serveur")
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--antenna",
        action="append",
        metavar="CODE",
        help="antenne que le compte voit et modifie (répétable)",
    )
    who.add_argument(
        "--federation",
        action="store_true",
        help="compte de la fédération : les chiffres de toutes les antennes, aucun nom",
    )
    add_server_db(add)
    add.set_defaults(handler=f"{module}:run_account_add")
    listing = account_sub.add_parser("list", help="lister les comptes et leurs antennes")
    add_server_db(listing)
    listing.set_defaults(handler=f"{module}:run_account_list")
    remove = account_sub.add_parser(
        "remove", help="supprimer un compte (ses données restent dans la base)"
    )
    remove.add_argument("login", metavar="IDENTIFIANT", help="le compte à supprimer")
    remove.add_argument("--yes", action="store_true", help="confirmer sans question")
    add_server_db(remove)
    remove.set_defaults(handler=f"{module}:run_account_remove")
    _add_server_transfer(server_sub)


def _add_server_transfer(server_sub: SubParsers) -> None:
    """``server import`` / ``server export``: moving a base to and from the server."""
    module = "pea_desktop.commands.server_transfer"
    imp = server_sub.add_parser(
        "import", help="copier une base locale (fichier SQLite) dans la base du serveur"
    )
    imp.add_argument("file", type=Path, metavar="FICHIER", help="la base locale à copier")
    add_server_db(imp)
    imp.add_argument(
        "--replace-association",
        action="store_true",
        help="remplacer les paramètres de l'association du serveur par ceux du fichier",
    )
    imp.set_defaults(handler=f"{module}:run_import")
    exp = server_sub.add_parser(
        "export", help="copier des antennes du serveur dans un nouveau fichier SQLite"
    )
    add_server_db(exp)
    exp.add_argument(
        "--antenna",
        action="append",
        required=True,
        metavar="CODE",
        help="code d'une antenne à copier (répétez l'option pour plusieurs)",
    )
    exp.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FICHIER.sqlite3",
        help="le nouveau fichier (jamais écrasé)",
    )
    exp.set_defaults(handler=f"{module}:run_export")
