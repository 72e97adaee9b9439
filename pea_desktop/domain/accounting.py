"""The year's accounting entries, for the association's accounting software (docs/formats.md).

Three kinds of entries, each balanced (debit = credit):

- expenses reimbursed (claims approved or paid): each nature's expense account debited, the
  volunteers' account (467) credited, one entry per claim;
- expenses waived (tax receipts): each nature's expense account debited, 75412 "Abandons de
  frais par les bénévoles" credited, the receipt number as the document reference;
- volunteer time valued (864 "Personnel bénévole" debited, 875 "Bénévolat" credited), one entry
  per year, on 31 December.

The account numbers are settings; :data:`DEFAULT_ACCOUNTS` follows the French chart of accounts
of associations (règlement ANC 2018-06).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pea_desktop.domain.enums import ExpenseKind

# Setting key -> (default account, what it is for).
DEFAULT_ACCOUNTS: dict[str, tuple[str, str]] = {
    "km": ("62510000", "Indemnités kilométriques (voyages et déplacements)"),
    "peage": ("62510000", "Péages"),
    "parking": ("62510000", "Stationnement"),
    "transport": ("62510000", "Transports en commun"),
    "repas": ("62560000", "Repas (missions)"),
    "hebergement": ("62560000", "Hébergement (missions)"),
    "autre": ("62880000", "Autres frais"),
    "volunteers": ("46700000", "Bénévoles : notes de frais à payer"),
    "waived": ("75412000", "Abandons de frais par les bénévoles"),
    "volunteer_time": ("86400000", "Personnel bénévole"),
    "volunteer_time_counterpart": ("87500000", "Bénévolat"),
}
JOURNAL_EXPENSES = "NDF"
JOURNAL_WAIVERS = "ABF"
JOURNAL_VOLUNTEERING = "BEN"
HEADERS = ("date", "journal", "compte", "libelle", "piece", "debit", "credit")


def accounts_with(overrides: Mapping[str, str]) -> dict[str, str]:
    """The account of every key, the settings' ones replacing the defaults."""
    return {key: overrides.get(key) or default for key, (default, _) in DEFAULT_ACCOUNTS.items()}


def account_problems(overrides: Mapping[str, str]) -> list[str]:
    problems = []
    for key, value in overrides.items():
        if key not in DEFAULT_ACCOUNTS:
            problems.append(f"compte « {key} » inconnu")
        elif value and not (value.isdigit() and 3 <= len(value) <= 12):
            problems.append(f"compte {key} : « {value} » n'est pas un numéro de compte")
    return problems


@dataclass(frozen=True)
class EntryLine:
    day: date
    journal: str
    account: str
    label: str
    reference: str
    debit: Decimal = Decimal("0.00")
    credit: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class ClaimAmounts:
    """One claim's amounts by nature, as the accounts see them."""

    number: str
    volunteer: str
    day: date  # approval (reimbursed) or donation (waived) date
    by_kind: tuple[tuple[ExpenseKind, Decimal], ...]
    receipt: str = ""  # tax receipt number of a waived claim


def claim_entry(claim: ClaimAmounts, accounts: Mapping[str, str], waived: bool) -> list[EntryLine]:
    journal = JOURNAL_WAIVERS if waived else JOURNAL_EXPENSES
    reference = claim.receipt if waived else claim.number
    what = "Abandon de frais" if waived else "Note de frais"
    label = f"{what} {claim.number} {claim.volunteer}"
    if waived:
        label += f" (reçu {claim.receipt})"
    # One debit line per account: natures sharing an account (mileage, tolls) add up.
    per_account: dict[str, Decimal] = {}
    for kind, amount in claim.by_kind:
        account = accounts[kind.value]
        per_account[account] = per_account.get(account, Decimal("0.00")) + amount
    lines = []
    total = Decimal("0.00")
    for account, amount in per_account.items():
        if amount:
            lines.append(EntryLine(claim.day, journal, account, label, reference, debit=amount))
            total += amount
    if total:
        counterpart = accounts["waived" if waived else "volunteers"]
        lines.append(EntryLine(claim.day, journal, counterpart, label, reference, credit=total))
    return lines


def volunteer_time_entry(
    year: int, hours_text: str, value: Decimal, accounts: Mapping[str, str]
) -> list[EntryLine]:
    if not value:
        return []
    day = date(year, 12, 31)
    label = f"Contributions volontaires : {hours_text} de bénévolat {year}"
    reference = f"BEN-{year}"
    return [
        EntryLine(
            day, JOURNAL_VOLUNTEERING, accounts["volunteer_time"], label, reference, debit=value
        ),
        EntryLine(
            day,
            JOURNAL_VOLUNTEERING,
            accounts["volunteer_time_counterpart"],
            label,
            reference,
            credit=value,
        ),
    ]


def _amount(value: Decimal) -> str:
    # Accounting software reads a plain decimal comma, no thousands separator.
    return "" if not value else f"{value:.2f}".replace(".", ",")


def entries_csv(lines: Iterable[EntryLine]) -> str:
    """Semicolon-separated, dates JJ/MM/AAAA, decimal comma (docs/formats.md)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for line in lines:
        writer.writerow(
            (
                line.day.strftime("%d/%m/%Y"),
                line.journal,
                line.account,
                line.label,
                line.reference,
                _amount(line.debit),
                _amount(line.credit),
            )
        )
    return out.getvalue()
