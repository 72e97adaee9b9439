"""Calendar arithmetic shared by services, reports and screens (names: domain.formatting)."""

from __future__ import annotations

from datetime import date


def shift_year(day: date, years: int) -> date:
    """The same day ``years`` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# The years the application accepts anywhere a year is typed: "26" or "0" are mistakes, not
# years, and would otherwise print "Année 26" or end in a traceback.
MIN_YEAR, MAX_YEAR = 2000, 2100


def year_problem(year: int) -> str | None:
    """The French reason ``year`` is refused, or None when it is within bounds."""
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return f"l'année doit être comprise entre {MIN_YEAR} et {MAX_YEAR} (reçu : {year})."


def read_year_month(text: str) -> tuple[int, int]:
    """ "2025-03" -> (2025, 3); ValueError with a French reason otherwise (years 2000–2100)."""
    parts = text.strip().split("-")
    if len(parts) != 2 or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
        raise ValueError(f"« {text} » n'est pas un mois (AAAA-MM, par exemple 2025-03).")
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12 or len(parts[1]) > 2:
        raise ValueError(f"« {text} » n'est pas un mois (AAAA-MM, par exemple 2025-03).")
    if problem := year_problem(year):
        raise ValueError(f"« {text} » : {problem}")
    return year, month
