"""The claim documents' data, read from the database: forms, month batches, tax receipts.

Services stop at plain data (:mod:`pea_desktop.domain.claim_forms`). The caller turns it into a
PDF with :mod:`pea_desktop.reports` (``claim_form_pdf``, ``claim_batch_pdf``,
``tax_receipt_pdf``, ``receipt_list_pdf``) and writes the bytes with
:func:`pea_desktop.services.output_files.write_bytes_atomically`, so that a failure never leaves
a half-written file.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.amount_words import amount_in_words
from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.claim_forms import (
    ClaimForm,
    FormGroup,
    FormLine,
    MileageDetail,
    MonthBatch,
    ReceiptList,
    ReceiptListRow,
    Slip,
    SlipRow,
    TaxReceiptForm,
    mileage_note,
    rate_text,
)
from pea_desktop.domain.claims import ClaimStatus, ReceiptStatus, is_locked
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date, format_number, month_label
from pea_desktop.services.association import association_in
from pea_desktop.services.claims.views import ClaimDetail, claim_query, detail_in
from pea_desktop.services.claims.workflow import month_bounds
from pea_desktop.store.claims_models import TaxReceipt
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, AssociationSettings, ExpenseClaim

ZERO = Decimal(0)
MILESTONES = (
    (ClaimStatus.SUBMITTED, "Soumise"),
    (ClaimStatus.APPROVED, "Approuvée"),
    (ClaimStatus.REFUSED, "Refusée"),
    (ClaimStatus.WAIVED, "Abandon constaté"),
)


def issuer_in(session: Session) -> AssociationInfo:
    return association_in(session) or AssociationInfo(
        name="Association (à renseigner dans les paramètres)"
    )


def _band_formulas(scale_json: str) -> tuple[tuple[str, ...], Decimal]:
    data = json.loads(scale_json) if scale_json else {}
    formulas, lower = [], None
    for band in data.get("bands", []):
        rate = format_number(Decimal(band["rate"]), 3)
        fixed = Decimal(band["fixed"])
        formula = f"d × {rate}" + (f" + {format_number(fixed, 0)}" if fixed else "")
        upper = band["up_to_km"]
        if upper is None:
            where = f"d > {format_number(Decimal(lower or 0), 0)} km"
        else:
            where = f"d ≤ {format_number(Decimal(upper), 0)} km"
        formulas.append(f"{where} : {formula}")
        lower = upper
    return tuple(formulas), Decimal(data.get("electric_bonus", "0"))


def _mileage(claim: ClaimDetail) -> MileageDetail | None:
    lines = sorted(
        (line for line in claim.lines if line.km_before is not None and line.km_after is not None),
        key=lambda line: (line.km_before, line.day),
    )
    if not lines or claim.scale_year is None:
        return None
    bands, bonus = _band_formulas(claim.scale_json)
    # S(after) − S(before) holds for the claim when its lines follow each other in the year.
    contiguous = all(a.km_after == b.km_before for a, b in pairwise(lines))
    own_rates = {line.own_rate for line in lines if line.own_rate is not None}
    return MileageDetail(
        scale_year=claim.scale_year,
        row_label=claim.scale_label,
        bands=bands,
        electric_bonus=bonus if claim.electric else None,
        km_before=lines[0].km_before or ZERO,
        km_claimed=sum((line.km or ZERO for line in lines), ZERO),
        km_after=lines[-1].km_after or ZERO,
        scale_before=lines[0].scale_before if contiguous else None,
        scale_after=lines[-1].scale_after if contiguous else None,
        own_rate=max(own_rates) if own_rates else None,
        notice=claim.scale_notice,
    )


def form_of(claim: ClaimDetail, issuer: AssociationInfo) -> ClaimForm:
    """What the état de frais of ``claim`` prints."""
    bonus = _band_formulas(claim.scale_json)[1] if claim.electric else None
    groups = []
    for kind in ExpenseKind:
        lines = [line for line in claim.lines if line.kind is kind]
        if not lines:
            continue
        form_lines = []
        for line in lines:
            trip = " → ".join(p for p in (line.trip_from, line.trip_to) if p)
            purpose = " — ".join(p for p in (line.activity_label, line.description) if p)
            rate = note = ""
            amount = line.amount or ZERO
            if kind is ExpenseKind.MILEAGE:
                rate = rate_text(line.own_rate, line.band_rate, line.crosses_band, bonus)
                note = mileage_note(
                    line.km,
                    amount,
                    line.band_rate,
                    line.crosses_band,
                    line.own_rate,
                    bonus,
                    line.km_before,
                    line.km_after,
                )
            receipts = len(line.receipts)
            form_lines.append(
                FormLine(line.day, purpose, trip, line.km, rate, amount, receipts, note)
            )
        groups.append(FormGroup(kind.label, tuple(form_lines)))
    milestones = tuple(
        (label, day) for status, label in MILESTONES if (day := claim.status_date(status))
    )
    payment = ""
    if claim.status is ClaimStatus.PAID and claim.paid_on and claim.payment_method:
        payment = f"Payée le {format_date(claim.paid_on)} par {claim.payment_method.label.lower()}"
        if claim.payment_reference:
            payment += f", réf. {claim.payment_reference}"
    return ClaimForm(
        number=claim.number,
        status=claim.status.label,
        issuer=issuer,
        antenna=claim.antenna_label,
        period=claim.period_label,
        period_start=claim.period_start,
        period_end=claim.period_end,
        volunteer_name=claim.volunteer_name,
        volunteer_address=claim.volunteer_address,
        groups=tuple(groups),
        mileage=_mileage(claim),
        total=claim.total,
        total_words=amount_in_words(claim.total),
        waiver=claim.waiver,
        receipt_count=claim.receipt_count,
        milestones=milestones,
        payment=payment,
        refusal_reason=claim.refusal_reason if claim.status is ClaimStatus.REFUSED else "",
        flag=claim.flag_reason,
        notes=claim.notes,
        tax_receipt=claim.tax_receipt_number,
        locked=is_locked(claim.status),
    )


def _slip_row(claim: ClaimDetail) -> SlipRow:
    total = claim.total
    return SlipRow(
        number=claim.number,
        volunteer_name=claim.volunteer_name,
        status=claim.status.label,
        to_pay=ZERO if claim.waiver else total,
        waived=total if claim.waiver else ZERO,
        receipts=claim.receipt_count,
    )


def month_batch(
    db: Database, year: int, month: int, antenna_id: int | None, today: date | None = None
) -> MonthBatch:
    """Every claim of the month (refused ones aside) and their slip, in number order.

    The slip is dated ``today`` (by default the real today); print it with
    ``reports.claim_batch.claim_batch_pdf``.
    """
    start, _ = month_bounds(year, month)
    query = (
        claim_query()
        .where(ExpenseClaim.period_start == start, ExpenseClaim.status != ClaimStatus.REFUSED)
        .order_by(ExpenseClaim.seq)
    )
    if antenna_id is not None:
        query = query.where(ExpenseClaim.antenna_id == antenna_id)
    with db.session() as session:
        issuer = issuer_in(session)
        details = [detail_in(session, claim) for claim in session.scalars(query)]
        antenna = session.get(Antenna, antenna_id) if antenna_id is not None else None
        antenna_label = antenna.display_name if antenna else "toutes les antennes"
    slip = Slip(
        issuer=issuer,
        antenna=antenna_label,
        period=month_label(year, month),
        rows=tuple(_slip_row(claim) for claim in details),
        printed_on=today or date.today(),
    )
    return MonthBatch(slip, tuple(form_of(claim, issuer) for claim in details))


def claim_form(db: Database, claim_id: int) -> ClaimForm:
    """What the état de frais of one claim prints (``reports.claim_form.claim_form_pdf``)."""
    with db.session() as session:
        claim = session.scalar(claim_query().where(ExpenseClaim.id == claim_id))
        if claim is None:
            raise BadInputError("Cette note de frais n'existe plus.")
        return form_of(detail_in(session, claim), issuer_in(session))


# --- Tax receipts ---------------------------------------------------------------------------


def tax_receipt_form(db: Database, receipt_id: int) -> TaxReceiptForm:
    """The receipt as it was issued (its frozen copy), whatever changed since."""
    with db.session() as session:
        receipt = session.get(TaxReceipt, receipt_id)
        if receipt is None:
            raise BadInputError("Ce reçu fiscal n'existe pas.")
        issuer = AssociationInfo(**json.loads(receipt.association_json))
        claim = receipt.claim
        return TaxReceiptForm(
            number=receipt.number,
            issuer=issuer,
            donor_name=receipt.donor_name,
            donor_address=receipt.donor_address,
            amount=receipt.amount,
            amount_words=amount_in_words(receipt.amount),
            donation_date=receipt.donation_date,
            issued_on=receipt.issued_on,
            claim_number=claim.number,
            claim_period=month_label(claim.period_start.year, claim.period_start.month),
            replaces=receipt.replaces.number if receipt.replaces else "",
            cancelled=receipt.status is ReceiptStatus.CANCELLED,
            cancel_reason=receipt.cancel_reason,
            signature=session.scalar(select(AssociationSettings.signature_image).limit(1)),
        )


def year_receipts(db: Database, year: int) -> tuple[ReceiptList, list[TaxReceiptForm]]:
    """The year's list, and the printable form of each valid receipt (``print receipts``)."""
    listing = receipt_list(db, year)
    with db.session() as session:
        ids = list(
            session.scalars(
                select(TaxReceipt.id)
                .where(TaxReceipt.year == year, TaxReceipt.status == ReceiptStatus.ISSUED)
                .order_by(TaxReceipt.seq)
            )
        )
    return listing, [tax_receipt_form(db, receipt_id) for receipt_id in ids]


def receipt_list(db: Database, year: int) -> ReceiptList:
    """Every receipt numbered in ``year``, cancelled ones included (marked)."""
    with db.session() as session:
        receipts = session.scalars(
            select(TaxReceipt).where(TaxReceipt.year == year).order_by(TaxReceipt.seq)
        ).all()
        rows = []
        for receipt in receipts:
            cancelled = receipt.status is ReceiptStatus.CANCELLED
            notes = []
            if receipt.replaces is not None:
                notes.append(f"remplace {receipt.replaces.number}")
            if cancelled:
                notes.append(f"motif : {receipt.cancel_reason}")
            rows.append(
                ReceiptListRow(
                    number=receipt.number,
                    issued_on=receipt.issued_on,
                    donation_date=receipt.donation_date,
                    donor_name=receipt.donor_name,
                    claim_number=receipt.claim.number,
                    amount=receipt.amount,
                    cancelled=cancelled,
                    note=" ; ".join(notes),
                )
            )
        return ReceiptList(issuer_in(session), year, tuple(rows))
