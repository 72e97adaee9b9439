"""``pea-desktop print summary --db PATH --year AAAA [--quarter N | --month AAAA-MM]
[--antenna CODE] -o FILE.pdf``: the activity summary as a PDF (docs/command-line.md)."""

from __future__ import annotations

import argparse
import io
from datetime import date
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.period import Period
from pea_desktop.reports.summary_pdf import render_summary
from pea_desktop.services.backups import check_base_integrity
from pea_desktop.services.claims.workflow import parse_month
from pea_desktop.services.database import open_database
from pea_desktop.services.output_files import (
    database_and_backups,
    refuse_overwriting,
    write_bytes_atomically,
)
from pea_desktop.services.summaries.summary import summarize


def period_from_args(args: argparse.Namespace) -> Period:
    """The period the options name. ``--month`` is ``AAAA-MM`` (its year may stand for
    ``--year``) or the older ``MM`` with ``--year``; a month of another year is refused."""
    year: int | None = getattr(args, "year", None)
    month_text: str | None = getattr(args, "month", None)
    if month_text:
        if "-" in month_text:
            month_year, month = parse_month(month_text)
            if year is not None and year != month_year:
                raise BadInputError(
                    f"--month {month_text} n'est pas dans l'année --year {year} : "
                    "indiquez seulement --month AAAA-MM."
                )
            year = month_year
        else:
            month = int(month_text)
        if year is None:
            raise BadInputError("--year AAAA est obligatoire avec --month MM.")
        return Period.for_month(year, month)
    if year is None:
        raise BadInputError("--year AAAA est obligatoire (ou --month AAAA-MM).")
    if getattr(args, "quarter", None):
        return Period.for_quarter(year, args.quarter)
    return Period.for_year(year)


def run(args: argparse.Namespace) -> int:
    period = period_from_args(args)
    refuse_overwriting(args.output, *database_and_backups(args.db))
    db = open_database(args.db, create=False)
    try:
        check_base_integrity(db)  # a damaged index would print wrong figures
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
