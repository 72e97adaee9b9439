"""Models of tax receipts (reçus fiscaux) and of the mileage scales.

Rates and scales used for a claim are copied onto it (the claim's vehicle and scale snapshot,
each mileage line's :class:`~pea_desktop.store.models.MileageValuation`), so that a later change
of scale never alters an existing claim. The claims themselves are in :mod:`models`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pea_desktop.domain.claims import ReceiptStatus
from pea_desktop.domain.enums import VehicleKind
from pea_desktop.store.models import Base, ExpenseClaim, Tracked, Volunteer, utcnow
from pea_desktop.store.types import Kilometres, ScaledDecimal, rate_type


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
            postgresql_where=text("status = 'emis'"),
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
