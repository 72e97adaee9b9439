"""Activity summary of an antenna (or of all) over a period, computed by SQL aggregates.

No ORM object is loaded: three ``GROUP BY`` scans (``summary_queries``) gather every figure of
a period and of the same period a year before. Rows in the bin (``deleted_at`` set) never
count, nor do deleted volunteers, partners or expense lines, nor expenses of a deleted activity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pea_desktop.domain.activity_fields import FIELDS
from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.enums import PartnerKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.money import to_money
from pea_desktop.domain.period import Period
from pea_desktop.domain.summary import (
    ActivitySummary,
    CountRow,
    KindFigures,
    MonthKindFigures,
    PartnerRow,
    YearValuation,
    kind_order,
    sum_by_kind,
)
from pea_desktop.services.summaries.queries import Figures, Gathered, Tally, gather
from pea_desktop.services.summaries.rates import hourly_rates
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, AssociationSettings, Partner

ALL_ANTENNAS = "Toutes les antennes"
NOT_GIVEN = "Non précisé"


@dataclass(frozen=True)
class Scope:
    antenna_id: int | None
    label: str
    code: str | None


def resolve_antenna(session: Session, code: str | None) -> Scope:
    """The antenna of ``code`` (case-insensitive), or every antenna for ``None``."""
    if code is None:
        return Scope(None, ALL_ANTENNAS, None)
    row = session.execute(
        select(Antenna.id, Antenna.code, Antenna.name).where(
            func.upper(Antenna.code) == code.strip().upper()
        )
    ).first()
    if row is None:
        known = ", ".join(session.scalars(select(Antenna.code).order_by(Antenna.code)))
        raise BadInputError(
            f"Antenne « {code} » inconnue.", [f"antennes connues : {known or 'aucune'}"]
        )
    label = f"{row.name} ({row.code})" if row.name else row.code
    return Scope(row.id, label, row.code)


def scope_for_id(session: Session, antenna_id: int | None) -> Scope:
    if antenna_id is None:
        return Scope(None, ALL_ANTENNAS, None)
    code = session.scalar(select(Antenna.code).where(Antenna.id == antenna_id))
    return resolve_antenna(session, code)


def _split(ym: str) -> tuple[int, int]:
    year, month = ym.split("-")
    return int(year), int(month)


def _rows(counts: Tally, enum: Any) -> list[CountRow]:
    """One row per member of ``enum`` (zeros included), then "Non précisé" if any."""
    rows = [CountRow(m.value, m.label, *counts.get(m, (0, 0))) for m in enum]
    if None in counts:
        rows.append(CountRow("", NOT_GIVEN, *counts[None]))
    return rows


def _month_rows(figures: dict[tuple[str, str], Figures]) -> list[MonthKindFigures]:
    return [
        MonthKindFigures(*_split(month), kind, **values)  # type: ignore[arg-type]
        for (month, kind), values in sorted(
            figures.items(), key=lambda i: (i[0][0], kind_order(i[0][1]))
        )
    ]


def _partners(session: Session, counts: Tally) -> tuple[list[PartnerRow], list[CountRow]]:
    if not counts:
        return [], []
    query = select(Partner.id, Partner.name, Partner.kind, Partner.town).where(
        Partner.id.in_(list(counts)), Partner.deleted_at.is_(None)
    )
    rows = [
        PartnerRow(name, kind.label, town, *counts[pid])
        for pid, name, kind, town in session.execute(query)
    ]
    rows.sort(key=lambda r: (-r.activities, r.name))
    per_kind = Counter(row.kind_label for row in rows)
    by_kind = [
        CountRow(k.value, k.label, per_kind[k.label]) for k in PartnerKind if per_kind[k.label]
    ]
    return rows, by_kind


def _assemble(
    session: Session, period: Period, scope: Scope, association: str, gathered: Gathered
) -> ActivitySummary:
    summary = ActivitySummary(association, scope.label, scope.code, period)
    summary.months = _month_rows(gathered.figures)
    summary.by_kind = sum_by_kind(
        {row.kind: KindFigures.of_month(row)} for row in summary.months if row.kind in KINDS
    )
    for row in summary.months:
        summary.volunteer_minutes += row.volunteer_minutes
        summary.km += row.km
        summary.reimbursed += row.reimbursed
        summary.waived += row.waived
        summary.pending += row.pending
        summary.estimated += row.estimated
    summary.active_volunteers = len(gathered.people)
    for spec in FIELDS.values():
        if spec.category:
            setattr(summary, spec.category, _rows(gathered.tallies[spec.category], spec.choices))
    summary.valuation = _valuation(session, summary.months, period)
    summary.partners, summary.partners_by_kind = _partners(session, gathered.partners)
    return summary


def _overlap(periods: Sequence[Period]) -> bool:
    spans = sorted((p.start, p.end) for p in periods)
    return any(later[0] <= earlier[1] for earlier, later in pairwise(spans))


def compute_summaries(
    session: Session, periods: Sequence[Period], scope: Scope
) -> list[ActivitySummary]:
    """The summary of each of ``periods``, read in one pass when they do not overlap."""
    association = session.scalar(select(AssociationSettings.name).limit(1)) or ""
    if _overlap(periods):
        found = [gather(session, [p], scope.antenna_id)[0] for p in periods]
    else:
        found = gather(session, periods, scope.antenna_id)
    return [
        _assemble(session, period, scope, association, gathered)
        for period, gathered in zip(periods, found, strict=True)
    ]


def compute_summary(session: Session, period: Period, scope: Scope) -> ActivitySummary:
    return compute_summaries(session, [period], scope)[0]


def _valuation(
    session: Session, months: list[MonthKindFigures], period: Period
) -> list[YearValuation]:
    minutes: dict[int, int] = dict.fromkeys(period.years(), 0)
    for row in months:
        minutes[row.year] += row.volunteer_minutes
    rates = hourly_rates(session, list(minutes))
    return [
        YearValuation(year, m, rates[year], to_money(Decimal(m) * rates[year] / 60))
        for year, m in minutes.items()
    ]


def summarize(
    db: Database, period: Period, antenna_code: str | None = None, today: date | None = None
) -> tuple[ActivitySummary, ActivitySummary]:
    """The summary of ``period`` and of the same period a year before, in one transaction.

    A period not over yet is compared with the same dates a year before (``today``).
    """
    before = period.comparable_before(today or date.today())
    with db.session() as session:
        scope = resolve_antenna(session, antenna_code)
        current, previous = compute_summaries(session, [period, before], scope)
        return current, previous


def summarize_antenna_id(
    db: Database, period: Period, antenna_id: int | None, today: date | None = None
) -> tuple[ActivitySummary, ActivitySummary]:
    before = period.comparable_before(today or date.today())
    with db.session() as session:
        scope = scope_for_id(session, antenna_id)
        current, previous = compute_summaries(session, [period, before], scope)
        return current, previous
