"""``encrypt``, ``retention``, ``history`` and ``volunteer``: protecting the sensitive base and
the personal data in it."""

from __future__ import annotations

from pathlib import Path

from pea_desktop.cli_parsers.options import SubParsers, add_db
from pea_desktop.french_argparse import FrenchArgumentParser


def add_data_protection(sub: SubParsers) -> None:
    """``encrypt``, ``retention``, ``history``, ``volunteer``."""
    encrypt = sub.add_parser(
        "encrypt",
        help="protéger la base par une phrase secrète (la créer chiffrée si elle n'existe pas)",
    )
    add_db(encrypt)
    encrypt.add_argument(
        "--change",
        action="store_true",
        help="changer la phrase secrète d'une base déjà chiffrée (actuelle dans "
        "PEA_DESKTOP_PASSPHRASE, nouvelle dans PEA_DESKTOP_NEW_PASSPHRASE, ou au clavier)",
    )
    encrypt.set_defaults(handler="pea_desktop.commands.encryption:run_encrypt")

    retention = sub.add_parser(
        "retention", help="conservation : purger les références de visite et notes anciennes"
    )
    retention_sub = retention.add_subparsers(
        dest="what", required=True, parser_class=FrenchArgumentParser
    )
    for what, text in (
        ("preview", "ce qui serait purgé aujourd'hui (rien n'est modifié)"),
        ("purge", "purger (aperçu sans --yes ; sauvegarde faite avant)"),
    ):
        p = retention_sub.add_parser(what, help=text)
        add_db(p, required=True)
        p.add_argument("--antenna", metavar="CODE", help="une antenne (par défaut : toutes)")
        if what == "purge":
            p.add_argument("--yes", action="store_true", help="confirmer la purge")
        p.set_defaults(handler=f"pea_desktop.commands.retention:run_{what}")
    keep = retention_sub.add_parser("set", help="durée de conservation d'une antenne")
    add_db(keep, required=True)
    keep.add_argument("--antenna", required=True, metavar="CODE", help="code de l'antenne")
    keep.add_argument(
        "--years", type=int, required=True, metavar="N", help="nombre d'années (1 à 10 ; 3)"
    )
    keep.set_defaults(handler="pea_desktop.commands.retention:run_set")

    history = sub.add_parser(
        "history", help="historique des modifications : qui a changé quoi, et quand"
    )
    add_db(history, required=True)
    history.add_argument(
        "--limit", type=int, default=50, metavar="N", help="nombre de lignes (50 par défaut)"
    )
    history.set_defaults(handler="pea_desktop.commands.history:run")

    volunteer = sub.add_parser("volunteer", help="données personnelles d'un bénévole")
    volunteer_sub = volunteer.add_subparsers(
        dest="what", required=True, parser_class=FrenchArgumentParser
    )
    export_data = volunteer_sub.add_parser(
        "export-data", help="exporter ses données (droit d'accès) en JSON"
    )
    add_db(export_data, required=True)
    export_data.add_argument(
        "--volunteer", required=True, metavar='"Prénom Nom"', help="le bénévole concerné"
    )
    export_data.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.json", help="fichier écrit"
    )
    export_data.set_defaults(handler="pea_desktop.commands.retention:run_export_data")
    erase = volunteer_sub.add_parser(
        "erase", help="effacer ses données personnelles à son départ (sauvegarde faite avant)"
    )
    add_db(erase, required=True)
    erase.add_argument(
        "--volunteer", required=True, metavar='"Prénom Nom"', help="le bénévole qui part"
    )
    erase.add_argument("--yes", action="store_true", help="confirmer l'effacement")
    erase.set_defaults(handler="pea_desktop.commands.retention:run_erase")
