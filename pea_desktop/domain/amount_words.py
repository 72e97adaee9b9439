"""Amounts in French words, as a cheque or a tax receipt writes them.

"cent vingt-trois euros et cinquante centimes", "un euro", "un million d'euros".
"""

from __future__ import annotations

from decimal import Decimal

from num2words import num2words

from pea_desktop.domain.money import to_money


def number_words(value: int) -> str:
    """A whole number in French words (traditional spelling: "quatre-vingts", "deux cents")."""
    if value < 0:
        raise ValueError(value)
    return str(num2words(value, lang="fr"))


def _unit(count: int, singular: str, plural: str) -> str:
    words = number_words(count)
    if count < 2:
        return f"{words} {singular}"
    # "un million d'euros", "deux milliards d'euros", but "un million deux cents euros".
    if words.endswith(("million", "millions", "milliard", "milliards")):
        return f"{words} d'{plural}" if plural[0] in "aeiouy" else f"{words} de {plural}"
    return f"{words} {plural}"


def amount_in_words(amount: Decimal | int | str) -> str:
    """The amount rounded to the cent, in words; cents are omitted when there are none."""
    value = to_money(amount)
    if value < 0:
        raise ValueError(f"montant négatif : {value}")
    cents_total = int(value * 100)
    euros, cents = divmod(cents_total, 100)
    if cents == 0:
        return _unit(euros, "euro", "euros")
    cents_words = _unit(cents, "centime", "centimes")
    if euros == 0:
        return cents_words
    return f"{_unit(euros, 'euro', 'euros')} et {cents_words}"
