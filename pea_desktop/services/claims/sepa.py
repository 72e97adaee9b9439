"""Reimbursing approved claims by SEPA credit transfer (pain.001.001.03, with ``sepaxml``).

The treasurer asks for the month's transfer file: every approved claim to be reimbursed whose
volunteer has an IBAN, not already in a pending transfer. The file is checked against the
pain.001.001.03 schema before it is handed over, and the batch is recorded (identifier, claims,
amounts; never the IBANs). Once the bank has accepted it, the treasurer confirms the batch and
its claims become paid by transfer, the batch's identifier as their payment reference.

IBANs leave the base only in this file; screens show them masked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sepaxml import SepaTransfer as SepaXmlTransfer
from sepaxml.validation import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.bank import mask_iban
from pea_desktop.domain.claims import ClaimAction, ClaimStatus, PaymentMethod
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date, format_euros, month_label
from pea_desktop.domain.plurals import plural
from pea_desktop.services.acting_user import acting_user
from pea_desktop.services.association import association_in
from pea_desktop.services.claims import workflow
from pea_desktop.services.claims.receipts import claim_total
from pea_desktop.store.database import Database
from pea_desktop.store.models import ExpenseClaim, SepaBatch, SepaTransfer, utcnow


@dataclass(frozen=True)
class TransferLine:
    claim_number: str
    volunteer: str
    iban_masked: str
    amount: Decimal


@dataclass
class SepaFile:
    """What ``prepare_transfer`` wrote: the XML, the batch it recorded, who was left out."""

    xml: bytes
    batch_id: int
    message_id: str
    execution_date: date
    lines: list[TransferLine] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # claims without IBAN, with the reason

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def summary(self) -> str:
        return (
            f"{plural(len(self.lines), 'virement')} pour {format_euros(self.total)}, "
            f"exécution demandée le {format_date(self.execution_date)}"
        )


@dataclass(frozen=True)
class BatchRow:
    id: int
    message_id: str
    created_at: str
    period: str
    transfers: int
    total: Decimal
    state: str  # "en attente", "confirmé le …", "annulé"
    pending: bool


def _pending_claim_ids(session: Session) -> set[int]:
    query = (
        select(SepaTransfer.claim_id)
        .join(SepaBatch)
        .where(SepaBatch.confirmed_on.is_(None), SepaBatch.cancelled_at.is_(None))
    )
    return set(session.scalars(query))


def _candidates(
    session: Session, start: date, antenna_id: int | None
) -> tuple[list[tuple[ExpenseClaim, Decimal]], list[str]]:
    """The month's approved claims to reimburse that can go in a transfer, and the others
    with the reason they cannot."""
    query = select(ExpenseClaim).where(
        ExpenseClaim.period_start == start,
        ExpenseClaim.status == ClaimStatus.APPROVED,
        ExpenseClaim.waiver.is_(False),
    )
    if antenna_id is not None:
        query = query.where(ExpenseClaim.antenna_id == antenna_id)
    pending = _pending_claim_ids(session)
    lines: list[tuple[ExpenseClaim, Decimal]] = []
    left_out: list[str] = []
    for claim in session.scalars(query.order_by(ExpenseClaim.number)):
        amount = claim_total(claim)
        who = claim.volunteer.full_name
        if claim.id in pending:
            left_out.append(f"{claim.number} ({who}) : déjà dans un virement en attente")
        elif amount <= 0:
            left_out.append(f"{claim.number} ({who}) : note de 0 €")
        elif not (claim.volunteer.iban and claim.volunteer.bic):
            left_out.append(f"{claim.number} ({who}) : IBAN ou BIC inconnu, à payer autrement")
        else:
            lines.append((claim, amount))
    return lines, left_out


def transfer_candidates(
    db: Database, year: int, month: int, antenna_id: int | None = None
) -> tuple[list[TransferLine], list[str]]:
    """What :func:`prepare_transfer` would put in the file (IBANs masked), recording nothing."""
    start, _ = workflow.month_bounds(year, month)
    with db.session() as session:
        lines, left_out = _candidates(session, start, antenna_id)
        return [
            TransferLine(c.number, c.volunteer.full_name, mask_iban(c.volunteer.iban), a)
            for c, a in lines
        ], left_out


def _next_business_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def prepare_transfer(
    db: Database,
    year: int,
    month: int,
    antenna_id: int | None = None,
    *,
    actor: str | None = None,
    today: date | None = None,
    execution_date: date | None = None,
) -> SepaFile:
    """The transfer file of the month's approved claims, recorded as a pending batch.

    :class:`BadInputError` when the association has no bank account or nothing can be paid.
    """
    today = today or date.today()
    execution = execution_date or _next_business_day(today)
    start, _ = workflow.month_bounds(year, month)
    with db.session() as session:
        issuer = association_in(session)
        if issuer is None or not (issuer.iban and issuer.bic and issuer.name):
            raise BadInputError(
                "Le virement ne peut pas être préparé : indiquez l'IBAN et le BIC du compte de "
                "l'association (paramètres de l'association, ou pea-desktop association set "
                "--iban … --bic …)."
            )
        lines, left_out = _candidates(session, start, antenna_id)
        if not lines:
            raise BadInputError(
                f"Aucune note approuvée {_of(year, month)} à rembourser par virement.", left_out
            )
        transfer = _TransferFile(issuer.name, issuer.iban, issuer.bic)
        for claim, amount in lines:
            transfer.add(
                name=claim.volunteer.full_name,
                iban=claim.volunteer.iban,
                bic=claim.volunteer.bic,
                amount=amount,
                execution=execution,
                description=(
                    f"Remboursement note de frais {claim.number} "
                    f"{month_label(claim.period_start.year, claim.period_start.month)}"
                ),
                reference=claim.number,
            )
        xml = transfer.export()
        batch = SepaBatch(
            message_id=transfer.message_id,
            created_at=utcnow(),
            created_by=acting_user(session, actor),
            execution_date=execution,
            year=year,
            month=month,
            antenna_id=antenna_id,
            transfers=len(lines),
            total=sum((amount for _, amount in lines), Decimal(0)),
            confirmed_by="",
        )
        batch.transfers_rows = [SepaTransfer(claim_id=c.id, amount=a) for c, a in lines]
        session.add(batch)
        session.flush()
        return SepaFile(
            xml=xml,
            batch_id=batch.id,
            message_id=batch.message_id,
            execution_date=execution,
            lines=[
                TransferLine(c.number, c.volunteer.full_name, mask_iban(c.volunteer.iban), a)
                for c, a in lines
            ],
            left_out=left_out,
        )


def _of(year: int, month: int) -> str:
    label = month_label(year, month)
    return f"d'{label}" if label[0] in "aeiouy" else f"de {label}"


class _TransferFile:
    """A thin wrapper over ``sepaxml.SepaTransfer``: amounts in Decimal, one batch."""

    def __init__(self, name: str, iban: str, bic: str) -> None:
        self._sepa = SepaXmlTransfer(
            {"name": name, "IBAN": iban, "BIC": bic, "batch": True, "currency": "EUR"},
            schema="pain.001.001.03",
        )

    @property
    def message_id(self) -> str:
        return str(self._sepa.msg_id)

    def add(
        self,
        *,
        name: str,
        iban: str,
        bic: str,
        amount: Decimal,
        execution: date,
        description: str,
        reference: str,
    ) -> None:
        cents = int((amount * 100).to_integral_value())
        self._sepa.add_payment(
            {
                "name": name,
                "IBAN": iban,
                "BIC": bic,
                "amount": cents,
                "execution_date": execution,
                "description": description,
                "endtoend_id": reference,
            }
        )

    def export(self) -> bytes:
        try:
            return bytes(self._sepa.export(validate=True, pretty_print=True))
        except ValidationError as exc:  # a name or text the schema refuses
            raise BadInputError(
                "Le fichier de virement ne respecte pas le schéma SEPA pain.001.001.03 : "
                "vérifiez les noms du titulaire et des bénévoles."
            ) from exc


def list_batches(db: Database) -> list[BatchRow]:
    """Every transfer batch, newest first, for the treasurer's screen."""
    with db.session() as session:
        rows = []
        for batch in session.scalars(select(SepaBatch).order_by(SepaBatch.id.desc())):
            if batch.cancelled_at is not None:
                state = "annulé"
            elif batch.confirmed_on is not None:
                state = f"confirmé le {format_date(batch.confirmed_on)}"
            else:
                state = "en attente de confirmation"
            rows.append(
                BatchRow(
                    batch.id,
                    batch.message_id,
                    format_date(batch.created_at.date()),
                    month_label(batch.year, batch.month),
                    batch.transfers,
                    batch.total,
                    state,
                    batch.confirmed_on is None and batch.cancelled_at is None,
                )
            )
        return rows


