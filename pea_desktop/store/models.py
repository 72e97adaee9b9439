"""Typed SQLAlchemy models of everything the antenna records, and the claims its expenses go on.

Expense lines, the claims (notes de frais) that gather them, their receipts and mileage
valuations refer to each other, so they live together here; tax receipts and mileage scales,
which only point at them, are in :mod:`claims_models`. Import :mod:`schema` for every table.

Every user-facing row has a stable UUID and created/updated timestamps, so that databases kept on
several laptops can later be merged. Rows the user deletes are only marked (``deleted_at``) and
stay in the bin until purged.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.claims import ClaimStatus, PaymentMethod, ReceiptStatus
from pea_desktop.domain.enums import (
    AudienceKind,
    ExpenseKind,
    InterventionFormat,
    PartnerKind,
    Requester,
    VehicleKind,
    VisitPlace,
    VolunteerRole,
)
from pea_desktop.store.types import EnumValue, Kilometres, KindCode, Money, rate_type

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        Decimal: Money(),
        ActivityKind: KindCode(),
        AudienceKind: EnumValue(AudienceKind),
        ClaimStatus: EnumValue(ClaimStatus),
        ExpenseKind: EnumValue(ExpenseKind),
        InterventionFormat: EnumValue(InterventionFormat),
        PartnerKind: EnumValue(PartnerKind),
        PaymentMethod: EnumValue(PaymentMethod),
        ReceiptStatus: EnumValue(ReceiptStatus),
        Requester: EnumValue(Requester),
        VehicleKind: EnumValue(VehicleKind),
        VisitPlace: EnumValue(VisitPlace),
        VolunteerRole: EnumValue(VolunteerRole),
        str: String(),
        date: Date(),
        time: Time(),
        datetime: DateTime(),
    }


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class, for bulk inserts (``__table__`` is typed FromClause)."""
    return Base.metadata.tables[model.__tablename__]


