"""Expense claims (notes de frais): preparing a month's drafts, editing, and the workflow.

Every status change is recorded (who, when, why). Approving a claim values its mileage lines
one last time and locks it; waiving it issues the tax receipt in the same transaction.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pea_desktop.domain.claims import (
    ClaimAction,
    ClaimRuleError,
    ClaimStatus,
    PaymentMethod,
    claim_number,
    ensure_editable,
    next_status,
)
from pea_desktop.domain.dates import read_year_month
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date, month_label
from pea_desktop.domain.plurals import plural
from pea_desktop.services.acting_user import acting_user
from pea_desktop.services.claims import receipts, valuation
from pea_desktop.services.claims.expenses import (
    ExpenseDraft,
    apply_draft,
    unclaimed_in,
    validate_expense,
)
from pea_desktop.services.concurrency import check_version
from pea_desktop.services.volunteer_lookup import find_volunteer
from pea_desktop.store.database import Database
from pea_desktop.store.models import (
    Antenna,
    ClaimStatusChange,
    ExpenseClaim,
    ExpenseLine,
    Volunteer,
    utcnow,
)
from pea_desktop.store.numbering import highest_seq


def parse_month(text: str) -> tuple[int, int]:
    """ "2025-03" -> (2025, 3); :class:`BadInputError` naming the option otherwise."""
    try:
        return read_year_month(text)
    except ValueError as exc:
        raise BadInputError(f"--month : {exc}") from exc


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def antenna_id_for(db: Database, code: str | None) -> int | None:
    """The id of the antenna ``code`` (case-insensitive), None for every antenna."""
    if code is None:
        return None
    with db.session() as session:
        found = session.scalar(select(Antenna.id).where(func.upper(Antenna.code) == code.upper()))
    if found is None:
        raise BadInputError(f"--antenna : aucune antenne n'a le code « {code} ».")
    return found


def _record(
    session: Session,
    claim: ExpenseClaim,
    source: ClaimStatus | None,
    actor: str | None,
    note: str = "",
) -> None:
    session.add(
        ClaimStatusChange(
            claim_id=claim.id,
            from_status=source,
            to_status=claim.status,
            changed_at=utcnow(),
            changed_by=acting_user(session, actor),
            note=note,
        )
    )


def _new_claim(
    session: Session, volunteer: Volunteer, year: int, month: int, actor: str | None
) -> ExpenseClaim:
    # Across every antenna, even when row-level security shows this login only its own.
    seq = highest_seq(session, "claim", year) + 1
    start, end = month_bounds(year, month)
    claim = ExpenseClaim(
        number=claim_number(year, seq),
        year=year,
        seq=seq,
        volunteer_id=volunteer.id,
        antenna_id=volunteer.antenna_id,
        period_start=start,
        period_end=end,
        status=ClaimStatus.DRAFT,
    )
    session.add(claim)
    session.flush()
    _record(session, claim, None, actor, f"Note créée pour {month_label(year, month)}.")
    return claim


def create_claim(
    db: Database, volunteer_id: int, year: int, month: int, actor: str | None = None
) -> int:
    """An empty draft claim for one volunteer and month."""
    with db.session() as session:
        volunteer = session.get(Volunteer, volunteer_id)
        if volunteer is None or volunteer.deleted_at is not None:
            raise BadInputError("Ce bénévole n'existe pas ou est à la corbeille.")
        return _new_claim(session, volunteer, year, month, actor).id


@dataclass
class PrepareReport:
    created: list[str] = field(default_factory=list)  # numbers of the new drafts
    completed: list[str] = field(default_factory=list)  # existing drafts given more lines
    lines: int = 0

    def summary(self) -> str:
        if not self.lines:
            return "Aucune dépense à réclamer : aucune note créée."
        parts = [plural(len(self.created), "note de frais créée", "notes de frais créées")]
        if self.completed:
            parts.append(plural(len(self.completed), "brouillon complété"))
        return f"{', '.join(parts)}, {plural(self.lines, 'dépense rattachée')}."


def prepare_month(
    db: Database, year: int, month: int, antenna_id: int | None = None, actor: str | None = None
) -> PrepareReport:
    """One draft per volunteer with unclaimed expenses in the month (idempotent).

    Lines go to the volunteer's existing draft for that month if there is one.
    """
    start, end = month_bounds(year, month)
    report = PrepareReport()
    with db.session() as session:
        query = unclaimed_in(select(ExpenseLine), start, end, antenna_id).order_by(
            Volunteer.last_name, Volunteer.first_name, Volunteer.id, ExpenseLine.date
        )
        by_volunteer: dict[int, list[ExpenseLine]] = defaultdict(list)
        for line in session.scalars(query):
            by_volunteer[line.volunteer_id].append(line)
        for volunteer_id, lines in by_volunteer.items():
            claim = session.scalar(
                select(ExpenseClaim)
                .where(
                    ExpenseClaim.volunteer_id == volunteer_id,
                    ExpenseClaim.period_start == start,
                    ExpenseClaim.status == ClaimStatus.DRAFT,
                )
                .order_by(ExpenseClaim.id)
                .limit(1)
            )
            if claim is None:
                claim = _new_claim(session, lines[0].volunteer, year, month, actor)
                report.created.append(claim.number)
            else:
                report.completed.append(claim.number)
            for line in lines:
                line.claim_id = claim.id
            report.lines += len(lines)
            session.flush()
            valuation.revalue(session, volunteer_id, year)
    return report


def month_to_prepare(db: Database, antenna_id: int | None, today: date) -> tuple[int, int]:
    """The month the claims screen opens on: the latest finished month with expenses on no
    claim yet; else the latest with claims still to handle (draft, submitted); else last
    month. Never an empty current month on the 1st."""
    first_of_month = today.replace(day=1)
    with db.session() as session:
        latest = session.scalar(
            unclaimed_in(
                select(func.max(ExpenseLine.date)), date(2000, 1, 1), today, antenna_id
            ).where(ExpenseLine.date < first_of_month)
        )
        if latest is None:
            query = select(func.max(ExpenseClaim.period_start)).where(
                ExpenseClaim.status.in_((ClaimStatus.DRAFT, ClaimStatus.SUBMITTED))
            )
            if antenna_id is not None:
                query = query.where(ExpenseClaim.antenna_id == antenna_id)
            latest = session.scalar(query)
    if latest is None:
        latest = first_of_month - timedelta(days=1)
    return latest.year, latest.month


# --- Editing a draft --------------------------------------------------------------------------


@dataclass
class ClaimEdit:
    """What the claim editor saves at once: the choice, the notes, the lines."""

    waiver: bool
    notes: str
    lines: list[ExpenseDraft]
    removed: list[int] = field(default_factory=list)
    version: int | None = None  # of the claim as the editor loaded it (optimistic locking)


def _editable_claim(session: Session, claim_id: int) -> ExpenseClaim:
    claim = session.get(ExpenseClaim, claim_id)
    if claim is None:
        raise BadInputError("Cette note de frais n'existe plus.")
    try:
        ensure_editable(claim.status, claim.number)
    except ClaimRuleError as exc:
        raise BadInputError(str(exc)) from exc
    return claim


def _edit_problems(claim: ExpenseClaim, edit: ClaimEdit) -> list[str]:
    problems = []
    for number, draft in enumerate(edit.lines, start=1):
        where = f"ligne {number}"
        problems += validate_expense(draft, where)
        if draft.day.year != claim.year:
            problems.append(
                f"{where}, colonne date : {format_date(draft.day)} n'est pas en {claim.year}, "
                f"l'année de la note {claim.number}."
            )
    return problems


def _apply_edit(session: Session, claim: ExpenseClaim, edit: ClaimEdit) -> list[ExpenseLine]:
    claim.waiver = edit.waiver
    claim.notes = edit.notes.strip()
    for line_id in edit.removed:
        line = session.get(ExpenseLine, line_id)
        if line is not None and line.claim_id == claim.id:
            line.deleted_at = utcnow()
            line.claim_id = None
            line.valuation = None
    lines = []
    for draft in edit.lines:
        draft.volunteer_id = claim.volunteer_id
        if draft.id is not None:
            existing = session.get(ExpenseLine, draft.id)
            if existing is None or existing.claim_id != claim.id:
                raise BadInputError("Une ligne n'appartient plus à cette note : rouvrez-la.")
        lines.append(apply_draft(session, draft, claim.id))
    session.flush()
    valuation.revalue(session, claim.volunteer_id, claim.year)
    return lines


def save_claim(db: Database, claim_id: int, edit: ClaimEdit) -> None:
    """Save the editor's changes to a draft, all or nothing."""
    with db.session() as session:
        claim = _editable_claim(session, claim_id)
        check_version(claim, edit.version)
        problems = _edit_problems(claim, edit)
        if problems:
            raise BadInputError(f"La note {claim.number} ne peut pas être enregistrée.", problems)
        _apply_edit(session, claim, edit)
        # Its lines are the claim: saving them is a new version of it, even when the claim's
        # own columns stay the same (another editor holding the old one must reload).
        claim.updated_at = utcnow()


