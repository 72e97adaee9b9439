"""``pea-desktop claims prepare|approve|waive|sepa`` and ``print claims`` (docs/command-line.md)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pea_desktop.domain.claims import ClaimStatus
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_euros, month_label, of_month
from pea_desktop.domain.plurals import plural
from pea_desktop.reports.claim_batch import claim_batch_pdf
from pea_desktop.services.backups import check_base_integrity
from pea_desktop.services.claims.documents import month_batch
from pea_desktop.services.claims.sepa import SepaFile, cancel_batch, confirm_batch, prepare_transfer
from pea_desktop.services.claims.workflow import (
    antenna_id_for,
    approve_claims,
    claims_of_month,
    parse_month,
    prepare_month,
    volunteer_id_for,
    waive_claim,
)
from pea_desktop.services.database import Database, open_database
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
        check_base_integrity(db)  # a damaged index would print wrong claims
        antenna_id = antenna_id_for(db, args.antenna)
        batch = month_batch(db, year, month, antenna_id)
    finally:
        db.close()
    write_bytes_atomically(Path(args.output), claim_batch_pdf(batch))
    count = len(batch.forms)
    print(
        f"{plural(count, 'note de frais', 'notes de frais')} {of_month(year, month)} "
        f"et leur bordereau écrits dans {args.output}."
    )
    return 0


def _volunteer_id(db: Database, name: str | None, antenna_id: int | None) -> int | None:
    return None if name is None else volunteer_id_for(db, name, antenna_id)


def run_approve(args: argparse.Namespace) -> int:
    """Approve the month's open claims (drafts submitted first), all or nothing."""
    year, month = parse_month(args.month)
    db = open_database(args.db, create=False)
    try:
        antenna_id = antenna_id_for(db, args.antenna)
        volunteer_id = _volunteer_id(db, args.volunteer, antenna_id)
        ids = claims_of_month(db, year, month, antenna_id, volunteer_id)
        if not ids:
            print(f"{month_label(year, month, capital=True)} : aucune note ouverte à approuver.")
            return 0
        numbers = approve_claims(db, ids)
    finally:
        db.close()
    print(
        f"{month_label(year, month, capital=True)} : "
        f"{plural(len(numbers), 'note approuvée', 'notes approuvées')}."
    )
    for number in numbers:
        print(f"  {number}")
    return 0


def run_waive(args: argparse.Namespace) -> int:
    """The volunteer gives up the month's claim: it is waived and its tax receipt issued."""
    year, month = parse_month(args.month)
    db = open_database(args.db, create=False)
    try:
        volunteer_id = volunteer_id_for(db, args.volunteer)
        ids = claims_of_month(
            db,
            year,
            month,
            volunteer_id=volunteer_id,
            statuses=(ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED),
        )
        if not ids:
            raise BadInputError(
                f"{args.volunteer} n'a aucune note {of_month(year, month)} à abandonner "
                "(préparez-la d'abord : pea-desktop claims prepare)."
            )
        receipts = [waive_claim(db, claim_id) for claim_id in ids]
    finally:
        db.close()
    for number in receipts:
        print(f"Abandon de frais constaté : reçu fiscal {number} émis.")
    return 0


def run_sepa(args: argparse.Namespace) -> int:
    """The month's SEPA transfer file; its claims become paid once the treasurer confirms."""
    year, month = parse_month(args.month)
    output = Path(args.output)
    refuse_overwriting(output, *database_and_backups(args.db))
    db = open_database(args.db, create=False)
    try:
        antenna_id = antenna_id_for(db, args.antenna)
        transfer = prepare_transfer(db, year, month, antenna_id)
        try:
            write_bytes_atomically(output, transfer.xml)
        except BadInputError:
            cancel_batch(db, transfer.batch_id)
            raise
        confirmed = _confirm_if_asked(db, transfer)
    finally:
        db.close()
    print(f"Virement SEPA {transfer.message_id} écrit dans {output} : {transfer.summary()}.")
    for line in transfer.lines:
        amount = format_euros(line.amount)
        print(f"  {line.claim_number}  {line.volunteer}  {line.iban_masked}  {amount}")
    for reason in transfer.left_out:
        print(f"  non inclus : {reason}")
    if not confirmed:
        print(
            "Transmettez le fichier à la banque : ses notes resteront approuvées, et seront "
            "marquées payées une fois le virement confirmé."
        )
    return 0


def _confirm_if_asked(db: Database, transfer: SepaFile) -> bool:
    """At a terminal, the treasurer may confirm at once; scripts confirm later in the window."""
    if not sys.stdin.isatty():
        return False
    answer = input(
        "La banque a-t-elle accepté le virement ? Les notes seront marquées payées [o/N] "
    )
    if answer.strip().lower() not in ("o", "oui"):
        return False
    paid = confirm_batch(db, transfer.batch_id, date.today())
    print(f"{plural(len(paid), 'note marquée payée', 'notes marquées payées')}.")
    return True
