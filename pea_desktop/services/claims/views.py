"""Read side of expense claims: the list of an antenna's claims and one claim in detail.

Plain frozen dataclasses, so that views and reports never hold ORM objects.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from pea_desktop.domain.claims import (
    ClaimAction,
    ClaimStatus,
    PaymentMethod,
    ReceiptStatus,
    allowed_actions,
    is_editable,
    is_locked,
)
from pea_desktop.domain.enums import ExpenseKind, VehicleKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import month_label
from pea_desktop.store.claims_models import TaxReceipt
from pea_desktop.store.database import Database
from pea_desktop.store.models import (
    Activity,
    Antenna,
    ExpenseClaim,
    ExpenseLine,
    ReceiptFile,
    Volunteer,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class ClaimRow:
    id: int
    number: str
    volunteer_name: str
    antenna_code: str
    period_start: date
    status: ClaimStatus
    waiver: bool
    total: Decimal
    line_count: int
    receipt_count: int
    flagged: bool
    flag_reason: str = ""  # why it is flagged, shown in the list (not only once opened)

    @property
    def period_label(self) -> str:
        return month_label(self.period_start.year, self.period_start.month)


def list_claims(
    db: Database,
    antenna_id: int | None,
    statuses: Collection[ClaimStatus] | None = None,
    year: int | None = None,
    month: int | None = None,
) -> list[ClaimRow]:
    """Claims of an antenna (None: every antenna), newest period first."""
    live = ExpenseLine.deleted_at.is_(None)
    totals = (
        select(
            ExpenseLine.claim_id.label("claim_id"),
            func.coalesce(func.sum(ExpenseLine.amount), 0).label("total"),
            func.count(ExpenseLine.id).label("lines"),
        )
        .where(live, ExpenseLine.claim_id.is_not(None))
        .group_by(ExpenseLine.claim_id)
        .subquery()
    )
    files = (
        select(ExpenseLine.claim_id.label("claim_id"), func.count(ReceiptFile.id).label("files"))
        .join(ReceiptFile, ReceiptFile.expense_line_id == ExpenseLine.id)
        .where(live, ReceiptFile.deleted_at.is_(None))
        .group_by(ExpenseLine.claim_id)
        .subquery()
    )
    query = (
        select(ExpenseClaim, Volunteer, Antenna.code, totals.c.total, totals.c.lines, files.c.files)
        .join(Volunteer, Volunteer.id == ExpenseClaim.volunteer_id)
        .join(Antenna, Antenna.id == ExpenseClaim.antenna_id)
        .outerjoin(totals, totals.c.claim_id == ExpenseClaim.id)
        .outerjoin(files, files.c.claim_id == ExpenseClaim.id)
        .order_by(ExpenseClaim.period_start.desc(), Volunteer.last_name, ExpenseClaim.number)
    )
    if antenna_id is not None:
        query = query.where(ExpenseClaim.antenna_id == antenna_id)
    if statuses:
        query = query.where(ExpenseClaim.status.in_(list(statuses)))
    if year is not None:
        query = query.where(ExpenseClaim.year == year)
        if month is not None:
            query = query.where(ExpenseClaim.period_start == date(year, month, 1))
    with db.session() as session:
        return [
            ClaimRow(
                claim.id,
                claim.number,
                volunteer.full_name,
                code,
                claim.period_start,
                claim.status,
                claim.waiver,
                total if total is not None else ZERO,
                lines or 0,
                files_count or 0,
                claim.flagged,
                claim.flag_reason or "",
            )
            for claim, volunteer, code, total, lines, files_count in session.execute(query)
        ]


@dataclass(frozen=True)
class ReceiptInfo:
    id: int
    original_name: str
    size: int


@dataclass(frozen=True)
class ClaimLineInfo:
    id: int
    day: date
    kind: ExpenseKind
    km: Decimal | None
    amount: Decimal | None
    trip_from: str
    trip_to: str
    description: str
    activity_id: int | None
    activity_label: str
    receipts: tuple[ReceiptInfo, ...]
    # Mileage valuation copied onto the claim (None for other kinds)
    km_before: Decimal | None = None
    km_after: Decimal | None = None
    scale_before: Decimal | None = None  # S(km_before)
    scale_after: Decimal | None = None  # S(km_after)
    band_rate: Decimal | None = None
    crosses_band: bool = False
    own_rate: Decimal | None = None


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    by: str
    source: ClaimStatus | None
    target: ClaimStatus
    note: str


@dataclass(frozen=True)
class ClaimDetail:
    id: int
    number: str
    status: ClaimStatus
    waiver: bool
    volunteer_id: int
    volunteer_name: str
    volunteer_address: str
    antenna_id: int
    antenna_label: str
    period_start: date
    period_end: date
    notes: str
    flag_reason: str
    scale_notice: str
    scale_label: str
    scale_year: int | None
    scale_json: str
    vehicle_kind: VehicleKind | None
    electric: bool
    refusal_reason: str
    paid_on: date | None
    payment_method: PaymentMethod | None
    payment_reference: str
    lines: tuple[ClaimLineInfo, ...]
    history: tuple[HistoryEntry, ...]
    tax_receipt_id: int | None
    tax_receipt_number: str
    # The antenna approves drafts without the submit step (Paramètres, one-person antenna).
    direct_approval: bool = False
    version: int | None = None  # as loaded: the editor's save over a newer one is refused

    @property
    def total(self) -> Decimal:
        return sum((line.amount or ZERO for line in self.lines), ZERO)

    @property
    def editable(self) -> bool:
        return is_editable(self.status)

    @property
    def locked(self) -> bool:
        return is_locked(self.status)

    @property
    def actions(self) -> list[ClaimAction]:
        actions = allowed_actions(self.status, self.waiver)
        if self.direct_approval and self.status is ClaimStatus.DRAFT:
            # Done by approve_claims: submitted then approved, both steps in the history.
            actions.append(ClaimAction.APPROVE)
        return actions

    @property
    def period_label(self) -> str:
        return month_label(self.period_start.year, self.period_start.month)

    @property
    def receipt_count(self) -> int:
        return sum(len(line.receipts) for line in self.lines)

    def status_date(self, status: ClaimStatus) -> date | None:
        """When the claim last reached ``status``."""
        dates = [h.at.date() for h in self.history if h.target is status]
        return dates[-1] if dates else None


def activity_label(activity: Activity | None) -> str:
    if activity is None:
        return ""
    where = activity.place or (activity.partner.name if activity.partner else "")
    return f"{activity.kind.label} — {where}" if where else activity.kind.label


def _line_info(line: ExpenseLine) -> ClaimLineInfo:
    receipts = tuple(
        ReceiptInfo(r.id, r.original_name, r.size) for r in line.receipts if r.deleted_at is None
    )
    valued = line.valuation
    return ClaimLineInfo(
        id=line.id,
        day=line.date,
        kind=line.kind,
        km=line.km,
        amount=line.amount,
        trip_from=line.trip_from,
        trip_to=line.trip_to,
        description=line.description,
        activity_id=line.activity_id,
        activity_label=activity_label(line.activity),
        receipts=receipts,
        km_before=valued.km_before if valued else None,
        km_after=valued.km_after if valued else None,
        scale_before=valued.scale_before if valued else None,
        scale_after=valued.scale_after if valued else None,
        band_rate=valued.band_rate if valued else None,
        crosses_band=valued.crosses_band if valued else False,
        own_rate=valued.own_rate if valued else None,
    )


def detail_in(session: Session, claim: ExpenseClaim) -> ClaimDetail:
    volunteer = claim.volunteer
    receipt = session.execute(
        select(TaxReceipt.id, TaxReceipt.number).where(
            TaxReceipt.claim_id == claim.id, TaxReceipt.status == ReceiptStatus.ISSUED
        )
    ).first()
    return ClaimDetail(
        id=claim.id,
        number=claim.number,
        status=claim.status,
        waiver=claim.waiver,
        volunteer_id=volunteer.id,
        volunteer_name=volunteer.full_name,
        volunteer_address=volunteer.postal_address,
        antenna_id=claim.antenna_id,
        antenna_label=claim.antenna.display_name,
        period_start=claim.period_start,
        period_end=claim.period_end,
        notes=claim.notes,
        flag_reason=claim.flag_reason,
        scale_notice=claim.scale_notice,
        scale_label=claim.scale_label,
        scale_year=claim.scale_year,
        scale_json=claim.scale_json,
        vehicle_kind=claim.vehicle_kind,
        electric=claim.electric,
        refusal_reason=claim.refusal_reason,
        paid_on=claim.paid_on,
        payment_method=claim.payment_method,
        payment_reference=claim.payment_reference,
        version=claim.version,
        lines=tuple(_line_info(line) for line in claim.lines if line.deleted_at is None),
        history=tuple(
            HistoryEntry(h.changed_at, h.changed_by, h.from_status, h.to_status, h.note)
            for h in claim.history
        ),
        tax_receipt_id=receipt[0] if receipt else None,
        tax_receipt_number=receipt[1] if receipt else "",
        direct_approval=claim.antenna.direct_approval,
    )


def claim_query() -> Select[Any]:
    return select(ExpenseClaim).options(
        selectinload(ExpenseClaim.volunteer),
        selectinload(ExpenseClaim.antenna),
        selectinload(ExpenseClaim.history),
        selectinload(ExpenseClaim.lines).selectinload(ExpenseLine.receipts),
        selectinload(ExpenseClaim.lines).selectinload(ExpenseLine.valuation),
        selectinload(ExpenseClaim.lines)
        .selectinload(ExpenseLine.activity)
        .selectinload(Activity.partner),
    )


def load_claim(db: Database, claim_id: int) -> ClaimDetail:
    with db.session() as session:
        claim = session.scalar(claim_query().where(ExpenseClaim.id == claim_id))
        if claim is None:
            raise BadInputError("Cette note de frais n'existe plus.")
        return detail_in(session, claim)
