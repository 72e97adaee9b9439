"""Calendar arithmetic shared by services, reports and screens (names: domain.formatting)."""

from __future__ import annotations

from datetime import date


def shift_year(day: date, years: int) -> date:
    """The same day ``years`` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
