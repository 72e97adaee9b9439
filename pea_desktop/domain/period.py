"""Periods a summary covers: a month, a quarter, a year, or any range of days."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from pea_desktop.domain.dates import shift_year
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date, month_label


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included."""

    start: date
    end: date
    kind: str = "custom"  # "year", "quarter", "month" or "custom"

    @classmethod
    def for_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def for_quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise BadInputError(f"Trimestre {quarter} invalide : indiquez 1, 2, 3 ou 4.")
        first = 3 * quarter - 2
        last_day = calendar.monthrange(year, first + 2)[1]
        return cls(date(year, first, 1), date(year, first + 2, last_day), "quarter")

    @classmethod
    def for_month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise BadInputError(f"Mois {month} invalide : indiquez un mois de 1 à 12.")
        return cls(
            date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
        )

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        if end < start:
            raise BadInputError(
                f"La période se termine ({format_date(end)}) avant de commencer "
                f"({format_date(start)})."
            )
        return cls(start, end, "custom")

    @property
    def label(self) -> str:
        year = self.start.year
        if self.kind == "year":
            return f"Année {year}"
        if self.kind == "quarter":
            number = (self.start.month + 2) // 3
            return f"{'1er' if number == 1 else f'{number}e'} trimestre {year}"
        if self.kind == "month":
            return month_label(year, self.start.month, capital=True)
        return f"Du {format_date(self.start)} au {format_date(self.end)}"

    @property
    def short_label(self) -> str:
        """A compact label for narrow places: "2025", "T2 2025", "mars 2025", "01/01–15/03/2025"."""
        year = self.start.year
        if self.kind == "year":
            return str(year)
        if self.kind == "quarter":
            return f"T{(self.start.month + 2) // 3} {year}"
        if self.kind == "month":
            return month_label(year, self.start.month)
        return f"{self.start:%d/%m/%y}–{self.end:%d/%m/%y}"

    def year_before(self) -> Period:
        """The same period one year earlier (for comparisons)."""
        if self.kind == "month":
            return Period.for_month(self.start.year - 1, self.start.month)
        if self.kind == "quarter":
            return Period.for_quarter(self.start.year - 1, (self.start.month + 2) // 3)
        if self.kind == "year":
            return Period.for_year(self.start.year - 1)
        return Period(shift_year(self.start, -1), shift_year(self.end, -1), "custom")

    def comparable_before(self, today: date) -> Period:
        """The period a year earlier to compare with: the same dates when this one is not over
        yet (1 Jan – 30 Nov 2025 against 1 Jan – 30 Nov 2024), else :meth:`year_before`."""
        if self.start <= today < self.end:
            return Period(shift_year(self.start, -1), shift_year(today, -1), "custom")
        return self.year_before()

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        result = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))
