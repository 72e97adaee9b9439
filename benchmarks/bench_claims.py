"""Time to produce one month's batch of claims (200 volunteers) against plain ReportLab.

The baseline, measured in the same run, is ReportLab alone writing a comparable plain document:
the same number of pages, each with a title, addresses, a table of the same size, paragraphs as
long and signature boxes, in the same embedded font, from data already in memory (no database,
no valuation, no layout logic).

    .venv/bin/python -m benchmarks.bench_claims [--claims 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

from benchmarks.common import Result, print_table
from pea_desktop.domain.enums import ExpenseKind, VehicleKind
from pea_desktop.reports import styles
from pea_desktop.reports.claim_batch import claim_batch_pdf
from pea_desktop.services.claims.documents import month_batch
from pea_desktop.services.claims.workflow import prepare_month
from pea_desktop.services.output_files import write_bytes_atomically
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.models import Antenna, AssociationSettings, ExpenseLine, Volunteer

# The batch may cost this many times what ReportLab alone needs for as many pages.
TARGET_RATIO = 4.0
# A coordinator waits at most this long for a month's PDF of 200 claims.
TARGET_SECONDS = 30.0
LINES_PER_CLAIM = 6


def fill(db: Database, claims: int, seed: int) -> None:
    """``claims`` volunteers, each with a January trip and six March expenses."""
    rng = random.Random(seed)
    with db.session() as s:
        s.add(
            AssociationSettings(
                id=1,
                name="Entraide Addictions Rhône",
                address="12 rue de la Paix",
                postal_code="69003",
                city="Lyon",
                rna="W691234567",
                purpose="Accompagnement par les pairs",
                signatory_name="Hélène Faure",
                signatory_title="Trésorière",
            )
        )
        antenna = Antenna(code="LYON", name="Lyon Métropole", department="69")
        s.add(antenna)
        s.flush()
        rows = []
        for number in range(claims):
            volunteer = Volunteer(
                antenna_id=antenna.id,
                first_name=rng.choice(("Marie", "Paul", "Léa", "Karim", "Hélène", "Éric")),
                last_name=f"Bénévole {number:03d}",
                address=f"{number + 1} rue Victor-Hugo",
                postal_code="69002",
                city="Lyon",
                vehicle_kind=rng.choice((VehicleKind.CAR, VehicleKind.CAR, VehicleKind.MOTORCYCLE)),
                fiscal_horsepower=rng.randrange(2, 9),
                electric=rng.random() < 0.1,
            )
            s.add(volunteer)
            s.flush()
            january = Decimal(rng.randrange(100, 5500))
            rows.append(_line(volunteer.id, date(2025, 1, 12), ExpenseKind.MILEAGE, km=january))
            for index in range(LINES_PER_CLAIM):
                day = date(2025, 3, 1) + timedelta(days=rng.randrange(31))
                if index < 4:
                    km = Decimal(rng.randrange(50, 2000)) / 10
                    rows.append(_line(volunteer.id, day, ExpenseKind.MILEAGE, km=km))
                else:
                    kind = rng.choice((ExpenseKind.TOLL, ExpenseKind.PARKING, ExpenseKind.MEAL))
                    amount = Decimal(rng.randrange(150, 2500)) / 100
                    rows.append(_line(volunteer.id, day, kind, amount=amount))
        s.add_all(rows)


def _line(
    volunteer_id: int,
    day: date,
    kind: ExpenseKind,
    km: Decimal | None = None,
    amount: Decimal | None = None,
) -> ExpenseLine:
    mileage = kind is ExpenseKind.MILEAGE
    return ExpenseLine(
        volunteer_id=volunteer_id,
        date=day,
        kind=kind,
        km=km,
        amount=amount,
        trip_from="Lyon" if mileage else "",
        trip_to="Hôpital Édouard-Herriot" if mileage else "",
        description="" if mileage else "Frais de déplacement",
    )


def plain_reportlab(pages: int) -> float:
    """ReportLab alone, ``pages`` pages of comparable content, from data already in memory.

    Each page: a title, two address cells, a table of the claim's size (plain strings), three
    paragraphs as long as the form's scale and choice texts, and three signature boxes.
    """
    styles.register_fonts()
    body, small = styles.style("Body"), styles.style("Small")
    row = ["12/03/2025", "Groupe de parole", "Lyon → Hôpital", "150 km", "0,529 €/km", "79,35 €"]
    address = "Entraide Addictions Rhône<br/>12 rue de la Paix<br/>69003 Lyon<br/>RNA W691234567"
    text = "Je soussigné(e) déclare renoncer expressément au remboursement des frais. " * 3
    started = time.perf_counter()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, initialFontName=styles.FONT)
    story: list[object] = []
    for page in range(pages):
        story.append(Paragraph(f"État de frais n° {page}", styles.style("Title")))
        story.append(Table([[Paragraph(address, body), Paragraph(address, body)]]))
        table = Table([row] * (LINES_PER_CLAIM + 6))
        table.setStyle(styles.grid_table_style())
        story.append(table)
        story += [Paragraph(text, small) for _ in range(3)]
        signatures = Table([[Paragraph("Signature :", small)] * 3], rowHeights=[70])
        signatures.setStyle(styles.grid_table_style(header_rows=0))
        story += [signatures, PageBreak()]
    doc.build(story)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = open_database(work / "bench.sqlite3")
        fill(db, args.claims, args.seed)
        prepare_month(db, 2025, 1)
        started = time.perf_counter()
        report = prepare_month(db, 2025, 3)
        prepared = time.perf_counter() - started
        output = work / "mars.pdf"
        started = time.perf_counter()
        batch = month_batch(db, 2025, 3, None, today=date(2025, 4, 1))
        write_bytes_atomically(output, claim_batch_pdf(batch))
        count = len(batch.forms)
        printed = time.perf_counter() - started
        size = output.stat().st_size
        db.close()

    baseline = plain_reportlab(count + 1)
    print(
        f"{len(report.created)} draft claims prepared ({report.lines} lines), {count} claims "
        f"printed, PDF of {size / 1024:,.0f} KiB"
    )
    ok = print_table(
        f"One month's batch of {args.claims} claims against ReportLab alone",
        [
            Result("prepare the month's drafts", prepared),
            Result("print slip + every claim form", printed, baseline, TARGET_RATIO),
            Result(f"plain ReportLab, {count + 1} pages", baseline),
            Result("prepare + print", prepared + printed, max_seconds=TARGET_SECONDS),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
