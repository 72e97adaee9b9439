"""The year's accounting entries (docs/formats.md): reimbursed and waived expenses by nature,
volunteer time valued; account numbers kept in the settings.

Reads claims and summaries, which never import it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.accounting import (
    ClaimAmounts,
    EntryLine,
    account_problems,
    accounts_with,
    claim_entry,
    volunteer_time_entry,
)
from pea_desktop.domain.claims import ClaimStatus, ReceiptStatus
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_hours_of_minutes
from pea_desktop.domain.period import Period
from pea_desktop.services.summaries.summary import compute_summary, scope_for_id
from pea_desktop.store.claims_models import TaxReceipt
from pea_desktop.store.database import Database
from pea_desktop.store.models import ExpenseClaim, Setting

SETTING_KEY = "accounting_accounts"


def _stored(session: Session) -> dict[str, str]:
    raw = session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def load_accounts(db: Database) -> dict[str, str]:
    """Every account number in use (settings over defaults)."""
    with db.session() as session:
        return accounts_with(_stored(session))


def save_accounts(db: Database, overrides: dict[str, str]) -> None:
    """Set some account numbers; an empty value goes back to the default."""
    cleaned = {key: "".join(value.split()) for key, value in overrides.items()}
    if problems := account_problems(cleaned):
        raise BadInputError("Les comptes ne sont pas enregistrés.", problems)
    with db.session() as session:
        stored = _stored(session)
        stored.update(cleaned)
        stored = {k: v for k, v in stored.items() if v}
        row = session.get(Setting, SETTING_KEY) or Setting(key=SETTING_KEY)
        row.value = json.dumps(stored, sort_keys=True)
        session.add(row)


def _amounts(claim: ExpenseClaim, day: date, receipt: str = "") -> ClaimAmounts:
    by_kind: dict[ExpenseKind, Decimal] = defaultdict(Decimal)
    for line in claim.lines:
        if line.deleted_at is None and line.amount is not None:
            by_kind[line.kind] += line.amount
    ordered = tuple((kind, by_kind[kind]) for kind in ExpenseKind if kind in by_kind)
    return ClaimAmounts(claim.number, claim.volunteer.full_name, day, ordered, receipt)


def year_entries(db: Database, year: int, antenna_id: int | None = None) -> list[EntryLine]:
    """The entries of ``year`` (claims of that year; volunteer time of that year)."""
    with db.session() as session:
        accounts = accounts_with(_stored(session))
        query = select(ExpenseClaim).where(
            ExpenseClaim.year == year,
            ExpenseClaim.status.in_([ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.WAIVED]),
        )
        if antenna_id is not None:
            query = query.where(ExpenseClaim.antenna_id == antenna_id)
        receipts = {
            r.claim_id: r
            for r in session.scalars(
                select(TaxReceipt).where(TaxReceipt.status == ReceiptStatus.ISSUED)
            )
        }
        reimbursed: list[EntryLine] = []
        waived: list[EntryLine] = []
        for claim in session.scalars(query.order_by(ExpenseClaim.number)):
            # Dated at the end of the claim's period: the expenses belong to that year's
            # accounts, however late they were approved or waived.
            day = claim.period_end
            if claim.status is ClaimStatus.WAIVED:
                receipt = receipts.get(claim.id)
                number = receipt.number if receipt else "sans reçu"
                waived += claim_entry(_amounts(claim, day, number), accounts, waived=True)
            else:
                reimbursed += claim_entry(_amounts(claim, day), accounts, waived=False)
        summary = compute_summary(session, Period.for_year(year), scope_for_id(session, antenna_id))
        time: list[EntryLine] = []
        for valuation in summary.valuation:
            time += volunteer_time_entry(
                valuation.year,
                format_hours_of_minutes(valuation.minutes),
                valuation.value,
                accounts,
            )
    by_date = sorted(reimbursed, key=lambda e: e.day) + sorted(waived, key=lambda e: e.day)
    return by_date + time
