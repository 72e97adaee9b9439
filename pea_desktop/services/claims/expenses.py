"""Expense lines of volunteers: validation, saving, deleting, and the locks claims put on them.

A line on a claim can change only while that claim is a draft; mileage amounts are never typed,
they are valued on the scale (:mod:`pea_desktop.services.claims.valuation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVarTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from pea_desktop.domain.claims import ClaimRuleError, ensure_editable
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.money import to_money
from pea_desktop.services.claims import valuation
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, ExpenseClaim, ExpenseLine, Volunteer, utcnow

Ts = TypeVarTuple("Ts")

MAX_KM = Decimal(5000)  # in one line: beyond, surely a typing error
MAX_AMOUNT = Decimal(10000)


@dataclass
class ExpenseDraft:
    """An expense line as a form edits it."""

    volunteer_id: int
    day: date
    kind: ExpenseKind
    km: Decimal | None = None
    amount: Decimal | None = None
    trip_from: str = ""
    trip_to: str = ""
    description: str = ""
    activity_id: int | None = None
    id: int | None = None


def validate_expense(draft: ExpenseDraft, where: str = "") -> list[str]:
    """Problems with one line (French); ``where`` prefixes each ("ligne 3")."""
    prefix = f"{where}, " if where else ""
    problems = []
    if draft.kind is ExpenseKind.MILEAGE:
        if draft.km is None or draft.km <= 0:
            problems.append(f"{prefix}colonne km : indiquez la distance parcourue.")
        elif draft.km > MAX_KM:
            problems.append(f"{prefix}colonne km : {draft.km} km en un trajet, est-ce exact ?")
        if not (draft.trip_from.strip() and draft.trip_to.strip()) and not draft.activity_id:
            problems.append(f"{prefix}colonne trajet : indiquez le départ et l'arrivée.")
    else:
        if draft.amount is None or draft.amount <= 0:
            problems.append(f"{prefix}colonne montant : indiquez un montant positif.")
        elif draft.amount > MAX_AMOUNT:
            problems.append(f"{prefix}colonne montant : {draft.amount} € semble trop élevé.")
        if draft.kind is ExpenseKind.OTHER and not draft.description.strip():
            problems.append(f"{prefix}colonne objet : décrivez la dépense.")
    return problems


def claim_rule(session: Session, claim_id: int | None) -> None:
    """Raise :class:`BadInputError` if the claim ``claim_id`` cannot be edited any more."""
    if claim_id is None:
        return
    claim = session.get(ExpenseClaim, claim_id)
    if claim is None:
        raise BadInputError("Cette note de frais n'existe plus.")
    try:
        ensure_editable(claim.status, claim.number)
    except ClaimRuleError as exc:
        raise BadInputError(str(exc)) from exc


def lock_reason(db: Database, line_id: int) -> str:
    """Why the line cannot be edited (for forms elsewhere), or "" when it can."""
    with db.session() as session:
        line = session.get(ExpenseLine, line_id)
        if line is None or line.claim_id is None:
            return ""
        try:
            claim_rule(session, line.claim_id)
        except BadInputError as exc:
            return exc.message
        return ""


def apply_draft(session: Session, draft: ExpenseDraft, claim_id: int | None) -> ExpenseLine:
    """Write ``draft`` into a new or existing line (no validation, no revaluation)."""
    if draft.id is None:
        line = ExpenseLine(volunteer_id=draft.volunteer_id, claim_id=claim_id)
        session.add(line)
    else:
        found = session.get(ExpenseLine, draft.id)
        if found is None or found.deleted_at is not None:
            raise BadInputError("Cette dépense a été supprimée entre-temps.")
        line = found
        claim_rule(session, line.claim_id)
    line.volunteer_id = draft.volunteer_id
    line.date = draft.day
    line.kind = draft.kind
    line.activity_id = draft.activity_id
    line.trip_from = draft.trip_from.strip()
    line.trip_to = draft.trip_to.strip()
    line.description = draft.description.strip()
    if draft.kind is ExpenseKind.MILEAGE:
        line.km = draft.km
        if line.claim_id is None:
            line.amount = None
    else:
        line.km = None
        line.amount = None if draft.amount is None else to_money(draft.amount)
        line.valuation = None
    return line


def save_expense(db: Database, draft: ExpenseDraft, claim_id: int | None = None) -> int:
    """Create or update one line (on the draft claim ``claim_id`` when given)."""
    problems = validate_expense(draft)
    if problems:
        raise BadInputError("La dépense ne peut pas être enregistrée.", problems)
    with db.session() as session:
        if session.get(Volunteer, draft.volunteer_id) is None:
            raise BadInputError("Ce bénévole n'existe pas.")
        if draft.activity_id is not None and session.get(Activity, draft.activity_id) is None:
            raise BadInputError("L'activité liée n'existe plus.")
        claim_rule(session, claim_id)
        old_year = None
        if draft.id is not None:
            existing = session.get(ExpenseLine, draft.id)
            old_year = existing.date.year if existing else None
        line = apply_draft(session, draft, claim_id)
        session.flush()
        for year in {draft.day.year} | ({old_year} if old_year else set()):
            valuation.revalue(session, draft.volunteer_id, year)
        return line.id


def delete_expense(db: Database, line_id: int) -> None:
    """Move the line to the bin (its claim must be a draft); the year is valued again."""
    with db.session() as session:
        line = session.get(ExpenseLine, line_id)
        if line is None or line.deleted_at is not None:
            return
        claim_rule(session, line.claim_id)
        line.deleted_at = utcnow()
        line.claim_id = None
        line.valuation = None
        session.flush()
        valuation.revalue(session, line.volunteer_id, line.date.year)


def unclaimed_in(query: Select[*Ts], start: date, end: date, antenna_id: int | None) -> Select[*Ts]:
    """``query`` joined to the volunteer, kept to live lines on no claim between two days.

    Volunteers in the bin are left out; ``antenna_id`` keeps one antenna's volunteers.
    """
    query = query.join(Volunteer, Volunteer.id == ExpenseLine.volunteer_id).where(
        ExpenseLine.claim_id.is_(None),
        ExpenseLine.deleted_at.is_(None),
        Volunteer.deleted_at.is_(None),
        ExpenseLine.date >= start,
        ExpenseLine.date <= end,
    )
    if antenna_id is not None:
        query = query.where(Volunteer.antenna_id == antenna_id)
    return query


@dataclass(frozen=True)
class UnclaimedLine:
    id: int
    volunteer_id: int
    volunteer_name: str
    day: date
    kind: ExpenseKind
    km: Decimal | None
    amount: Decimal | None
    description: str


def unclaimed_lines(
    db: Database, start: date, end: date, antenna_id: int | None = None
) -> list[UnclaimedLine]:
    """Lines not yet on any claim between two days (both included)."""
    query = unclaimed_in(select(ExpenseLine, Volunteer), start, end, antenna_id).order_by(
        Volunteer.last_name, Volunteer.first_name, ExpenseLine.date, ExpenseLine.id
    )
    with db.session() as session:
        return [
            UnclaimedLine(
                line.id,
                volunteer.id,
                volunteer.full_name,
                line.date,
                line.kind,
                line.km,
                line.amount,
                line.description,
            )
            for line, volunteer in session.execute(query).all()
        ]
