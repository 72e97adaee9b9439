"""Models of expense claims, their receipts and tax receipts, and the mileage scales.

Rates and scales used for a claim are copied onto it (the claim's vehicle and scale snapshot,
each mileage line's :class:`MileageValuation`), so that a later change of scale never alters an
existing claim.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pea_desktop.domain.claims import ClaimStatus, PaymentMethod, ReceiptStatus
from pea_desktop.domain.enums import VehicleKind
from pea_desktop.store.models import Antenna, Base, ExpenseLine, Tracked, Volunteer, utcnow
from pea_desktop.store.types import Kilometres, ScaledDecimal


def rate_type() -> ScaledDecimal:
    """Euros per km, to the thousandth of a euro (the scale's precision)."""
    return ScaledDecimal(3)


class ExpenseClaim(Tracked, Base):
    """A note de frais: one volunteer, one period, a number per year, a workflow status."""

    __tablename__ = "expense_claim"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_expense_claim_year_seq"),
        Index("ix_expense_claim_antenna_period", "antenna_id", "period_start"),
        Index("ix_expense_claim_volunteer_period", "volunteer_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)  # NF-2025-0042
    year: Mapped[int]
    seq: Mapped[int]
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="RESTRICT"))
    antenna_id: Mapped[int] = mapped_column(ForeignKey("antenna.id", ondelete="RESTRICT"))
    period_start: Mapped[date]
    period_end: Mapped[date]
    status: Mapped[ClaimStatus] = mapped_column(default=ClaimStatus.DRAFT)
    # The volunteer's choice: give the expenses up as a donation instead of being reimbursed.
    waiver: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_reason: Mapped[str] = mapped_column(default="")  # e.g. unknown vehicle
    notes: Mapped[str] = mapped_column(Text, default="")
    # Copied when mileage is valued, frozen once the claim is locked.
    scale_year: Mapped[int | None]
    scale_notice: Mapped[str] = mapped_column(default="")  # "barème 2025 appliqué" in 2026
    vehicle_kind: Mapped[VehicleKind | None]
    fiscal_horsepower: Mapped[int | None]
    electric: Mapped[bool] = mapped_column(Boolean, default=False)
    scale_label: Mapped[str] = mapped_column(default="")  # "Voiture 5 CV"
    scale_json: Mapped[str] = mapped_column(Text, default="")  # bands and bonus used
    # Workflow details
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    paid_on: Mapped[date | None]
    payment_method: Mapped[PaymentMethod | None]
    payment_reference: Mapped[str] = mapped_column(default="")

    volunteer: Mapped[Volunteer] = relationship()
    antenna: Mapped[Antenna] = relationship()
    lines: Mapped[list[ExpenseLine]] = relationship(
        back_populates="claim", order_by="(ExpenseLine.date, ExpenseLine.id)"
    )
    history: Mapped[list[ClaimStatusChange]] = relationship(
        back_populates="claim", order_by="ClaimStatusChange.id", cascade="all, delete-orphan"
    )

    @property
    def flagged(self) -> bool:
        return bool(self.flag_reason)


