from __future__ import annotations

from decimal import Decimal

import pytest

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.summaries.rates import SETTING_KEY, default_rate, load_rates, save_rate
from pea_desktop.store.database import Database
from pea_desktop.store.models import Setting


def test_defaults_are_the_gross_smic() -> None:
    assert default_rate(2022) == Decimal("10.85")
    assert default_rate(2023) == Decimal("11.52")
    assert default_rate(2024) == Decimal("11.65")
    assert default_rate(2025) == Decimal("11.88")
    assert default_rate(2026) == Decimal("12.02")
    assert default_rate(2031) == Decimal("12.02")  # latest known rate until one is entered
    assert default_rate(2019) == Decimal("10.85")


def test_rate_is_editable_per_year_and_resettable(db: Database) -> None:
    save_rate(db, 2025, Decimal("12.5"))
    assert load_rates(db, [2024, 2025]) == {2024: Decimal("11.65"), 2025: Decimal("12.50")}
    with db.session() as session:
        assert session.get(Setting, SETTING_KEY).value == '{"2025": "12.50"}'
    save_rate(db, 2025, None)
    assert load_rates(db, [2025]) == {2025: Decimal("11.88")}


@pytest.mark.parametrize("rate", [Decimal(0), Decimal("-3"), Decimal("5000")])
def test_absurd_rates_are_refused(db: Database, rate: Decimal) -> None:
    with pytest.raises(BadInputError, match="Taux horaire"):
        save_rate(db, 2025, rate)
    assert load_rates(db, [2025]) == {2025: Decimal("11.88")}


def test_damaged_setting_falls_back_on_defaults(db: Database) -> None:
    with db.session() as session:
        session.add(Setting(key=SETTING_KEY, value="{not json"))
    assert load_rates(db, [2026]) == {2026: Decimal("12.02")}