class Tracked:
    """Columns shared by every row that users create: identity across databases and history.

    ``version`` counts the saves (optimistic locking, migration 0010): an UPDATE says which
    version it read, and one that finds the row moved on fails (``StaleDataError``) instead of
    overwriting another user's save. ``updated_by`` is who saved last (store/audit.py sets it).
    """

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(64), default="", server_default="")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class AssociationSettings(Base):
    """The association itself (a single row): what documents and tax receipts print."""

    __tablename__ = "association"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(default="")
    address: Mapped[str] = mapped_column(default="")
    postal_code: Mapped[str] = mapped_column(default="")
    city: Mapped[str] = mapped_column(default="")
    rna: Mapped[str] = mapped_column(default="")
    siren: Mapped[str] = mapped_column(default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    signatory_name: Mapped[str] = mapped_column(default="")
    signatory_title: Mapped[str] = mapped_column(default="")
    # Cerfa n°11580*05 options (migration 0006): status box, form of the gift, article 978.
    status: Mapped[str] = mapped_column(default="interet_general", server_default="interet_general")
    donation_form: Mapped[str] = mapped_column(
        default="declaration_don_manuel", server_default="declaration_don_manuel"
    )
    article_978: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The account volunteers are reimbursed from (SEPA transfers).
    iban: Mapped[str] = mapped_column(String(34), default="", server_default="")
    bic: Mapped[str] = mapped_column(String(11), default="", server_default="")
    # The signatory's scanned signature (PNG or JPEG), printed on tax receipts and attestations.
    signature_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Setting(Base):
    """Other settings, one JSON value per key (e.g. the volunteer hourly rate of each year)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="null")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Antenna(Tracked, Base):
    __tablename__ = "antenna"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(default="")
    department: Mapped[str] = mapped_column(String(3), default="")
    # Visit references and notes older than this many years may be purged (services/retention).
    retention_years: Mapped[int] = mapped_column(default=3, server_default="3")
    # A one-person antenna approves drafts directly (both steps still recorded; migration 0008).
    direct_approval: Mapped[bool] = mapped_column(default=False, server_default=false())

    volunteers: Mapped[list[Volunteer]] = relationship(back_populates="antenna")

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


class AntennaKey(Base):
    """The antenna's Ed25519 signing key: its federation exports are signed with it.

    Held by the base (encrypt the base to protect it); created on the first signed export.
    """

    __tablename__ = "antenna_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    antenna_id: Mapped[int] = mapped_column(
        ForeignKey("antenna.id", ondelete="CASCADE"), unique=True
    )
    private_key: Mapped[str] = mapped_column(String(64))  # the 32-byte seed, hex
    public_key: Mapped[str] = mapped_column(String(64))  # hex
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


activity_volunteer = Table(
    "activity_volunteer",
    Base.metadata,
    Column("activity_id", ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column("volunteer_id", ForeignKey("volunteer.id", ondelete="RESTRICT"), primary_key=True),
    # Order in which volunteers were listed: the first one spent the activity's expenses.
    Column("position", Integer, nullable=False, default=0),
    # Identity of the link across laptops (exchange, migration 0009).
    Column("uuid", String(36), nullable=False, unique=True, default=new_uuid),
    Index("ix_activity_volunteer_volunteer", "volunteer_id", "activity_id"),
)


class Volunteer(Tracked, Base):
    __tablename__ = "volunteer"
    __table_args__ = (Index("ix_volunteer_antenna_name", "antenna_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    antenna_id: Mapped[int] = mapped_column(ForeignKey("antenna.id", ondelete="RESTRICT"))
    first_name: Mapped[str]
    last_name: Mapped[str]
    # Accent- and case-folded "first last", to recognise a name however it is typed.
    name_key: Mapped[str] = mapped_column(default="")
    role: Mapped[VolunteerRole] = mapped_column(default=VolunteerRole.VOLUNTEER)
    email: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(default="")
    address: Mapped[str] = mapped_column(default="")
    postal_code: Mapped[str] = mapped_column(default="")
    city: Mapped[str] = mapped_column(default="")
    # None means "not known yet": mileage is then paid at the lowest car line and flagged.
    vehicle_kind: Mapped[VehicleKind | None]
    fiscal_horsepower: Mapped[int | None]
    electric: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where reimbursements are transferred (migration 0006); shown masked, never exported.
    iban: Mapped[str] = mapped_column(String(34), default="", server_default="")
    bic: Mapped[str] = mapped_column(String(11), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deleted_at: Mapped[datetime | None]
    # Set when the volunteer left and their personal data was erased (services/retention).
    erased_at: Mapped[datetime | None]

    antenna: Mapped[Antenna] = relationship(back_populates="volunteers")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def postal_address(self) -> str:
        """Street, then postal code and town, on two lines (blank parts left out)."""
        town = f"{self.postal_code} {self.city}".strip()
        return "\n".join(part for part in (self.address.strip(), town) if part)


class Partner(Tracked, Base):
    """A partner structure where interventions take place (CSAPA, hospital, school...)."""

    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    kind: Mapped[PartnerKind] = mapped_column(default=PartnerKind.OTHER)
    town: Mapped[str] = mapped_column(default="")
    deleted_at: Mapped[datetime | None]


LIVE = text("deleted_at IS NULL")


class Activity(Tracked, Base):
    """One groupe de parole, visite or intervention; kind-specific fields are null elsewhere."""

    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_antenna_kind_date", "antenna_id", "kind", "date"),
        Index("ix_activity_kind_date", "kind", "date"),
        # Lists and summaries read live rows only (migrations 0004-0005).
        Index(
            "ix_activity_live_kind_date", "kind", "date", sqlite_where=LIVE, postgresql_where=LIVE
        ),
        Index(
            "ix_activity_live_antenna_kind_date",
            "antenna_id",
            "kind",
            "date",
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
        Index(
            "ix_activity_live_kind_place", "kind", "place", sqlite_where=LIVE, postgresql_where=LIVE
        ),
        Index(
            "ix_activity_live_antenna_date",
            "antenna_id",
            "date",
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
        # PostgreSQL's trigram index for the text search (SQLite has its FTS5 table instead).
        Index(
            "ix_activity_search_trigram",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ActivityKind]
    antenna_id: Mapped[int] = mapped_column(ForeignKey("antenna.id", ondelete="RESTRICT"))
    date: Mapped[date]
    start_time: Mapped[time | None]
    duration_minutes: Mapped[int | None]
    place: Mapped[str] = mapped_column(default="")
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    # Groupe de parole
    theme: Mapped[str] = mapped_column(default="")
    participants: Mapped[int | None]
    first_timers: Mapped[int | None]
    relatives: Mapped[int | None]
    # Visite: the person is known only by a pseudonymous reference, never by name.
    requester: Mapped[Requester | None]
    visit_place: Mapped[VisitPlace | None]
    reference: Mapped[str] = mapped_column(String(64), default="")
    # Témoignage / intervention
    intervention_format: Mapped[InterventionFormat | None]
    audience_kind: Mapped[AudienceKind | None]
    audience_size: Mapped[int | None]
    deleted_at: Mapped[datetime | None]
    # Place, theme, reference and notes folded (lower case, no accents), kept up to date by a
    # trigger (migration 0003) so that searching 200,000 activities stays a plain LIKE.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    antenna: Mapped[Antenna] = relationship()
    partner: Mapped[Partner | None] = relationship()
    volunteers: Mapped[list[Volunteer]] = relationship(
        secondary=activity_volunteer, order_by=activity_volunteer.c.position
    )
    expenses: Mapped[list[ExpenseLine]] = relationship(back_populates="activity")


class ExpenseLine(Tracked, Base):
    """Money a volunteer spent, with or without an activity; claimed or waived later."""

    __tablename__ = "expense_line"
    __table_args__ = (
        Index("ix_expense_line_volunteer_date", "volunteer_id", "date"),
        Index("ix_expense_line_date", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="RESTRICT"))
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="SET NULL"), index=True
    )
    date: Mapped[date]
    kind: Mapped[ExpenseKind]
    # Mileage lines carry a distance; their amount is valued on the scale when claimed.
    km: Mapped[Decimal | None] = mapped_column(Kilometres())
    amount: Mapped[Decimal | None]
    trip_from: Mapped[str] = mapped_column(default="")
    trip_to: Mapped[str] = mapped_column(default="")
    description: Mapped[str] = mapped_column(default="")
    # The claim (note de frais) the line is on; None while not yet claimed.
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("expense_claim.id", ondelete="SET NULL"), index=True
    )
    deleted_at: Mapped[datetime | None]

    volunteer: Mapped[Volunteer] = relationship()
    activity: Mapped[Activity | None] = relationship(back_populates="expenses")
    claim: Mapped[ExpenseClaim | None] = relationship(back_populates="lines")
    receipts: Mapped[list[ReceiptFile]] = relationship(
        back_populates="expense_line", order_by="ReceiptFile.id"
    )
    valuation: Mapped[MileageValuation | None] = relationship(
        back_populates="expense_line", cascade="all, delete-orphan"
    )


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


class SepaBatch(Base):
    """A SEPA credit transfer file written for approved claims (pain.001.001.03).

    The file itself is not kept (it holds the IBANs): only what identifies it at the bank. Its
    claims become paid when the treasurer confirms that the bank accepted it.
    """

    __tablename__ = "sepa_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(35), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(default="")
    execution_date: Mapped[date]
    year: Mapped[int]
    month: Mapped[int]
    antenna_id: Mapped[int | None] = mapped_column(ForeignKey("antenna.id", ondelete="RESTRICT"))
    transfers: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[Decimal]
    confirmed_on: Mapped[date | None]
    confirmed_by: Mapped[str] = mapped_column(default="")
    cancelled_at: Mapped[datetime | None]

    transfers_rows: Mapped[list[SepaTransfer]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", order_by="SepaTransfer.claim_id"
    )


class SepaTransfer(Base):
    """One claim paid by a SEPA batch, and the amount transferred for it."""

    __tablename__ = "sepa_transfer"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("sepa_batch.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[int] = mapped_column(
        ForeignKey("expense_claim.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    amount: Mapped[Decimal]

    batch: Mapped[SepaBatch] = relationship(back_populates="transfers_rows")
    claim: Mapped[ExpenseClaim] = relationship()


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


class ChangeLog(Base):
    """The audit trail: who created, changed, deleted, restored or imported what, and when.

    Append-only; written by one listener (store/audit.py) for ORM flushes and by one call per
    batch for bulk inserts. ``summary`` is short French with no personal data of people helped.
    Its highest id is the base's "data stamp": lists reload when it moves.
    """

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_row", "table_name", "row_uuid"),
        # Inserted without RETURNING: a server login may add lines but read none (0010).
        {"implicit_returning": False},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), default="")
    table_name: Mapped[str] = mapped_column(String(32))
    row_uuid: Mapped[str] = mapped_column(String(36), default="")
    action: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
