"""How numbers, money, distances, hours, durations and dates are written in French.

Every screen, PDF, spreadsheet and message writes them through these functions, so that
"1 234,50 €", "14/03/2026" and "mars 2026" look the same everywhere.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"  # French thousands separator
NBSP = "\u00a0"

MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def format_number(value: Decimal | int, places: int = 2) -> str:
    """French grouping and decimal comma: 1234.5 -> "1 234,50"."""
    quantum = Decimal(1).scaleb(-places)
    text = f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def format_euros(value: Decimal | int) -> str:
    return f"{format_number(value)}{NBSP}€"


def format_km(value: Decimal | int) -> str:
    """Distances to the tenth, a trailing ",0" dropped, no unit: "1 234,5", "42"."""
    return format_number(value, 1).removesuffix(",0")


def format_hours(value: Decimal | int) -> str:
    """Hours written like every duration (:func:`format_duration`): 20.25 -> "20 h 15"."""
    minutes = int((Decimal(value) * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return format_duration(minutes) or "0 h"


def format_hours_of_minutes(minutes: int) -> str:
    """A total of minutes as hours: 69285 -> "1 154 h 45" (the one way hours are written)."""
    return format_duration(minutes) or "0 h"


def format_figure(value: Decimal | int, unit: str = "") -> str:
    """French text of a figure: "1 234", "12 h 30", "1 234,50 €", "1 234,5 km"."""
    if unit == "€":
        return format_euros(value)
    if unit == "km":
        return f"{format_km(value)}{NBSP}km"
    if unit == "h":
        return format_hours(value)
    return format_number(value, 0)


def format_rate(value: Decimal, unit: str = "km") -> str:
    """A per-unit rate with as many places as it carries (3 for the scale): "0,529 €/km"."""
    exponent = value.normalize().as_tuple().exponent  # an int for a finite value
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{format_number(value, places)}{NBSP}€/{unit}"


def format_percent(value: Decimal | int) -> str:
    """ "20 %", "12,5 %": a tenth only when there is one."""
    return f"{format_number(value, 0 if Decimal(value) == int(value) else 1)}{NBSP}%"


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def format_duration(minutes: int | None) -> str:
    """The one way durations and hours are written: "45 min", "1 h 30", "1 154 h 05", "3 h".

    Spaces are no-break, so that "1 h 30" never splits across two lines.
    """
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest}{NBSP}min"
    text = f"{format_number(hours, 0)}{NBSP}h"
    return f"{text}{NBSP}{rest:02d}" if rest else text


def month_label(year: int, month: int, *, capital: bool = False) -> str:
    """ "mars 2025" (or "Mars 2025")."""
    name = MONTH_NAMES[month - 1]
    return f"{name.capitalize() if capital else name} {year}"


def with_de(text: str) -> str:
    """ "de mars", "d'avril", "d'Élodie": "de" elided before a vowel (accented too)."""
    first = unicodedata.normalize("NFD", text[:1].lower())[:1]
    return f"d'{text}" if first and first in "aeiouy" else f"de {text}"


def of_month(year: int, month: int) -> str:
    """ "de mars 2025", "d'avril 2025"."""
    return with_de(month_label(year, month))


def short_month(month: int) -> str:
    """Three or four letters for chart axes: "janv.", "févr.", "mars", "avr."."""
    names = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.")
    return (*names, "nov.", "déc.")[month - 1]