@dataclass(frozen=True)
class ClaimPreview:
    amounts: list[Decimal | None]  # one per line of the edit, in order
    total: Decimal


def preview_claim(db: Database, claim_id: int, edit: ClaimEdit) -> ClaimPreview:
    """Amounts the edit would give (mileage valued on the scale), written nowhere."""
    session = db.sessions()
    try:
        session.begin()
        claim = _editable_claim(session, claim_id)
        for draft in edit.lines:
            if draft.kind is ExpenseKind.MILEAGE and (draft.km is None or draft.km < 0):
                draft.km = None
        lines = _apply_edit(session, claim, edit)
        amounts = [line.amount for line in lines]
        total = sum((a for a in amounts if a is not None), Decimal(0))
        return ClaimPreview(amounts, total)
    finally:
        session.rollback()
        session.close()


# --- Workflow -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payment:
    paid_on: date
    method: PaymentMethod
    reference: str = ""


def _submit_problems(session: Session, claim: ExpenseClaim) -> list[str]:
    lines = [line for line in claim.lines if line.deleted_at is None]
    if not lines:
        return ["La note ne contient aucune dépense."]
    problems = []
    for number, line in enumerate(lines, start=1):
        draft = ExpenseDraft(
            line.volunteer_id,
            line.date,
            line.kind,
            line.km,
            line.amount,
            line.trip_from,
            line.trip_to,
            line.description,
            line.activity_id,
        )
        problems += validate_expense(draft, f"ligne {number} ({format_date(line.date)})")
    return problems


