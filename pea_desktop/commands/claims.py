"""``pea-desktop claims prepare`` and ``pea-desktop print claims`` (docs/command-line.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pea_desktop.domain.formatting import month_label, of_month
from pea_desktop.reports.claim_batch import claim_batch_pdf
from pea_desktop.services.backups import check_integrity
from pea_desktop.services.claims.documents import month_batch
from pea_desktop.services.claims.workflow import antenna_id_for, parse_month, prepare_month
from pea_desktop.services.database import open_database
from pea_desktop.services.output_files import (
    database_and_backups,
    refuse_overwriting,
    write_bytes_atomically,
)


def run_prepare(args: argparse.Namespace) -> int:
    """One draft claim per volunteer with unclaimed expenses in the month; twice is harmless."""
    year, month = parse_month(args.month)
    db = open_database(args.db, create=False)
    try:
        antenna_id = antenna_id_for(db, args.antenna)
        report = prepare_month(db, year, month, antenna_id)
    finally:
        db.close()
    print(f"{month_label(year, month, capital=True)} : {report.summary()}")
    for number in report.created:
        print(f"  nouvelle note {number}")
    for number in report.completed:
        print(f"  brouillon complété {number}")
    return 0


def run_print(args: argparse.Namespace) -> int:
    """The treasurer's slip and every claim form of the month, in one PDF."""
    year, month = parse_month(args.month)
    refuse_overwriting(args.output, *database_and_backups(args.db))
    db = open_database(args.db, create=False)
    try:
        check_integrity(db.path)  # a damaged index would print wrong claims
        antenna_id = antenna_id_for(db, args.antenna)
        batch = month_batch(db, year, month, antenna_id)
    finally:
        db.close()
    write_bytes_atomically(Path(args.output), claim_batch_pdf(batch))
    count = len(batch.forms)
    print(
        f"{count} note(s) de frais {of_month(year, month)} et leur bordereau "
        f"écrits dans {args.output}."
    )
    return 0
