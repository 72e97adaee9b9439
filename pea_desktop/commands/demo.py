"""``pea-desktop demo``: fill a new database with fictitious data and say what was created."""

from __future__ import annotations

import argparse

from pea_desktop.domain.enums import ActivityKind
from pea_desktop.domain.text import format_date
from pea_desktop.services.demo import DemoSummary, check_options, generate
from pea_desktop.store.database import open_database


def _count(number: int) -> str:
    """French thousands separator: 12 345."""
    return f"{number:,}".replace(",", "\u202f")


def describe(summary: DemoSummary, path: str) -> str:
    groups = summary.activities[ActivityKind.GROUP]
    visits = summary.activities[ActivityKind.VISIT]
    talks = summary.activities[ActivityKind.INTERVENTION]
    lines = [
        f"Base de démonstration créée : {path}",
        f"  Antennes ({len(summary.antennas)}) : {', '.join(summary.antennas)}",
        f"  {_count(summary.volunteers)} bénévoles, "
        f"{_count(summary.partners)} structures partenaires",
    ]
    if summary.first_date and summary.last_date:
        lines.append(
            f"  {_count(summary.total_activities)} activités du "
            f"{format_date(summary.first_date)} au {format_date(summary.last_date)} : "
            f"{_count(groups)} groupes de parole, {_count(visits)} visites, "
            f"{_count(talks)} témoignages ou interventions"
        )
    lines.append(
        f"  {_count(summary.expenses)} lignes de frais, dont "
        f"{_count(int(summary.kilometres))} km parcourus"
    )
    lines.append("Toutes ces données sont fictives. Pour les voir :")
    lines.append(f"  pea-desktop --db {path}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    check_options(args.antennas, args.years)  # before the file is created
    db = open_database(args.db)
    try:
        summary = generate(db, antennas=args.antennas, years=args.years, seed=args.seed)
    finally:
        db.close()
    print(describe(summary, str(db.path)))
    return 0
