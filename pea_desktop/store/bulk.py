"""Writing many rows at once (demonstration data, benchmarks' 200,000 activities), per engine.

Each value goes through its column type's bind processor exactly as SQLAlchemy would (money as
cents, enums by value, dates as ISO text on SQLite), then the rows go to the driver in one call:
``executemany`` on sqlite3, ``COPY ... FROM STDIN`` on PostgreSQL (psycopg). Core's per-row
work would double the time of a 200,000-row build (and the ORM's bulk insert, which groups rows
by their NULL columns, double it again). Columns missing from a row take their scalar default,
or NULL (on PostgreSQL, columns no row gives and without default are left to the server, e.g.
the id sequence); where rows carry their ids, the id sequence is moved past them afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.sql.schema import ScalarElementColumnDefault

Row = Mapping[str, Any]
# A bigger SQLite page cache while writing: the UUID indexes receive keys in random order.
BULK_CACHE_KIB = 128 * 1024


@contextlib.contextmanager
def bulk_writing(connection: Connection) -> Iterator[None]:
    """Settings that make a long series of inserts faster, restored afterwards."""
    if connection.dialect.name != "sqlite":
        yield  # PostgreSQL's COPY needs nothing more
        return
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(cache or -2000)}")


def insert_rows(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` (column name -> Python value) in ``connection``'s transaction."""
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name == "postgresql":
        # Columns no row gives and without a default are left to the server (the id sequence).
        given = set().union(*(row.keys() for row in rows))
        names = [c.name for c in table.columns if c.name in given or c.default is not None]
        _copy(connection, table, names, _driver_values(connection, table, names, rows))
        return
    compiled = insert(table).compile(dialect=dialect)
    names = list(compiled.positiontup or [])
    connection.exec_driver_sql(str(compiled), _driver_values(connection, table, names, rows))


def _driver_values(
    connection: Connection, table: Table, names: list[str], rows: Sequence[Row]
) -> list[tuple[Any, ...]]:
    dialect = connection.dialect
    fallback = {
        column.name: column.default.arg
        if isinstance(column.default, ScalarElementColumnDefault)
        else None
        for column in table.columns
    }
    # Columns whose default is computed per row (a UUID) get it for each row.
    per_row = {
        column.name: column.default
        for column in table.columns
        if column.default is not None and column.default.is_callable
    }
    processors = [
        (position, processor)
        for position, name in enumerate(names)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    out = []
    for row in rows:
        values = [
            row[name]
            if name in row
            else per_row[name].arg(None)  # type: ignore[attr-defined]
            if name in per_row
            else fallback[name]
            for name in names
        ]
        for position, processor in processors:
            if values[position] is not None:
                values[position] = processor(values[position])
        out.append(tuple(values))
    return out


def _copy(
    connection: Connection, table: Table, names: list[str], values: list[tuple[Any, ...]]
) -> None:
    """PostgreSQL: one COPY (row triggers still fire: the folded search text is kept), then the
    id sequence moved past the ids written, so later inserts get new ones."""
    quote = connection.dialect.identifier_preparer.quote
    target = connection.dialect.identifier_preparer.format_table(table)
    columns = ", ".join(quote(name) for name in names)
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        if "id" in names:  # (a table without an id sequence gets NULL: nothing moves)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), max(id)) FROM " + target,
                (table.name,),
            )
