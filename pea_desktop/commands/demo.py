"""``pea-desktop demo``: fill a new database with fictitious data and say what was created."""

from __future__ import annotations

import argparse
import shlex

from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.formatting import format_date, format_number
from pea_desktop.services.database import open_database
from pea_desktop.services.demo.generator import DemoSummary, check_options, generate


def describe(summary: DemoSummary, path: str) -> str:
    per_kind = ", ".join(
        f"{format_number(summary.activities.get(kind.code, 0), 0)} {kind.title.lower()}"
        for kind in KINDS
    )
    lines = [
        f"Base de démonstration créée : {path}",
        f"  Antennes ({len(summary.antennas)}) : {', '.join(summary.antennas)}",
        f"  {format_number(summary.volunteers, 0)} bénévoles, "
        f"{format_number(summary.partners, 0)} structures partenaires",
    ]
    if summary.first_date and summary.last_date:
        lines.append(
            f"  {format_number(summary.total_activities, 0)} activités du "
            f"{format_date(summary.first_date)} au {format_date(summary.last_date)} : {per_kind}"
        )
    lines.append(
        f"  {format_number(summary.expenses, 0)} lignes de frais, dont "
        f"{format_number(int(summary.kilometres), 0)} km parcourus"
    )
    lines.append("Toutes ces données sont fictives. Pour les voir :")
    lines.append(f"  pea-desktop --db {shlex.quote(path)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    check_options(args.antennas, args.years)  # before the file is created
    db = open_database(args.db)
    try:
        summary = generate(db, antennas=args.antennas, years=args.years, seed=args.seed)
    finally:
        db.close()
    # A server base is named by its address (db.path is then a local folder, not the base).
    print(describe(summary, db.server.as_text() if db.server is not None else str(db.path)))
    return 0
