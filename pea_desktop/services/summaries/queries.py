"""The aggregate queries behind activity summaries: three scans, whatever the number of figures.

1. activities grouped by month, kind and every category (requester, place, format, audience,
   partner): counts, participants, first-timers, relatives, audience;
2. activities joined to their (live) volunteers, grouped by month, kind and volunteer: time;
3. expense lines grouped by month and activity kind: km, reimbursed, waived, pending; then the
   unclaimed mileage lines (no amount yet), valued at the scale as an estimate.

Each period (a period and the same one a year before) is scanned on its own: a plain date range
lets SQLite read only that range through the (antenna, date) index, which measured faster than
one scan of both periods tagging each row with its period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.period import Period
from pea_desktop.domain.summary import OUTSIDE_ACTIVITY, ZERO_KM, ZERO_MONEY
from pea_desktop.services.claims.expense_status import (
    join_claims,
    paid_condition,
    pending_condition,
    waived_condition,
)
from pea_desktop.services.claims.valuation import estimate_unclaimed_many
from pea_desktop.store.models import Activity, ExpenseLine, Volunteer, activity_volunteer
from pea_desktop.store.sql_functions import year_month

Figures = defaultdict[str, int | Decimal]
Tally = dict[Any, list[int]]  # category -> [count, audience]
# The choice fields summaries tally, in the order the activity scan selects them.
CATEGORY_FIELDS = ("requester", "visit_place", "intervention_format", "audience_kind")


def _tally() -> Tally:
    return defaultdict(lambda: [0, 0])


@dataclass
class Gathered:
    """Everything the scans found for one period."""

    # (month "AAAA-MM", kind code) -> figure name -> sum (counts are int, km and money Decimal).
    figures: dict[tuple[str, str], Figures] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    # Category table (activity_fields: "visits_by_requester"...) -> tally of its choices.
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(_tally))
    partners: Tally = field(default_factory=_tally)
    people: set[int] = field(default_factory=set)


def _add(table: Tally, key: Any, count: int, audience: int) -> None:
    table[key][0] += count
    table[key][1] += audience


def _within(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.start, column <= period.end)


def _live_activities(antenna_id: int | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Activity.deleted_at.is_(None)]
    if antenna_id is not None:
        conditions.append(Activity.antenna_id == antenna_id)
    return conditions


def scan_activities(
    session: Session, period: Period, antenna_id: int | None, gathered: Gathered
) -> None:
    within = _within(Activity.date, period)
    ym = year_month(Activity.date)
    categories = (*(getattr(Activity, name) for name in CATEGORY_FIELDS), Activity.partner_id)
    query = (
        select(
            ym,
            Activity.kind,
            *categories,
            func.count(),
            func.coalesce(func.sum(Activity.participants), 0),
            func.coalesce(func.sum(Activity.first_timers), 0),
            func.coalesce(func.sum(Activity.relatives), 0),
            func.coalesce(func.sum(Activity.audience_size), 0),
        )
        .where(*_live_activities(antenna_id), within)
        .group_by(ym, Activity.kind, *categories)
    )
    for row in session.execute(query):
        month, kind = row[:2]
        choices = dict(zip(CATEGORY_FIELDS, row[2:6], strict=True))
        partner_id = row[6]
        count, participants, first, relatives, audience = row[7:]
        sums = {
            "participants": participants,
            "first_timers": first,
            "relatives": relatives,
            "audience": audience,
        }
        target = gathered.figures[(month, kind.code)]
        target["activities"] += count
        # Each kind sums and tallies only the fields it has (activity_kinds).
        for measure in kind.measures:
            target[measure] += sums[measure]
        reached = audience if kind.has("audience_size") else 0
        for spec in kind.categories:
            _add(gathered.tallies[spec.category], choices[spec.name], count, reached)
        if partner_id is not None:
            _add(gathered.partners, partner_id, count, reached)


def scan_volunteers(
    session: Session, period: Period, antenna_id: int | None, gathered: Gathered
) -> None:
    """Volunteer time (duration x volunteers present) and the people, per month and kind."""
    within = _within(Activity.date, period)
    ym = year_month(Activity.date)
    query = (
        select(
            ym,
            Activity.kind,
            activity_volunteer.c.volunteer_id,
            func.coalesce(func.sum(Activity.duration_minutes), 0),
        )
        .select_from(Activity)
        .join(activity_volunteer, activity_volunteer.c.activity_id == Activity.id)
        .join(
            Volunteer,
            and_(Volunteer.id == activity_volunteer.c.volunteer_id, Volunteer.deleted_at.is_(None)),
        )
        .where(*_live_activities(antenna_id), within)
        .group_by(ym, Activity.kind, activity_volunteer.c.volunteer_id)
    )
    for month, kind, volunteer_id, minutes in session.execute(query):
        target = gathered.figures[(month, kind.code)]
        target["volunteer_minutes"] += minutes
        target["volunteers"] += 1
        gathered.people.add(volunteer_id)


def scan_expenses(
    session: Session, period: Period, antenna_id: int | None, gathered: Gathered
) -> None:
    """Km, reimbursed and waived amounts per month and kind of the activity (if any)."""
    within = _within(ExpenseLine.date, period)
    ym: Any = year_month(ExpenseLine.date)  # join_claims takes an untyped Select
    query = (
        select(
            ym,
            Activity.kind,
            func.sum(ExpenseLine.km).filter(ExpenseLine.kind == ExpenseKind.MILEAGE),
            func.sum(ExpenseLine.amount).filter(paid_condition()),
            func.sum(ExpenseLine.amount).filter(waived_condition()),
            func.sum(ExpenseLine.amount).filter(pending_condition()),
        )
        .select_from(ExpenseLine)
        .join(Volunteer, Volunteer.id == ExpenseLine.volunteer_id)
        .outerjoin(Activity, Activity.id == ExpenseLine.activity_id)
        .where(
            ExpenseLine.deleted_at.is_(None),
            Volunteer.deleted_at.is_(None),
            or_(Activity.id.is_(None), Activity.deleted_at.is_(None)),
            within,
        )
        .group_by(ym, Activity.kind)
    )
    query = join_claims(query)
    if antenna_id is not None:
        query = query.where(func.coalesce(Activity.antenna_id, Volunteer.antenna_id) == antenna_id)
    for month, kind, km, reimbursed, waived, pending in session.execute(query):
        target = gathered.figures[(month, kind.code if kind is not None else OUTSIDE_ACTIVITY)]
        target["km"] += km or ZERO_KM
        target["reimbursed"] += reimbursed or ZERO_MONEY
        target["waived"] += waived or ZERO_MONEY
        target["pending"] += pending or ZERO_MONEY
    _estimate_unclaimed_mileage(session, period, antenna_id, gathered)


def _estimate_unclaimed_mileage(
    session: Session, period: Period, antenna_id: int | None, gathered: Gathered
) -> None:
    """Unclaimed mileage has no amount until claimed: value it at the scale, in its place in
    the volunteer's year, so that the cost of the period is told whole (marked as estimate)."""
    query = (
        select(ExpenseLine.id, ExpenseLine.volunteer_id, ExpenseLine.date, Activity.kind)
        .join(Volunteer, Volunteer.id == ExpenseLine.volunteer_id)
        .outerjoin(Activity, Activity.id == ExpenseLine.activity_id)
        .where(
            ExpenseLine.claim_id.is_(None),
            ExpenseLine.kind == ExpenseKind.MILEAGE,
            ExpenseLine.amount.is_(None),
            ExpenseLine.deleted_at.is_(None),
            Volunteer.deleted_at.is_(None),
            or_(Activity.id.is_(None), Activity.deleted_at.is_(None)),
            _within(ExpenseLine.date, period),
        )
    )
    if antenna_id is not None:
        query = query.where(func.coalesce(Activity.antenna_id, Volunteer.antenna_id) == antenna_id)
    wanted: dict[tuple[int, int], list[tuple[int, str, str]]] = defaultdict(list)
    for line_id, volunteer_id, day, kind in session.execute(query):
        code = kind.code if kind is not None else OUTSIDE_ACTIVITY
        wanted[(volunteer_id, day.year)].append((line_id, f"{day:%Y-%m}", code))
    values = estimate_unclaimed_many(session, wanted)  # every volunteer's year at once
    for lines in wanted.values():
        for line_id, month, code in lines:
            amount = values.get(line_id, ZERO_MONEY)
            target = gathered.figures[(month, code)]
            target["pending"] += amount
            target["estimated"] += amount


def gather(session: Session, periods: Sequence[Period], antenna_id: int | None) -> list[Gathered]:
    """The raw figures of each of ``periods``, in three scans per period."""
    out = [Gathered() for _ in periods]
    for period, gathered in zip(periods, out, strict=True):
        for scan in (scan_activities, scan_volunteers, scan_expenses):
            scan(session, period, antenna_id, gathered)
    return out
