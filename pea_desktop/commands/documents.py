"""``pea-desktop print receipts`` and ``print attestation`` (docs/command-line.md)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from pea_desktop.domain.formatting import format_euros, with_de
from pea_desktop.domain.plurals import plural
from pea_desktop.reports.attestation_pdf import attestation_pdf
from pea_desktop.reports.tax_receipt import receipts_book_pdf
from pea_desktop.services.claims.documents import year_receipts
from pea_desktop.services.claims.workflow import volunteer_id_for
from pea_desktop.services.database import open_database
from pea_desktop.services.organisation.attestations import volunteer_attestation
from pea_desktop.services.output_files import (
    database_and_backups,
    refuse_overwriting,
    write_bytes_atomically,
)


def run_receipts(args: argparse.Namespace) -> int:
    """The year's tax receipts, after the list and the totals the association declares."""
    output = Path(args.output)
    refuse_overwriting(output, *database_and_backups(args.db))
    db = open_database(args.db, create=False)
    try:
        listing, forms = year_receipts(db, args.year)
    finally:
        db.close()
    write_bytes_atomically(output, receipts_book_pdf(listing, forms, date.today()))
    count = plural(len(listing.issued), "reçu fiscal valable", "reçus fiscaux valables")
    print(f"{args.year} : {count} pour {format_euros(listing.total)}, écrits dans {output}.")
    return 0


def run_attestation(args: argparse.Namespace) -> int:
    """A volunteer's attestation of activity for the year."""
    output = Path(args.output)
    refuse_overwriting(output, *database_and_backups(args.db))
    db = open_database(args.db, create=False)
    try:
        volunteer_id = volunteer_id_for(db, args.volunteer)
        attestation = volunteer_attestation(db, volunteer_id, args.year)
    finally:
        db.close()
    write_bytes_atomically(output, attestation_pdf(attestation))
    print(
        f"Attestation de bénévolat {args.year} {with_de(attestation.volunteer_name)} "
        f"({plural(attestation.activities, 'activité')}) écrite dans {output}."
    )
    return 0
