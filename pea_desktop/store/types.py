"""Column types declared once: Decimal stored as scaled integers, enums and activity kinds
stored by value."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from pea_desktop.domain.activity_kinds import KINDS, ActivityKind


class ScaledDecimal(TypeDecorator[Decimal]):
    """A Decimal with a fixed number of places, stored as an integer so SQL sums stay exact."""

    impl = Integer
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places
        self.quantum = Decimal(1).scaleb(-places)

    def process_bind_param(self, value: Decimal | int | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value).quantize(self.quantum, rounding=ROUND_HALF_UP)
        return int(scaled.scaleb(self.places))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places).quantize(self.quantum)


class Money(ScaledDecimal):
    """Euros with cents."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(2)


class Kilometres(ScaledDecimal):
    """Distances to the tenth of a kilometre."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(1)


def rate_type() -> ScaledDecimal:
    """Euros per km, to the thousandth of a euro (the scale's precision)."""
    return ScaledDecimal(3)


class EnumValue(TypeDecorator[StrEnum]):
    """Store a StrEnum by its value (a plain string column, no CHECK constraint to migrate)."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_class: type[StrEnum]) -> None:
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value: StrEnum | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum_class(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum_class(value)


class KindCode(TypeDecorator[ActivityKind]):
    """An activity kind stored by its code (plain text, no CHECK constraint): read back through
    the registry, so an unknown code raises ``UnknownActivityKind`` instead of being guessed."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: ActivityKind | str | None, dialect: Dialect) -> str | None:
        return None if value is None else KINDS.get(value).code

    def process_result_value(self, value: str | None, dialect: Dialect) -> ActivityKind | None:
        return None if value is None else KINDS.get(value)
