"""``export`` (federation, accounting) and ``federation`` (consolidation, antennas' keys)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pea_desktop.cli_parsers.options import (
    SubParsers,
    add_antenna,
    add_db,
    add_register,
    add_year,
    location,
    subcommands,
)


def add_export(sub: SubParsers) -> None:
    """``export federation|accounting``: an antenna's yearly files."""
    export = sub.add_parser("export", help="exporter")
    export_sub = subcommands(export, "what")
    federation = export_sub.add_parser("federation", help="export annuel pour la fédération")
    add_db(federation, required=True)
    add_year(federation, help="l'année exportée (AAAA)")
    add_antenna(federation, required=True)
    federation.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FICHIER.json",
        help="le fichier JSON à envoyer à la fédération",
    )
    federation.add_argument(
        "--xlsx", type=Path, metavar="FICHIER.xlsx", help="le même export en classeur Excel"
    )
    federation.set_defaults(handler="pea_desktop.commands.federation:run_export")
    accounting = export_sub.add_parser(
        "accounting", help="écritures comptables de l'année (CSV pour le logiciel comptable)"
    )
    add_db(accounting, required=True)
    accounting.add_argument("--year", type=int, required=True, metavar="AAAA", help="année")
    accounting.add_argument("--antenna", metavar="CODE", help="seulement cette antenne")
    accounting.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.csv", help="fichier écrit"
    )
    accounting.set_defaults(handler="pea_desktop.commands.accounting:run_export")


def add_federation(sub: SubParsers) -> None:
    """``federation consolidate|keys|accept-key``: the federation's side."""
    fed = sub.add_parser("federation", help="côté fédération")
    fed_sub = subcommands(fed, "what")
    consolidate = fed_sub.add_parser("consolidate", help="consolider les exports des antennes")
    consolidate.add_argument(
        "files",
        type=Path,
        nargs="*",
        metavar="FICHIER.json",
        help="les exports des antennes (sans fichier : lus sur le serveur donné par --db)",
    )
    add_year(
        consolidate,
        required=False,
        help="l'année consolidée (AAAA) ; par défaut : celle de la plupart des fichiers, ou "
        "l'année dernière sur un serveur",
    )
    consolidate.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="BILAN.pdf",
        help="le bilan national à écrire",
    )
    consolidate.add_argument(
        "--xlsx", type=Path, metavar="BILAN.xlsx", help="le même bilan en classeur Excel"
    )
    consolidate.add_argument(
        "--db",
        dest="db_after",
        type=location,
        default=argparse.SUPPRESS,
        metavar="BASE",
        help="la base de la fédération (liste des antennes attendues), ou une base sur un "
        "serveur (postgresql://federation@serveur:5432/base) d'où lire toutes les antennes",
    )
    consolidate.set_defaults(db_required=False)
    add_register(consolidate)
    consolidate.set_defaults(handler="pea_desktop.commands.federation:run_consolidate")
    fed_keys = fed_sub.add_parser("keys", help="registre des clés des antennes : les afficher")
    add_register(fed_keys)
    fed_keys.set_defaults(handler="pea_desktop.commands.federation:run_keys")
    accept = fed_sub.add_parser(
        "accept-key", help="accepter la nouvelle clé d'une antenne (empreinte vérifiée)"
    )
    accept.add_argument("antenna", metavar="CODE", help="code de l'antenne")
    accept.add_argument(
        "fingerprint",
        metavar="EMPREINTE",
        help="empreinte de la nouvelle clé, lue par l'antenne (pea-desktop export federation)",
    )
    add_register(accept)
    accept.set_defaults(handler="pea_desktop.commands.federation:run_accept_key")
