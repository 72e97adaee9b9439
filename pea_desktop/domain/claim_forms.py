"""Plain data the claim documents print, prepared by :mod:`pea_desktop.services.claims.documents`.

Amounts are Decimal and dates are ``date``: formatting belongs to the report modules, except
the wording of a mileage rate (:func:`rate_text`), which the form lines carry ready-made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.formatting import (
    NARROW_NBSP,
    NBSP,
    format_euros,
    format_km,
    format_percent,
    format_rate,
)
from pea_desktop.domain.money import to_money


@dataclass(frozen=True)
class FormLine:
    day: date
    purpose: str  # the activity, or the description
    trip: str  # "Lyon → Villeurbanne", empty when not a trip
    km: Decimal | None
    rate: str  # already worded: "0,529 €/km", "barème (changement de tranche)"
    amount: Decimal
    receipts: int
    note: str = ""  # why the amount is not km × rate (band change, rounding, cap)


@dataclass(frozen=True)
class FormGroup:
    label: str  # "Indemnités kilométriques", "Péage"...
    lines: tuple[FormLine, ...]

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def km(self) -> Decimal:
        return sum((line.km or Decimal(0) for line in self.lines), Decimal(0))


@dataclass(frozen=True)
class MileageDetail:
    """How the claim's mileage was valued: the scale used and the year-to-date distance."""

    scale_year: int
    row_label: str
    bands: tuple[str, ...]  # "d ≤ 5 000 km : d × 0,529"
    electric_bonus: Decimal | None  # 0.20 when the vehicle is electric, else None
    km_before: Decimal
    km_claimed: Decimal
    km_after: Decimal
    scale_before: Decimal | None  # S(km_before) and S(km_after) when the lines follow
    scale_after: Decimal | None  # each other (the usual case), None otherwise
    own_rate: Decimal | None = None
    notice: str = ""  # "Barème 2026 non publié : barème 2025 appliqué."


@dataclass(frozen=True)
class ClaimForm:
    """One état de frais."""

    number: str
    status: str
    issuer: AssociationInfo
    antenna: str
    period: str  # "mars 2025"
    period_start: date
    period_end: date
    volunteer_name: str
    volunteer_address: str
    groups: tuple[FormGroup, ...]
    mileage: MileageDetail | None
    total: Decimal
    total_words: str
    waiver: bool
    receipt_count: int
    milestones: tuple[tuple[str, date], ...] = ()  # ("Soumise", date), ...
    payment: str = ""  # "Payée le 20/04/2025 par virement, réf. VIR-0420"
    refusal_reason: str = ""
    flag: str = ""  # e.g. unknown vehicle, for the coordinator to complete
    notes: str = ""
    tax_receipt: str = ""  # number of the tax receipt of a waived claim
    locked: bool = False  # approved, paid or waived: nothing left "to check"


@dataclass(frozen=True)
class SlipRow:
    number: str
    volunteer_name: str
    status: str
    to_pay: Decimal
    waived: Decimal
    receipts: int


@dataclass(frozen=True)
class Slip:
    """The treasurer's bordereau preceding a month's claim forms."""

    issuer: AssociationInfo
    antenna: str
    period: str
    rows: tuple[SlipRow, ...]
    printed_on: date

    @property
    def total_to_pay(self) -> Decimal:
        return sum((row.to_pay for row in self.rows), Decimal(0))

    @property
    def total_waived(self) -> Decimal:
        return sum((row.waived for row in self.rows), Decimal(0))


@dataclass(frozen=True)
class TaxReceiptForm:
    """A reçu fiscal following Cerfa n°11580*05, from its frozen copy."""

    number: str
    issuer: AssociationInfo
    donor_name: str
    donor_address: str
    amount: Decimal
    amount_words: str
    donation_date: date
    issued_on: date
    claim_number: str
    claim_period: str
    replaces: str = ""  # number of the receipt it replaces
    cancelled: bool = False
    cancel_reason: str = ""
    signature: bytes | None = None  # the signatory's scanned signature, if given


@dataclass(frozen=True)
class ReceiptListRow:
    number: str
    issued_on: date
    donation_date: date
    donor_name: str
    claim_number: str
    amount: Decimal
    cancelled: bool
    note: str = ""  # "annule et remplace RF-…", "annulé : motif"


@dataclass(frozen=True)
class ReceiptList:
    issuer: AssociationInfo
    year: int
    rows: tuple[ReceiptListRow, ...] = field(default_factory=tuple)

    @property
    def issued(self) -> tuple[ReceiptListRow, ...]:
        return tuple(row for row in self.rows if not row.cancelled)

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.issued), Decimal(0))


@dataclass(frozen=True)
class MonthBatch:
    """A month's claims as printed together: the slip, then every claim form."""

    slip: Slip
    forms: tuple[ClaimForm, ...]


def rate_text(
    own_rate: Decimal | None, band_rate: Decimal | None, crosses: bool, bonus: Decimal | None
) -> str:
    """How a mileage line's rate reads on the form ("0,529 €/km", "0,636 €/km +20 %")."""
    if own_rate is not None:
        return _unbreakable(format_rate(own_rate))
    if band_rate is None:
        return ""
    if crosses:
        return "barème (2 tranches)"
    extra = f" +{_unbreakable(format_percent(bonus * 100))}" if bonus else ""
    return _unbreakable(format_rate(band_rate)) + extra


def _unbreakable(text: str) -> str:
    # The PDF may break a line at a narrow no-break space: the rate must stay on one line.
    return text.replace(NARROW_NBSP, NBSP)


def mileage_note(
    km: Decimal | None,
    amount: Decimal,
    band_rate: Decimal | None,
    crosses: bool,
    own_rate: Decimal | None,
    bonus: Decimal | None,
    km_before: Decimal | None,
    km_after: Decimal | None,
) -> str:
    """Why a mileage line pays what it pays, when that is not simply km × rate."""
    if km is None or band_rate is None:
        return ""
    if own_rate is not None:
        own = to_money(km * own_rate)
        if amount < own:
            return (
                f"{format_km(km)} km × {format_rate(own_rate)} = {format_euros(own)}, plafonné "
                "à la valeur du barème (abandon de frais)"
            )
        return ""
    if crosses and km_before is not None and km_after is not None:
        return (
            f"change de tranche du barème entre {format_km(km_before)} et {format_km(km_after)} "
            "km dans l'année : S(après) − S(avant)"
        )
    product = to_money(km * band_rate * (1 + (bonus or Decimal(0))))
    if product != amount:
        extra = f" + {format_percent(bonus * 100)}" if bonus else ""
        return (
            f"{format_km(km)} km × {format_rate(band_rate)}{extra} = {format_euros(product)} ; "
            f"{format_euros(amount)} payés : arrondi du barème de l'année, S(après) − S(avant)"
        )
    return ""
