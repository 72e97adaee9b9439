"""``pea-desktop print summary --db PATH --year YYYY [--quarter N | --month MM] [--antenna CODE]
-o FILE.pdf``: the activity summary as a PDF (docs/command-line.md)."""

from __future__ import annotations

import argparse
import io
from datetime import date
from pathlib import Path

from pea_desktop.domain.period import Period
from pea_desktop.reports.summary_pdf import render_summary
from pea_desktop.services.backups import check_integrity
from pea_desktop.services.database import open_database
from pea_desktop.services.output_files import (
    database_and_backups,
    refuse_overwriting,
    write_bytes_atomically,
)
from pea_desktop.services.summaries.summary import summarize


def period_from_args(args: argparse.Namespace) -> Period:
    if getattr(args, "quarter", None):
        return Period.for_quarter(args.year, args.quarter)
    if getattr(args, "month", None):
        return Period.for_month(args.year, args.month)
    return Period.for_year(args.year)


def run(args: argparse.Namespace) -> int:
    period = period_from_args(args)
    refuse_overwriting(args.output, *database_and_backups(args.db))
    db = open_database(args.db, create=False)
    try:
        check_integrity(db.path)  # a damaged index would print wrong figures
        current, previous = summarize(db, period, args.antenna)
    finally:
        db.close()
    buffer = io.BytesIO()
    render_summary(current, previous, buffer, generated_on=date.today())
    write_bytes_atomically(Path(args.output), buffer.getvalue())
    print(
        f"Bilan d'activité écrit dans {args.output} : {current.scope}, {current.period.label} "
        f"({current.activities} activités, {current.active_volunteers} bénévoles actifs)."
    )
    return 0
