"""``print``: the PDF documents (claims, summary, tax receipts, attestation)."""

from __future__ import annotations

from pathlib import Path

from pea_desktop.cli_parsers.options import (
    SubParsers,
    add_antenna,
    add_db,
    add_month,
    add_year,
    subcommands,
)


def add_print(sub: SubParsers) -> None:
    """``print claims|summary|receipts|attestation``."""
    printing = sub.add_parser("print", help="imprimer en PDF")
    print_sub = subcommands(printing, "what")
    print_claims = print_sub.add_parser("claims", help="notes de frais du mois et bordereau")
    add_db(print_claims, required=True)
    add_month(print_claims, help="le mois des notes (AAAA-MM)")
    add_antenna(print_claims)
    print_claims.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pdf", help="le PDF à écrire"
    )
    print_claims.set_defaults(handler="pea_desktop.commands.claims:run_print")
    summary = print_sub.add_parser("summary", help="bilan d'activité")
    add_db(summary, required=True)
    add_year(
        summary,
        required=False,
        help="l'année du bilan (AAAA) ; facultative avec --month AAAA-MM",
    )
    period = summary.add_mutually_exclusive_group()
    period.add_argument(
        "--quarter", type=int, choices=(1, 2, 3, 4), metavar="N", help="un trimestre, 1 à 4"
    )
    add_month(
        period,
        required=False,
        old_number_too=True,
        help="un mois (AAAA-MM ; l'ancienne forme MM reste acceptée avec --year)",
    )
    add_antenna(summary)
    summary.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pdf", help="le PDF à écrire"
    )
    summary.set_defaults(handler="pea_desktop.commands.summary:run")
    receipts = print_sub.add_parser(
        "receipts", help="reçus fiscaux de l'année et totaux à déclarer"
    )
    add_db(receipts, required=True)
    receipts.add_argument("--year", type=int, required=True, metavar="AAAA", help="année")
    receipts.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pdf", help="fichier écrit"
    )
    receipts.set_defaults(handler="pea_desktop.commands.documents:run_receipts")
    attestation = print_sub.add_parser(
        "attestation", help="attestation de bénévolat d'une personne pour l'année"
    )
    add_db(attestation, required=True)
    attestation.add_argument("--year", type=int, required=True, metavar="AAAA", help="année")
    attestation.add_argument(
        "--volunteer", required=True, metavar="« Prénom Nom »", help="bénévole"
    )
    attestation.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pdf", help="fichier écrit"
    )
    attestation.set_defaults(handler="pea_desktop.commands.documents:run_attestation")