def apply_action(
    db: Database,
    claim_id: int,
    action: ClaimAction,
    *,
    actor: str | None = None,
    reason: str = "",
    payment: Payment | None = None,
    today: date | None = None,
) -> ClaimStatus:
    """Move the claim through the workflow; :class:`BadInputError` when the rules refuse."""
    today = today or date.today()
    with db.session() as session:
        claim = session.get(ExpenseClaim, claim_id)
        if claim is None:
            raise BadInputError("Cette note de frais n'existe plus.")
        return _act(session, claim, action, actor, reason, payment, today)


def _act(
    session: Session,
    claim: ExpenseClaim,
    action: ClaimAction,
    actor: str | None,
    reason: str,
    payment: Payment | None,
    today: date,
) -> ClaimStatus:
    """One workflow step inside the caller's transaction (recorded with who and when)."""
    try:
        target = next_status(claim.status, action, claim.waiver)
    except ClaimRuleError as exc:
        raise BadInputError(f"Note {claim.number} : {exc}") from exc
    note = reason.strip()
    if action is ClaimAction.SUBMIT:
        valuation.revalue(session, claim.volunteer_id, claim.year)
        problems = _submit_problems(session, claim)
        if problems:
            raise BadInputError(f"La note {claim.number} ne peut pas être soumise.", problems)
    elif action is ClaimAction.REFUSE and not note:
        raise BadInputError("Indiquez le motif du refus.")
    elif action is ClaimAction.APPROVE:
        valuation.revalue(session, claim.volunteer_id, claim.year)
        valuation.lock(session, claim)
    elif action is ClaimAction.PAY:
        note = _payment_note(claim, payment, today)
    source = claim.status
    claim.status = target
    if action is ClaimAction.REFUSE:
        claim.refusal_reason = note
    session.flush()
    if action in (ClaimAction.REFUSE, ClaimAction.REOPEN, ClaimAction.APPROVE):
        valuation.revalue(session, claim.volunteer_id, claim.year)
    if action is ClaimAction.WAIVE:
        receipt = receipts.issue_tax_receipt(session, claim, actor, today)
        note = f"Reçu fiscal {receipt.number} émis."
    _record(session, claim, source, actor, note)
    return target


def act_in(
    session: Session,
    claim: ExpenseClaim,
    action: ClaimAction,
    actor: str | None,
    payment: Payment | None,
    today: date,
) -> ClaimStatus:
    """One workflow step inside another service's transaction (the SEPA confirmation)."""
    return _act(session, claim, action, actor, "", payment, today)


def approve_claims(
    db: Database,
    claim_ids: Sequence[int],
    *,
    actor: str | None = None,
    today: date | None = None,
) -> list[str]:
    """Approve several claims at once, submitting drafts first; all or nothing.

    Returns the numbers of the claims approved, in the order given. A claim that is neither a
    draft nor submitted is refused with the others' problems, and nothing changes.
    """
    today = today or date.today()
    approved: list[str] = []
    problems: list[str] = []
    with db.session() as session:
        claims = []
        for claim_id in dict.fromkeys(claim_ids):
            claim = session.get(ExpenseClaim, claim_id)
            if claim is None:
                problems.append(f"la note n° {claim_id} n'existe plus")
            elif claim.status not in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED):
                problems.append(f"{claim.number} : la note est « {claim.status.label} »")
            else:
                claims.append(claim)
        # Approved in date order, so that each volunteer's year is locked in the order of trips.
        claims.sort(key=lambda c: (c.period_start, c.number))
        for claim in claims:
            try:
                if claim.status is ClaimStatus.DRAFT:
                    _act(session, claim, ClaimAction.SUBMIT, actor, "", None, today)
                _act(session, claim, ClaimAction.APPROVE, actor, "", None, today)
                approved.append(claim.number)
            except BadInputError as error:
                problems += [f"{claim.number} : {p}" for p in error.problems] or [error.message]
        if problems:
            session.rollback()
            raise BadInputError(
                f"Aucune note n'a été approuvée ({plural(len(problems), 'problème')}).", problems
            )
    return approved


