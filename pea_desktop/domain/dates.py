"""French month names and calendar arithmetic shared by services, reports and screens."""

from __future__ import annotations

from datetime import date

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


def month_label(year: int, month: int, *, capital: bool = False) -> str:
    """ "mars 2025" (or "Mars 2025")."""
    name = MONTH_NAMES[month - 1]
    return f"{name.capitalize() if capital else name} {year}"


def of_month(year: int, month: int) -> str:
    """ "de mars 2025", "d'avril 2025": the preposition elided before a vowel."""
    label = month_label(year, month)
    return f"d'{label}" if label[0] in "aeiouy" else f"de {label}"


def short_month(month: int) -> str:
    """Three or four letters for chart axes: "janv.", "févr.", "mars", "avr."."""
    names = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.")
    return (*names, "nov.", "déc.")[month - 1]


def shift_year(day: date, years: int) -> date:
    """The same day ``years`` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
