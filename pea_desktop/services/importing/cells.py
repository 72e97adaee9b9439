"""Parse the cells of one CSV line, collecting a French message for every bad cell.

Parsers are cached: a spreadsheet repeats the same dates, amounts and names many times, and
100,000 lines must import quickly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

from pea_desktop.domain.activity_rules import MAX_DURATION_MINUTES
from pea_desktop.domain.formatting import NARROW_NBSP
from pea_desktop.domain.money import parse_decimal
from pea_desktop.domain.text import fold, parse_date, parse_duration
from pea_desktop.services.importing.clean import quote

MAX_COUNT = 100_000  # people in a group or an audience
MAX_QUANTITY = 100_000  # euros or kilometres for one activity
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORD_NOISE = re.compile(r"[\s\-_']+")


def _n(number: int) -> str:
    """An integer with French thousands separators: 100000 -> "100 000"."""
    return f"{number:,}".replace(",", NARROW_NBSP)


@lru_cache(maxsize=4096)
def choice_key(text: str) -> str:
    """Form under which vocabulary words are compared: "Grand-Public " -> "grand public"."""
    return _WORD_NOISE.sub(" ", fold(text)).strip()


@lru_cache(maxsize=8192)
def parse_day(text: str) -> date:
    """A date written JJ/MM/AAAA or AAAA-MM-JJ (or a close variant); ValueError otherwise."""
    if match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    elif match := _YMD.fullmatch(text):
        year, month, day = match.groups()
    else:
        return parse_date(text)
    return date(int(year), int(month), int(day))


@lru_cache(maxsize=4096)
def _decimal(text: str) -> Decimal:
    return parse_decimal(text)


@lru_cache(maxsize=1024)
def _duration(text: str) -> int:
    return parse_duration(text)


@dataclass(frozen=True)
class Vocabulary:
    """Words accepted in a column, mapped to what they name (an enum member, an activity kind)."""

    what: str  # "un type d'activité"
    allowed: str  # shown in the error message
    words: dict[str, Any]

    @classmethod
    def of(
        cls, what: str, members: Iterable[Enum], aliases: dict[str, Enum] | None = None
    ) -> Vocabulary:
        words: dict[str, Enum] = {}
        shown: list[str] = []
        for member in members:
            shown.append(str(member.value))
            words[choice_key(str(member.value))] = member
            words.setdefault(choice_key(getattr(member, "label", str(member.value))), member)
        for alias, member in (aliases or {}).items():
            words[choice_key(alias)] = member
        return cls(what, ", ".join(shown), words)


class LineCells:
    """The cells of one line, read column by column; problems go to a shared list."""

    __slots__ = ("cells", "line", "problems")

    def __init__(self, line: int, cells: dict[str, str], problems: list[str]) -> None:
        self.line = line
        self.cells = cells
        self.problems = problems

    def fail(self, column: str, message: str) -> None:
        self.problems.append(f"ligne {self.line}, colonne {column} : {message}")

    def bad(self, column: str, value: str, reason: str) -> None:
        self.fail(column, f"{quote(value)} {reason}")

    def text(self, column: str, max_length: int | None = None) -> str:
        value = self.cells.get(column, "")
        if max_length is not None and len(value) > max_length:
            self.bad(column, value, f"est trop long ({max_length} caractères au plus)")
        return value

    def required(self, column: str) -> str | None:
        value = self.cells.get(column, "")
        if not value:
            self.fail(column, "valeur manquante")
            return None
        return value

    def day(self, column: str, today: date) -> date | None:
        value = self.required(column)
        if value is None:
            return None
        try:
            result = parse_day(value)
        except ValueError:
            self.bad(column, value, "n'est pas une date")
            return None
        if result.year < 1900:
            self.bad(column, value, "n'est pas une date plausible")
            return None
        if result > today:
            self.bad(column, value, "est dans le futur : seules les activités faites s'importent")
            return None
        return result

    def integer(self, column: str, minimum: int = 0, maximum: int = MAX_COUNT) -> int | None:
        value = self.cells.get(column, "")
        if not value:
            return None
        if value.isascii() and value.isdigit() and len(value) < 10:
            number = int(value)
        else:
            parsed = self.quantity(column, maximum)
            if parsed is None:
                return None
            if parsed != parsed.to_integral_value():
                self.bad(column, value, "n'est pas un nombre entier")
                return None
            number = int(parsed)
        if not minimum <= number <= maximum:
            self.bad(column, value, f"doit être compris entre {_n(minimum)} et {_n(maximum)}")
            return None
        return number

    def quantity(self, column: str, maximum: int = MAX_QUANTITY) -> Decimal | None:
        """A non-negative decimal (decimal comma or point); None when empty."""
        value = self.cells.get(column, "")
        if not value:
            return None
        try:
            number = _decimal(value)
        except ValueError:
            self.bad(column, value, "n'est pas un nombre")
            return None
        if number < 0:
            self.bad(column, value, "ne peut pas être négatif")
            return None
        if number > maximum:
            self.bad(column, value, f"est trop grand ({_n(maximum)} au plus)")
            return None
        return number

    def duration(self, column: str) -> int | None:
        value = self.cells.get(column, "")
        if not value:
            return None
        try:
            minutes = _duration(value)
        except ValueError:
            self.bad(column, value, "n'est pas une durée (ex. 90, 1h30 ou 1:30)")
            return None
        if not 0 < minutes <= MAX_DURATION_MINUTES:
            self.bad(column, value, "doit être comprise entre 1 minute et 24 heures")
            return None
        return minutes

    def choice(self, column: str, vocabulary: Vocabulary) -> Any:
        """The vocabulary's member the cell names (an enum member, a kind...), or None."""
        value = self.cells.get(column, "")
        if not value:
            return None
        member = vocabulary.words.get(choice_key(value))
        if member is None:
            self.bad(column, value, f"n'est pas {vocabulary.what} connu ({vocabulary.allowed})")
        return member