def waive_claim(
    db: Database, claim_id: int, *, actor: str | None = None, today: date | None = None
) -> str:
    """The volunteer gives the claim up: submitted and approved if needed, then waived and its
    tax receipt issued, all in one transaction. Returns the receipt's number.

    The choice can still be made on an open claim (its amounts are valued with it); on a claim
    already approved for reimbursement, only when that leaves every amount as it is (no own
    rate above the scale), because waiving never changes an amount.
    """
    today = today or date.today()
    with db.session() as session:
        claim = session.get(ExpenseClaim, claim_id)
        if claim is None:
            raise BadInputError("Cette note de frais n'existe plus.")
        if claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED):
            claim.waiver = True
            session.flush()
            if claim.status is ClaimStatus.DRAFT:
                _act(session, claim, ClaimAction.SUBMIT, actor, "", None, today)
            _act(session, claim, ClaimAction.APPROVE, actor, "", None, today)
        elif claim.status is ClaimStatus.APPROVED and not claim.waiver:
            changed = [
                line
                for line in claim.lines
                if line.valuation is not None
                and line.valuation.own_rate is not None
                and line.amount is not None
                and line.amount > line.valuation.scale_after - line.valuation.scale_before
            ]
            if changed:
                raise BadInputError(
                    f"La note {claim.number} a été approuvée au taux de l'association, "
                    "au-dessus du barème : rouvrez-la pour la transformer en abandon de frais."
                )
            claim.waiver = True
        _act(session, claim, ClaimAction.WAIVE, actor, "", None, today)
        receipt = receipts.current_receipt(session, claim.id)
        return receipt


def claims_of_month(
    db: Database,
    year: int,
    month: int,
    antenna_id: int | None = None,
    volunteer_id: int | None = None,
    statuses: Sequence[ClaimStatus] = (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED),
) -> list[int]:
    """Ids of the month's claims in ``statuses`` (by number), for an antenna or volunteer."""
    start, _ = month_bounds(year, month)
    query = select(ExpenseClaim.id).where(
        ExpenseClaim.period_start == start, ExpenseClaim.status.in_(list(statuses))
    )
    if antenna_id is not None:
        query = query.where(ExpenseClaim.antenna_id == antenna_id)
    if volunteer_id is not None:
        query = query.where(ExpenseClaim.volunteer_id == volunteer_id)
    with db.session() as session:
        return list(session.scalars(query.order_by(ExpenseClaim.number)))


def volunteer_id_for(db: Database, name: str, antenna_id: int | None = None) -> int:
    """The id of the volunteer called ``name`` (``--volunteer``)."""
    with db.session() as session:
        return find_volunteer(session, name, antenna_id).id


def _payment_note(claim: ExpenseClaim, payment: Payment | None, today: date) -> str:
    if payment is None:
        raise BadInputError("Indiquez la date et le mode de paiement.")
    problems = []
    if payment.paid_on > today:
        problems.append(f"date : le paiement du {format_date(payment.paid_on)} est dans le futur.")
    if payment.paid_on < claim.period_start:
        problems.append("date : le paiement précède la période de la note.")
    if payment.method is not PaymentMethod.CASH and not payment.reference.strip():
        problems.append("référence : indiquez le numéro du chèque ou la référence du virement.")
    if problems:
        raise BadInputError(f"Le paiement de la note {claim.number} est incomplet.", problems)
    claim.paid_on = payment.paid_on
    claim.payment_method = payment.method
    claim.payment_reference = payment.reference.strip()
    reference = f", réf. {claim.payment_reference}" if claim.payment_reference else ""
    return f"Payée le {format_date(payment.paid_on)} par {payment.method.label.lower()}{reference}."


def revalue_claim(db: Database, claim_id: int) -> None:
    """Value the draft's mileage again (after the volunteer's vehicle or a scale changed)."""
    with db.session() as session:
        claim = session.get(ExpenseClaim, claim_id)
        if claim is None:
            raise BadInputError("Cette note de frais n'existe plus.")
        if claim.status not in valuation.OPEN:
            raise BadInputError(
                f"La note {claim.number} est « {claim.status.label} » : ses montants sont figés."
            )
        valuation.revalue(session, claim.volunteer_id, claim.year)
