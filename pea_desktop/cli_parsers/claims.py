"""``claims``: preparing, approving, waiving and paying the monthly expense claims."""

from __future__ import annotations

from pathlib import Path

from pea_desktop.cli_parsers.options import (
    SubParsers,
    add_antenna,
    add_db,
    add_month,
    subcommands,
)


def add_claims(sub: SubParsers) -> None:
    """``claims prepare|approve|waive|sepa``."""
    claims = sub.add_parser("claims", help="notes de frais")
    claims_sub = subcommands(claims, "what")
    prepare = claims_sub.add_parser("prepare", help="préparer les notes de frais du mois")
    add_db(prepare, required=True)
    add_month(prepare, help="le mois des frais (AAAA-MM)")
    add_antenna(prepare)
    prepare.set_defaults(handler="pea_desktop.commands.claims:run_prepare")
    approve = claims_sub.add_parser(
        "approve", help="approuver les notes ouvertes du mois (les brouillons sont soumis avant)"
    )
    add_db(approve, required=True)
    approve.add_argument("--month", required=True, metavar="AAAA-MM", help="mois des notes")
    approve.add_argument("--antenna", metavar="CODE", help="seulement cette antenne")
    approve.add_argument(
        "--volunteer", metavar="« Prénom Nom »", help="seulement la note de ce ou cette bénévole"
    )
    approve.set_defaults(handler="pea_desktop.commands.claims:run_approve")
    waive = claims_sub.add_parser(
        "waive", help="abandon de frais : la note du mois devient un don, le reçu fiscal est émis"
    )
    add_db(waive, required=True)
    waive.add_argument("--month", required=True, metavar="AAAA-MM", help="mois de la note")
    waive.add_argument(
        "--volunteer", required=True, metavar="« Prénom Nom »", help="bénévole qui renonce"
    )
    waive.set_defaults(handler="pea_desktop.commands.claims:run_waive")
    sepa = claims_sub.add_parser(
        "sepa", help="virement SEPA (pain.001.001.03) des notes approuvées du mois"
    )
    add_db(sepa, required=True)
    sepa.add_argument("--month", required=True, metavar="AAAA-MM", help="mois des notes")
    sepa.add_argument("--antenna", metavar="CODE", help="seulement cette antenne")
    sepa.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.xml", help="fichier écrit"
    )
    sepa.set_defaults(handler="pea_desktop.commands.claims:run_sepa")
