"""Date parts in SQL, the same on both engines: the one place that knows how each spells them.

SQLite stores dates as ISO text (``2025-03-14``): the month is its first seven characters and
the year its first four, read without any date function (an index on the column still serves
the range around it). PostgreSQL stores real dates: ``to_char`` and ``extract`` give the same
values. Queries write ``year_month(Activity.date)`` or ``year_of(ExpenseLine.date)`` and never
test the engine themselves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class year_month(FunctionElement[str]):  # lower case: reads as an SQL function
    """The month of a date column as text ``AAAA-MM``."""

    type = String()
    inherit_cache = True
    name = "year_month"

    def __init__(self, column: ColumnElement[Any] | Any) -> None:
        super().__init__(column)


class year_of(FunctionElement[int]):  # lower case: reads as an SQL function
    """The year of a date column as an integer."""

    type = Integer()
    inherit_cache = True
    name = "year_of"

    def __init__(self, column: ColumnElement[Any] | Any) -> None:
        super().__init__(column)


@compiles(year_month)
def _year_month_sqlite(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"


@compiles(year_month, "postgresql")
def _year_month_postgresql(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(year_of)
def _year_of_sqlite(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(substr({compiler.process(element.clauses, **kw)}, 1, 4) AS INTEGER)"


@compiles(year_of, "postgresql")
def _year_of_postgresql(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(extract(year FROM {compiler.process(element.clauses, **kw)}) AS INTEGER)"