class ClaimStatusChange(Base):
    """Who moved a claim from one status to another, and when (never edited)."""

    __tablename__ = "claim_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(
        ForeignKey("expense_claim.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[ClaimStatus | None]
    to_status: Mapped[ClaimStatus]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by: Mapped[str] = mapped_column(default="")
    note: Mapped[str] = mapped_column(Text, default="")

    claim: Mapped[ExpenseClaim] = relationship(back_populates="history")


class MileageValuation(Base):
    """How a mileage line was valued on its claim: the year-to-date distance and scale used."""

    __tablename__ = "mileage_valuation"

    expense_line_id: Mapped[int] = mapped_column(
        ForeignKey("expense_line.id", ondelete="CASCADE"), primary_key=True
    )
    km_before: Mapped[Decimal] = mapped_column(Kilometres())
    km_after: Mapped[Decimal] = mapped_column(Kilometres())
    scale_before: Mapped[Decimal]
    scale_after: Mapped[Decimal]
    band_rate: Mapped[Decimal] = mapped_column(rate_type())
    crosses_band: Mapped[bool] = mapped_column(Boolean, default=False)
    own_rate: Mapped[Decimal | None] = mapped_column(rate_type())

    expense_line: Mapped[ExpenseLine] = relationship(back_populates="valuation")


class ReceiptFile(Tracked, Base):
    """A receipt (justificatif) attached to an expense line, stored under its SHA-256."""

    __tablename__ = "expense_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    expense_line_id: Mapped[int] = mapped_column(
        ForeignKey("expense_line.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    stored_name: Mapped[str]  # <sha256>.<ext>, in the data folder's "justificatifs"
    original_name: Mapped[str] = mapped_column(default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    media_type: Mapped[str] = mapped_column(String(64), default="")
    deleted_at: Mapped[datetime | None]

    expense_line: Mapped[ExpenseLine] = relationship(back_populates="receipts")


class TaxReceipt(Tracked, Base):
    """A reçu fiscal (Cerfa n°11580*05) for a waived claim; frozen once issued.

    Everything printed is copied here, so the receipt can be printed again identically. A
    mistake is corrected by cancelling (reason kept) and issuing a new one that ``replaces`` it.
    """

    __tablename__ = "tax_receipt"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_tax_receipt_year_seq"),
        # One valid receipt per claim; cancelled ones stay beside it.
        Index(
            "uq_tax_receipt_issued_claim",
            "claim_id",
            unique=True,
            sqlite_where=text("status = 'emis'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)  # RF-2025-0007
    year: Mapped[int]
    seq: Mapped[int]
    claim_id: Mapped[int] = mapped_column(ForeignKey("expense_claim.id", ondelete="RESTRICT"))
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="RESTRICT"))
    status: Mapped[ReceiptStatus] = mapped_column(default=ReceiptStatus.ISSUED)
    amount: Mapped[Decimal]
    donation_date: Mapped[date]
    issued_on: Mapped[date]
    issued_by: Mapped[str] = mapped_column(default="")
    donor_name: Mapped[str]
    donor_address: Mapped[str] = mapped_column(Text, default="")
    association_json: Mapped[str] = mapped_column(Text, default="{}")
    cancelled_at: Mapped[datetime | None]
    cancelled_by: Mapped[str] = mapped_column(default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("tax_receipt.id", ondelete="RESTRICT")
    )

    claim: Mapped[ExpenseClaim] = relationship()
    volunteer: Mapped[Volunteer] = relationship()
    replaces: Mapped[TaxReceipt | None] = relationship(remote_side=[id])


class MileageScaleYear(Base):
    """The official scale of one year (editable in the settings)."""

    __tablename__ = "mileage_scale"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    electric_bonus: Mapped[Decimal] = mapped_column(ScaledDecimal(4), default=Decimal("0.2"))
    source: Mapped[str] = mapped_column(default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    bands: Mapped[list[MileageScaleBand]] = relationship(
        back_populates="scale",
        cascade="all, delete-orphan",
        order_by="(MileageScaleBand.row, MileageScaleBand.position)",
    )


class MileageScaleBand(Base):
    """One band of one line (vehicle kind and horsepower range) of a year's scale."""

    __tablename__ = "mileage_scale_band"
    __table_args__ = (
        UniqueConstraint("year", "row", "position", name="uq_mileage_scale_band_cell"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("mileage_scale.year", ondelete="CASCADE"))
    row: Mapped[int]  # order of the scale's lines
    position: Mapped[int]  # order of the bands within the line
    vehicle_kind: Mapped[VehicleKind]
    min_cv: Mapped[int | None]
    max_cv: Mapped[int | None]
    up_to_km: Mapped[Decimal | None] = mapped_column(Kilometres())
    rate: Mapped[Decimal] = mapped_column(rate_type())
    fixed: Mapped[Decimal] = mapped_column(default=Decimal(0))

    scale: Mapped[MileageScaleYear] = relationship(back_populates="bands")


class OwnMileageRate(Base):
    """The association's own rate per km for a vehicle kind, from a date on."""

    __tablename__ = "own_mileage_rate"
    __table_args__ = (
        UniqueConstraint("vehicle_kind", "valid_from", name="uq_own_mileage_rate_kind_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_kind: Mapped[VehicleKind]
    valid_from: Mapped[date]
    rate: Mapped[Decimal | None] = mapped_column(rate_type())  # None: back to the official scale
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
