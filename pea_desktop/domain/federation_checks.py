"""Checks of a federation export that go beyond its shape: figures that agree, dates that fit.

A document whose totals do not add up from its monthly rows was edited by hand or forged (the
application always writes both from the same rows); an export dated in the future, or about a
year that has not begun, cannot be genuine and would otherwise win over the antenna's true
newest export. Both are refused with the reason (issue 13).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from pea_desktop.domain.federation_format import (
    MONTH_DECIMAL_FIELDS,
    MONTH_INT_FIELDS,
    V1_KIND_TOTALS,
)

# Clocks of two computers differ: an export made "tomorrow" by a few hours is not a forgery.
CLOCK_TOLERANCE = timedelta(days=1)
_SUMMED_TOTALS = ("activities", "volunteer_minutes", "km", "reimbursed", "waived")
_V1_KIND_MEASURES = {
    "participants": "groupe",
    "first_timers": "groupe",
    "relatives": "groupe",
    "audience": "temoignage",
}


def _month_sums(document: dict[str, Any]) -> dict[tuple[str, str], Decimal]:
    """Sums of every monthly figure, overall (kind "") and per kind."""
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in document["months"]:
        for name in (*MONTH_INT_FIELDS, *MONTH_DECIMAL_FIELDS):
            value = Decimal(row[name])
            sums[("", name)] += value
            sums[(row["kind"], name)] += value
    return sums


def _mismatch(where: str, stated: Any, computed: Decimal) -> str | None:
    if Decimal(stated) != computed:
        return (
            f"{where} vaut {stated} alors que les lignes mensuelles donnent {computed} : "
            "totaux incohérents (fichier modifié après l'export ?)"
        )
    return None


def totals_problems(document: dict[str, Any]) -> list[str]:
    """Where the totals of a shape-checked document disagree with its monthly rows (French)."""
    sums = _month_sums(document)
    totals = document["totals"]
    checks: list[tuple[str, Any, Decimal]] = [
        (f"totals.{name}", totals[name], sums[("", name)]) for name in _SUMMED_TOTALS
    ]
    if document["version"] == 1:
        for kind, name in V1_KIND_TOTALS.items():
            checks.append((f"totals.{name}", totals[name], sums[(kind, "activities")]))
        for name, kind in _V1_KIND_MEASURES.items():
            checks.append((f"totals.{name}", totals[name], sums[(kind, name)]))
    else:
        kinds = {kind for kind, _ in sums if kind} | set(document["by_kind"])
        for kind in sorted(kinds):
            figures = document["by_kind"].get(kind)
            if figures is None:
                if sums[(kind, "activities")]:
                    checks.append((f"by_kind.{kind}.activities", 0, sums[(kind, "activities")]))
                continue
            for name, stated in figures.items():
                checks.append((f"by_kind.{kind}.{name}", stated, sums[(kind, name)]))
    problems = [
        p for where, stated, computed in checks if (p := _mismatch(where, stated, computed))
    ]
    busiest = max((row["volunteers"] for row in document["months"]), default=0)
    if totals["active_volunteers"] < busiest:
        problems.append(
            f"totals.active_volunteers vaut {totals['active_volunteers']} alors qu'un mois en "
            f"compte {busiest} : totaux incohérents"
        )
    return problems


def date_problems(document: dict[str, Any], generated_at: datetime, now: datetime) -> list[str]:
    """An export from the future, or about a year after the one it was made in (French)."""
    problems = []
    if generated_at > now + CLOCK_TOLERANCE:
        problems.append(
            f"daté du {generated_at:%d/%m/%Y}, dans le futur : date de génération impossible"
        )
    year = document["year"]
    if year > generated_at.year or year > now.year:
        problems.append(
            f"export de l'année {year} fait le {generated_at:%d/%m/%Y} : "
            "une année pas encore commencée ne peut pas être exportée"
        )
    return problems
