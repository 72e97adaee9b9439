"""Valuing mileage lines on the cumulative yearly scale, and copying the rates onto claims.

For one volunteer and year, the mileage lines of locked claims (approved, paid, waived) keep
their amounts and occupy the first ``L`` km of the year (each claim, when locked, is valued right
after the lines locked before it). Every other line still counted (unclaimed, draft, submitted;
not refused, not deleted) is valued after them in date order, then by id. The lines of a year
therefore always add up to ``S(yearly total)``, even when a trip is entered late; in the usual
case (claims approved month after month) the order is simply the date order.

Unclaimed lines take their place in the year's distance but keep no amount: a line is valued
when it is on a claim.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pea_desktop.domain.claims import LOCKED, ClaimStatus
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.mileage import (
    ScaleChoice,
    ScaleRow,
    Trip,
    TripValue,
    VehicleUsed,
    choose_scale,
    resolve_vehicle,
    value_trips,
)
from pea_desktop.services.claims.scales import OwnRateLookup, own_rates_in, scales_in
from pea_desktop.store.models import ExpenseClaim, ExpenseLine, MileageValuation, Volunteer

OPEN = frozenset({ClaimStatus.DRAFT, ClaimStatus.SUBMITTED})
ZERO = Decimal(0)


class _Valued(Protocol):
    """A mileage line as valuing reads it (an ExpenseLine, or the estimate's lighter row)."""

    @property
    def id(self) -> int: ...
    @property
    def date(self) -> date: ...
    @property
    def km(self) -> Decimal | None: ...


@dataclass(frozen=True)
class _YearRules:
    choice: ScaleChoice
    vehicle: VehicleUsed
    row: ScaleRow
    own_rate: OwnRateLookup

    def value(self, lines: Sequence[_Valued], start_km: Decimal) -> list[TripValue]:
        trips = [
            Trip(line.id, line.date, line.km or ZERO, self.own_rate(self.vehicle.kind, line.date))
            for line in lines
        ]
        return value_trips(trips, self.choice.scale, self.row, self.vehicle.electric, start_km)


def _rules(session: Session, volunteer: Volunteer, year: int) -> _YearRules:
    # Scales and own rates are read once per transaction (a month's batch values 200 years).
    cache = session.info.setdefault("pea_valuation_rules", {})
    if "scales" not in cache:
        cache["scales"] = scales_in(session)
        cache["own_rates"] = own_rates_in(session)
    choice = choose_scale(cache["scales"], year)
    vehicle = resolve_vehicle(
        volunteer.vehicle_kind, volunteer.fiscal_horsepower, volunteer.electric
    )
    row = choice.scale.row_for(vehicle.kind, vehicle.horsepower)
    if row is None:  # a scale typed without that line: fall back to the lowest car line
        vehicle = resolve_vehicle(None, None, False)
        row = choice.scale.row_for(vehicle.kind, vehicle.horsepower)
        if row is None:
            raise LookupError(f"le barème {choice.scale.year} n'a pas de ligne voiture 3 CV")
    return _YearRules(choice, vehicle, row, cache["own_rates"])


def _year_lines(
    session: Session, volunteer_id: int, year: int
) -> list[tuple[ExpenseLine, ExpenseClaim | None]]:
    rows = session.execute(
        select(ExpenseLine, ExpenseClaim)
        .outerjoin(ExpenseClaim, ExpenseClaim.id == ExpenseLine.claim_id)
        .options(selectinload(ExpenseLine.valuation))
        .where(
            ExpenseLine.volunteer_id == volunteer_id,
            ExpenseLine.kind == ExpenseKind.MILEAGE,
            ExpenseLine.deleted_at.is_(None),
            ExpenseLine.date >= date(year, 1, 1),
            ExpenseLine.date <= date(year, 12, 31),
        )
    ).all()
    return [(line, claim) for line, claim in rows]


def _store(line: ExpenseLine, value: TripValue, waiver: bool) -> None:
    line.amount = value.amount(waiver)
    valuation = line.valuation or MileageValuation(expense_line_id=line.id)
    valuation.km_before = value.km_before
    valuation.km_after = value.km_after
    valuation.scale_before = value.scale_before
    valuation.scale_after = value.scale_after
    valuation.band_rate = value.band_rate
    valuation.crosses_band = value.crosses_band
    valuation.own_rate = value.own_rate
    line.valuation = valuation


def _copy_rules(claim: ExpenseClaim, rules: _YearRules, has_mileage: bool) -> None:
    """Copy the scale and vehicle used onto the claim (what its form prints)."""
    scale = rules.choice.scale
    claim.scale_year = scale.year
    claim.scale_notice = rules.choice.notice
    claim.vehicle_kind = rules.vehicle.kind
    claim.fiscal_horsepower = rules.vehicle.horsepower
    claim.electric = rules.vehicle.electric
    claim.scale_label = rules.row.label
    claim.flag_reason = rules.vehicle.problem if has_mileage else ""
    claim.scale_json = json.dumps(
        {
            "year": scale.year,
            "row": rules.row.label,
            "electric_bonus": str(scale.electric_bonus),
            "bands": [
                {
                    "up_to_km": None if b.up_to_km is None else str(b.up_to_km),
                    "rate": str(b.rate),
                    "fixed": str(b.fixed),
                }
                for b in rules.row.bands
            ],
        }
    )


def _counted(claim: ExpenseClaim | None) -> bool:
    return claim is None or claim.status is not ClaimStatus.REFUSED


def revalue(session: Session, volunteer_id: int, year: int) -> None:
    """Value again every open mileage line of the volunteer's year (after locked ones)."""
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        return
    with session.no_autoflush:  # one flush at the end, not one per query
        _revalue(session, volunteer, year)
    session.flush()


def _revalue(session: Session, volunteer: Volunteer, year: int) -> None:
    volunteer_id = volunteer.id
    rules = _rules(session, volunteer, year)
    lines = _year_lines(session, volunteer_id, year)
    locked_km = sum(
        (line.km or ZERO for line, claim in lines if claim is not None and claim.status in LOCKED),
        ZERO,
    )
    open_lines = [(line, claim) for line, claim in lines if claim is None or claim.status in OPEN]
    claims = {line.id: claim for line, claim in open_lines}
    by_id = {line.id: line for line, _ in open_lines}
    values = rules.value([line for line, _ in open_lines], locked_km)
    for value in values:
        claim = claims[value.key]
        line = by_id[value.key]
        if claim is None:
            line.amount = None
            line.valuation = None
        else:
            _store(line, value, claim.waiver)
    for claim in _open_claims(session, volunteer_id, year):
        _copy_rules(claim, rules, has_mileage=any(c is claim for c in claims.values()))
    # Lines of refused claims leave the year's distance: forget their valuation.
    for line, claim in lines:
        if claim is not None and not _counted(claim) and line.valuation is not None:
            line.valuation = None


def estimate_unclaimed(session: Session, volunteer_id: int, year: int) -> dict[int, Decimal]:
    """What each unclaimed mileage line of the volunteer's year would pay at the scale, as
    :func:`revalue` would value it once claimed; nothing is written (summaries' estimate)."""
    return estimate_unclaimed_many(session, [(volunteer_id, year)])


def estimate_unclaimed_many(
    session: Session, wanted: Iterable[tuple[int, int]]
) -> dict[int, Decimal]:
    """:func:`estimate_unclaimed` for many (volunteer id, year) pairs at once, by line id.

    Two queries whatever the number of volunteers (a national summary asks for hundreds: one
    query each cost seconds on a server, a round trip apiece), reading only the columns the
    estimate needs.
    """
    pairs = set(wanted)
    if not pairs:
        return {}
    volunteer_ids = {volunteer_id for volunteer_id, _ in pairs}
    years = {year for _, year in pairs}
    with session.no_autoflush:
        volunteers = {
            volunteer.id: volunteer
            for volunteer in session.scalars(
                select(Volunteer).where(Volunteer.id.in_(volunteer_ids))
            )
        }
        rows = session.execute(
            select(
                ExpenseLine.id,
                ExpenseLine.volunteer_id,
                ExpenseLine.date,
                ExpenseLine.km,
                ExpenseClaim.status,
            )
            .outerjoin(ExpenseClaim, ExpenseClaim.id == ExpenseLine.claim_id)
            .where(
                ExpenseLine.volunteer_id.in_(volunteer_ids),
                ExpenseLine.kind == ExpenseKind.MILEAGE,
                ExpenseLine.deleted_at.is_(None),
                ExpenseLine.date >= date(min(years), 1, 1),
                ExpenseLine.date <= date(max(years), 12, 31),
            )
        ).all()
        lines: dict[tuple[int, int], list[_Line]] = defaultdict(list)
        for line_id, volunteer_id, day, km, status in rows:
            if (volunteer_id, day.year) in pairs:
                lines[(volunteer_id, day.year)].append(_Line(line_id, day, km, status))
        out: dict[int, Decimal] = {}
        for (volunteer_id, year), year_lines in lines.items():
            volunteer = volunteers.get(volunteer_id)
            if volunteer is None:
                continue
            rules = _rules(session, volunteer, year)
            locked_km = sum((line.km or ZERO for line in year_lines if line.status in LOCKED), ZERO)
            open_lines = [line for line in year_lines if line.status is None or line.status in OPEN]
            unclaimed = {line.id for line in year_lines if line.status is None}
            for value in rules.value(open_lines, locked_km):
                if value.key in unclaimed:
                    out[value.key] = value.amount(False)
    return out


@dataclass(frozen=True)
class _Line:
    """What the estimate reads of a mileage line: the status of its claim, None if unclaimed."""

    id: int
    date: date
    km: Decimal | None
    status: ClaimStatus | None


def _open_claims(session: Session, volunteer_id: int, year: int) -> list[ExpenseClaim]:
    return list(
        session.scalars(
            select(ExpenseClaim).where(
                ExpenseClaim.volunteer_id == volunteer_id,
                ExpenseClaim.year == year,
                ExpenseClaim.status.in_(OPEN),
            )
        )
    )


def lock(session: Session, claim: ExpenseClaim) -> None:
    """Value the claim's lines right after the lines already locked, before locking it.

    Call before its status becomes locked; then :func:`revalue` the rest of the year.
    """
    rules = _rules(session, claim.volunteer, claim.year)
    lines = _year_lines(session, claim.volunteer_id, claim.year)
    locked_km = sum(
        (line.km or ZERO for line, other in lines if other is not None and other.status in LOCKED),
        ZERO,
    )
    own = [line for line, other in lines if other is claim]
    values = rules.value(own, locked_km)
    by_id = {line.id: line for line in own}
    for value in values:
        _store(by_id[value.key], value, claim.waiver)
    _copy_rules(claim, rules, has_mileage=bool(own))


def revalue_volunteer(session: Session, volunteer_id: int) -> None:
    """After a change of the volunteer's vehicle: value again the years with open claims."""
    years = session.scalars(
        select(ExpenseClaim.year)
        .where(ExpenseClaim.volunteer_id == volunteer_id, ExpenseClaim.status.in_(OPEN))
        .distinct()
    )
    for year in list(years):
        revalue(session, volunteer_id, year)