def _pending(session: Session, batch_id: int) -> SepaBatch:
    batch = session.get(SepaBatch, batch_id)
    if batch is None:
        raise BadInputError("Ce virement n'existe pas.")
    if batch.cancelled_at is not None or batch.confirmed_on is not None:
        raise BadInputError(f"Le virement {batch.message_id} n'est plus en attente.")
    return batch


def confirm_batch(
    db: Database,
    batch_id: int,
    paid_on: date,
    *,
    actor: str | None = None,
    today: date | None = None,
) -> list[str]:
    """The bank accepted the file: its claims become paid by transfer (all or nothing)."""
    today = today or date.today()
    with db.session() as session:
        batch = _pending(session, batch_id)
        payment = workflow.Payment(paid_on, PaymentMethod.TRANSFER, batch.message_id)
        paid = []
        for row in batch.transfers_rows:
            workflow.act_in(session, row.claim, ClaimAction.PAY, actor, payment, today)
            paid.append(row.claim.number)
        batch.confirmed_on = paid_on
        batch.confirmed_by = acting_user(session, actor)
        return paid


def cancel_batch(db: Database, batch_id: int) -> None:
    """The file was not sent, or the bank refused it: its claims may go in another one."""
    with db.session() as session:
        _pending(session, batch_id).cancelled_at = utcnow()
