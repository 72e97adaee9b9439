"""Money and quantities: Decimal with fixed places, rounded half-up, French formatting."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
NARROW_NBSP = "\u202f"  # French thousands separator
NBSP = "\u00a0"


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


def format_number(value: Decimal | int, places: int = 2) -> str:
    """French grouping and decimal comma: 1234.5 -> "1 234,50"."""
    quantum = Decimal(1).scaleb(-places)
    text = f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def format_km(value: Decimal | int) -> str:
    """Distances to the tenth, a trailing ",0" dropped, no unit: "1 234,5", "42"."""
    return format_number(value, 1).removesuffix(",0")


def format_hours(value: Decimal | int) -> str:
    """Hours to the hundredth, a trailing ",00" dropped, no unit: "20,25", "3"."""
    return format_number(value, 2).removesuffix(",00")


def format_euros(value: Decimal | int) -> str:
    return f"{format_number(value)}{NBSP}€"
