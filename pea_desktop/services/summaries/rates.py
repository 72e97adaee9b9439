"""Hourly rate at which volunteer time is valued for the accounts (864 / 875), per year.

By default the gross SMIC of the year; the coordinator may set another rate for any year. The
rates entered are kept in the ``setting`` table under :data:`SETTING_KEY`, as a JSON object
``{"2025": "11.88", ...}`` (strings, so that no float ever touches a rate).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_euros
from pea_desktop.domain.money import to_money
from pea_desktop.store.database import Database
from pea_desktop.store.models import Setting

SETTING_KEY = "volunteer_hourly_rates"

# Gross hourly SMIC (for 2023, the rate in force from 1 May).
DEFAULT_RATES: dict[int, Decimal] = {
    2022: Decimal("10.85"),
    2023: Decimal("11.52"),
    2024: Decimal("11.65"),
    2025: Decimal("11.88"),
    2026: Decimal("12.02"),
}

MAX_RATE = Decimal("1000.00")


def _stored(session: Session) -> dict[int, Decimal]:
    raw = session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
    if not raw:
        return {}
    try:
        data = json.loads(raw)
        return {int(year): to_money(Decimal(str(rate))) for year, rate in data.items()}
    except (ValueError, TypeError, AttributeError, InvalidOperation):
        return {}  # a damaged setting falls back on the defaults rather than blocking reports


def _lookup(rates: dict[int, Decimal], year: int) -> Decimal:
    if year in rates:
        return rates[year]
    earlier = [y for y in rates if y < year]
    # A year after the last known one keeps the latest rate; before the first, the first one.
    return rates[max(earlier)] if earlier else rates[min(rates)]


def default_rate(year: int) -> Decimal:
    return _lookup(DEFAULT_RATES, year)


def hourly_rate(session: Session, year: int) -> Decimal:
    """The rate entered for ``year``, else the default rate of that year."""
    stored = _stored(session)
    if year in stored:
        return stored[year]
    return default_rate(year)


def hourly_rates(session: Session, years: list[int] | range) -> dict[int, Decimal]:
    stored = _stored(session)
    return {year: stored.get(year, default_rate(year)) for year in years}


def set_hourly_rate(session: Session, year: int, rate: Decimal | None) -> None:
    """Set the rate of ``year``; ``None`` goes back to the default rate."""
    if not 1900 <= year <= 2200:
        raise BadInputError(f"Année {year} invalide pour le taux horaire du bénévolat.")
    stored = _stored(session)
    if rate is None:
        stored.pop(year, None)
    else:
        value = to_money(rate)
        if not Decimal(0) < value <= MAX_RATE:
            raise BadInputError(
                f"Taux horaire du bénévolat {year} : {format_euros(value)} n'est pas un taux "
                f"valable (il doit être compris entre 0,01 € et {format_euros(MAX_RATE)})."
            )
        stored[year] = value
    payload = json.dumps({str(y): str(r) for y, r in sorted(stored.items())})
    setting = session.get(Setting, SETTING_KEY)
    if setting is None:
        session.add(Setting(key=SETTING_KEY, value=payload))
    else:
        setting.value = payload


def load_rates(db: Database, years: list[int] | range) -> dict[int, Decimal]:
    """The rate of each of ``years`` (entered, or default)."""
    with db.session() as session:
        return hourly_rates(session, years)


def save_rate(db: Database, year: int, rate: Decimal | None) -> None:
    """Set (or with ``None`` reset to the default) the rate of ``year``, in one transaction."""
    with db.session() as session:
        set_hourly_rate(session, year, rate)
