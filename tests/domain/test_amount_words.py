from __future__ import annotations

from decimal import Decimal

import pytest

from pea_desktop.domain.amount_words import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("123.50", "cent vingt-trois euros et cinquante centimes"),
        ("1", "un euro"),
        ("1.01", "un euro et un centime"),
        ("0", "zéro euro"),
        ("0.80", "quatre-vingts centimes"),
        ("200", "deux cents euros"),
        ("281.21", "deux cent quatre-vingt-un euros et vingt et un centimes"),
        ("1980.00", "mille neuf cent quatre-vingts euros"),
        ("1000000", "un million d'euros"),
        ("1200000", "un million deux cent mille euros"),
        ("2.675", "deux euros et soixante-huit centimes"),  # rounded half-up first
    ],
)
def test_amount_in_words(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        amount_in_words(Decimal("-1"))
