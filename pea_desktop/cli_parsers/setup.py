"""``demo``, ``import`` and ``association``: filling a base and describing the association."""

from __future__ import annotations

from pathlib import Path

from pea_desktop.cli_parsers.options import SubParsers, add_db, subcommands
from pea_desktop.french_argparse import FrenchArgumentParser


def add_setup(sub: SubParsers) -> None:
    """``demo`` and ``import``: a base filled with fictitious data or from spreadsheets."""
    demo = sub.add_parser("demo", help="remplir une base avec des données fictives réalistes")
    add_db(demo, required=True)
    demo.add_argument(
        "--antennas", type=int, default=4, metavar="N", help="nombre d'antennes, 1 à 50 (4)"
    )
    demo.add_argument(
        "--years", type=int, default=3, metavar="N", help="années d'historique, 1 à 30 (3)"
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="N",
        help="graine du hasard : même graine, mêmes données (1)",
    )
    demo.set_defaults(handler="pea_desktop.commands.demo:run")

    imp = sub.add_parser("import", help="importer un tableur CSV")
    imp_sub = subcommands(imp, "what")
    for what, label in (("activities", "activités"), ("volunteers", "bénévoles")):
        p = imp_sub.add_parser(what, help=f"importer des {label}")
        p.add_argument(
            "file", type=Path, metavar="FICHIER.csv", help=f"le tableur des {label}, en CSV"
        )
        add_db(p, required=True)
        p.set_defaults(handler=f"pea_desktop.commands.imports:run_{what}")


def add_association(sub: SubParsers) -> None:
    """``association set``: identity, status, bank account and signatory."""
    association = sub.add_parser("association", help="l'association elle-même")
    association_sub = association.add_subparsers(
        dest="what", required=True, parser_class=FrenchArgumentParser
    )
    assoc_set = association_sub.add_parser(
        "set", help="identité, statut, compte bancaire et signataire de l'association"
    )
    add_db(assoc_set, required=True)
    for option, metavar, text in (
        ("--name", "TEXTE", "nom de l'association"),
        ("--address", "TEXTE", "adresse (rue)"),
        ("--postal-code", "CP", "code postal"),
        ("--city", "VILLE", "commune"),
        ("--purpose", "TEXTE", "objet (imprimé sur les reçus fiscaux)"),
        ("--status", "TEXTE", "qualité de l'organisme : interet_general, utilite_publique…"),
    ):
        assoc_set.add_argument(option, metavar=metavar, help=text)
    identifier = assoc_set.add_mutually_exclusive_group()
    identifier.add_argument("--rna", metavar="W…", help="numéro RNA (W et 9 chiffres)")
    identifier.add_argument("--siren", metavar="NNNNNNNNN", help="numéro SIREN (9 chiffres)")
    assoc_set.add_argument("--iban", metavar="IBAN", help="IBAN du compte qui rembourse")
    assoc_set.add_argument("--bic", metavar="BIC", help="BIC de ce compte")
    assoc_set.add_argument("--signatory", metavar="« Prénom Nom »", help="signataire des reçus")
    assoc_set.add_argument(
        "--signatory-role", metavar="TEXTE", help="fonction du ou de la signataire"
    )
    assoc_set.set_defaults(handler="pea_desktop.commands.association:run_set")
