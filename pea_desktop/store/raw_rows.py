"""Plain rows on either engine: values as SQLite stores them, statements straight to the driver.

The exchange between laptops (services/exchange/) moves rows as their stored values, the form a
laptop's SQLite file holds: ISO text for dates and times, whole numbers for money, 0/1 for
booleans. A server base reads real dates, timestamps and booleans: :func:`stored_value` gives
them back in SQLite's form (the same text SQLAlchemy writes there), so a record read on either
engine has the same content and the same hash. :func:`bind_value` does the reverse where a
server needs it (a boolean column refuses 0/1; ISO text is cast by PostgreSQL itself).

Hundreds of small statements go straight to the DB-API connection of the session's
transaction (an SQLAlchemy ``execute`` costs ten times more per statement): :class:`RawRows`
speaks each driver's parameter style. The one place that knows how each engine spells a JSON
list in SQL is :func:`in_json_list`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from pea_desktop.store.models import utcnow

_PARAMETER = re.compile(r"(?<![:\w]):(\w+)")


def stored_value(value: Any) -> Any:
    """``value`` as a SQLite base stores it (read on either engine)."""
    if value is None or (isinstance(value, str | int) and not isinstance(value, bool)):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):  # SQLAlchemy's SQLite storage format, microseconds always
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S.%f")
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def bind_value(kind: TypeEngine[Any], value: Any) -> Any:
    """A stored value (as :func:`stored_value` gives it) ready to write into a column of
    type ``kind`` on either engine."""
    if isinstance(kind, Boolean) and isinstance(value, int):
        return bool(value)  # SQLite's driver stores True as 1
    return value


def stored_now() -> str:
    """The current UTC time as SQLite stores a timestamp."""
    return str(stored_value(utcnow()))


def in_json_list(session: Session, parameter: str, *, integers: bool = False) -> str:
    """``(SELECT …)``: the values of a JSON list given as ``:parameter``, for ``x IN …``."""
    if session.get_bind().dialect.name == "postgresql":
        value = "CAST(value AS integer)" if integers else "value"
        return (
            f"(SELECT {value} FROM jsonb_array_elements_text(CAST(:{parameter} AS jsonb)) "
            "AS listed(value))"
        )
    return f"(SELECT value FROM json_each(:{parameter}))"


class RawRows:
    """Statements of the session's transaction sent straight to its driver.

    SQL is written with ``:name`` parameters (SQLite's style); for PostgreSQL's psycopg they
    become ``%(name)s``. ``insert`` returns the new row's id (``RETURNING``: SQLite 3.35+).
    """

    def __init__(self, session: Session) -> None:
        connection = session.connection()
        self._raw: Any = connection.connection.dbapi_connection
        self._server = connection.dialect.name == "postgresql"

    def _sql(self, sql: str) -> str:
        return _PARAMETER.sub(r"%(\1)s", sql) if self._server else sql

    def execute(self, sql: str, parameters: dict[str, Any]) -> Any:
        if self._server:
            cursor = self._raw.cursor()
            cursor.execute(self._sql(sql), parameters)
            return cursor
        return self._raw.execute(sql, parameters)

    def executemany(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self._server:
            self._raw.cursor().executemany(self._sql(sql), rows)
        else:
            self._raw.executemany(sql, rows)

    def insert(self, table: str, values: dict[str, Any]) -> int:
        names = ", ".join(values)
        placeholders = ", ".join(f":{name}" for name in values)
        cursor = self.execute(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders}) RETURNING id", values
        )
        return int(cursor.fetchone()[0])
