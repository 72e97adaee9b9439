"""Money and quantities: Decimal with fixed places, rounded half-up, parsed from French text."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pea_desktop.domain.formatting import NARROW_NBSP, NBSP

CENT = Decimal("0.01")


def to_money(value: Decimal | int | str) -> Decimal:
    """Round to the cent, half-up (the accounting rule for each line)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_decimal(text: str) -> Decimal:
    """Parse a French or English decimal ("1 234,50", "1234.5"); raise ValueError if not one."""
    cleaned = text.strip().replace(NBSP, "").replace(NARROW_NBSP, "").replace(" ", "")
    cleaned = cleaned.removesuffix("€").removesuffix("EUR").strip()
    if "," in cleaned and "." in cleaned:
        # "1.234,50": the last separator is the decimal one.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value
