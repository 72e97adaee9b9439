"""The demo's claims in every state: so that a newcomer sees every screen and document filled.

Over the twelve months before the current one: older months approved, most paid by a confirmed
SEPA transfer (cheques for those without IBAN), some waived (with their tax receipts); the month
before last approved and in a SEPA transfer waiting for confirmation; last month's drafts, one
submitted and one refused.
Volunteers get fictitious IBANs (a few are left without, to be paid by cheque).
"""

from __future__ import annotations

import contextlib
import random
from datetime import date, timedelta

from schwifty import IBAN
from sqlalchemy import select

from pea_desktop.domain.claims import ClaimAction, ClaimStatus, PaymentMethod
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.claims import sepa, workflow
from pea_desktop.store.database import Database
from pea_desktop.store.models import AssociationSettings, ExpenseClaim, Volunteer

ACTOR = "démonstration"
# Banks of fictitious accounts: (bank code, branch code) of well-known French networks.
BANKS = ("30006", "30002", "20041", "10278", "16606", "30004")


def _fictitious_iban(rng: random.Random) -> tuple[str, str]:
    iban = IBAN.generate(
        "FR",
        bank_code=rng.choice(BANKS) + f"{rng.randrange(100000):05d}",
        account_code=f"{rng.randrange(10**11):011d}",
    )
    bic = iban.bic
    return iban.compact, bic.compact if bic is not None else "AGRIFRPPXXX"


def _months_before(today: date, count: int) -> list[tuple[int, int]]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append((year, month))
    return list(reversed(months))


def give_claims_a_life(db: Database, today: date, seed: int = 1) -> None:
    rng = random.Random(seed)
    with db.session() as session:
        settings = session.scalar(select(AssociationSettings))
        if settings is not None:
            settings.iban, settings.bic = "FR7630006000011234567890189", "AGRIFRPPXXX"
            settings.status = "interet_general"
        volunteers = list(session.scalars(select(Volunteer)))
        for volunteer in volunteers:
            if rng.random() < 0.85:
                volunteer.iban, volunteer.bic = _fictitious_iban(rng)
        givers = {v.id for v in volunteers if rng.random() < 0.12}  # waive their expenses
    months = _months_before(today, 12)
    for index, (year, month) in enumerate(months[:-1]):
        workflow.prepare_month(db, year, month, actor=ACTOR)
        ids = workflow.claims_of_month(db, year, month)
        last = index == len(months) - 2
        with db.session() as session:
            for claim in session.scalars(select(ExpenseClaim).where(ExpenseClaim.id.in_(ids))):
                claim.waiver = claim.volunteer_id in givers
        try:
            approved = workflow.approve_claims(db, ids, actor=ACTOR, today=today)
        except BadInputError:
            continue  # a month with an expense the rules refuse stays in drafts
        del approved
        with db.session() as session:
            giving = list(
                session.scalars(
                    select(ExpenseClaim.id).where(
                        ExpenseClaim.id.in_(ids), ExpenseClaim.waiver.is_(True)
                    )
                )
            )
        for claim_id in giving:
            with contextlib.suppress(BadInputError):  # a claim of 0 €: no receipt
                workflow.apply_action(db, claim_id, ClaimAction.WAIVE, actor=ACTOR, today=today)
        try:
            transfer = sepa.prepare_transfer(db, year, month, actor=ACTOR, today=today)
        except BadInputError:
            continue
        if not last:
            paid_on = min(today, date(year, month, 28) + timedelta(days=12))
            sepa.confirm_batch(db, transfer.batch_id, paid_on, actor=ACTOR, today=today)
        # Those without IBAN of older months were paid by cheque.
        for claim_id in workflow.claims_of_month(db, year, month, statuses=(ClaimStatus.APPROVED,)):
            if last:
                break
            payment = workflow.Payment(
                min(today, date(year, month, 28) + timedelta(days=15)),
                PaymentMethod.CHEQUE,
                f"CHQ {rng.randrange(1000000, 9999999)}",
            )
            with contextlib.suppress(BadInputError):  # in the pending transfer
                workflow.apply_action(
                    db, claim_id, ClaimAction.PAY, actor=ACTOR, payment=payment, today=today
                )
    # Last month: drafts, one submitted, one refused (the coordinator's work in progress).
    year, month = months[-1]
    workflow.prepare_month(db, year, month, actor=ACTOR)
    current = workflow.claims_of_month(db, year, month)
    for position, claim_id in enumerate(current[:2]):
        try:
            workflow.apply_action(db, claim_id, ClaimAction.SUBMIT, actor=ACTOR, today=today)
            if position == 1:
                workflow.apply_action(
                    db,
                    claim_id,
                    ClaimAction.REFUSE,
                    actor=ACTOR,
                    reason="Justificatif du péage manquant : joignez-le puis soumettez à nouveau.",
                    today=today,
                )
        except BadInputError:
            continue
