"""The activity list query: count and one page of plain rows, in SQL run by the driver.

A list opens and re-filters many times a session on up to 200,000 activities, so this read
path skips SQLAlchemy: statements are plain SQL strings (one per filter shape, built once, in
the engine's dialect: ``store/list_sql.py``), run on the driver connection (``sqlite3``, or
``psycopg`` for a server base), and rows become :class:`ActivityRow` through a prebuilt
converter. It imports nothing but the standard library, the domain and two store modules that
import nothing else (``revisions``, ``list_sql``), so the window can show the first page
(:func:`first_page`, SQLite only) while SQLAlchemy and the models are still loading.

The SQL must say what the models say (``store/models.py``): tests compare every filter with a
query built from the models, on both engines.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pea_desktop.domain.activity_kinds import KINDS, ActivityKind, UnknownActivityKind
from pea_desktop.domain.enums import AudienceKind, InterventionFormat, Requester, VisitPlace
from pea_desktop.domain.text import fold
from pea_desktop.store import list_sql
from pea_desktop.store.revisions import known_revisions

if TYPE_CHECKING:  # only a type here: importing it at start-up would load SQLAlchemy
    from pea_desktop.store.database import Database


@dataclass(frozen=True)
class ActivityFilter:
    kind: ActivityKind | None = None
    antenna_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    volunteer_id: int | None = None
    text: str = ""
    deleted: bool = False  # True lists the bin


@dataclass(frozen=True)
class ActivityRow:
    """One line of an activity list."""

    id: int
    kind: ActivityKind
    date: date
    start_time: time | None
    duration_minutes: int | None
    antenna_code: str
    place: str
    volunteers: str
    theme: str
    participants: int | None
    first_timers: int | None
    relatives: int | None
    requester: Requester | None
    visit_place: VisitPlace | None
    reference: str
    intervention_format: InterventionFormat | None
    audience_kind: AudienceKind | None
    audience_size: int | None
    partner_name: str


@dataclass(frozen=True)
class ActivityPage:
    """What a list shows when it opens: how many activities match, and the first rows."""

    total: int
    rows: list[ActivityRow]


SORTABLE = list_sql.SORTABLE  # the columns a list may be sorted by


def _shape_and_parameters(
    dialect: list_sql.ListDialect, flt: ActivityFilter
) -> tuple[list_sql.ListShape, list[Any]]:
    """The filter's shape and its values, in the order the statements take them."""
    parameters: list[Any] = []
    day = date.isoformat if dialect.dates_as_text else _same
    if flt.kind is not None:
        parameters.append(flt.kind.code)
    if flt.antenna_id is not None:
        parameters.append(flt.antenna_id)
    if flt.date_from is not None:
        parameters.append(day(flt.date_from))
    if flt.date_to is not None:
        parameters.append(day(flt.date_to))
    if flt.volunteer_id is not None:
        parameters.append(flt.volunteer_id)
    folded = fold(flt.text)
    mode = list_sql.text_mode(dialect, folded)
    if mode:
        parameters.append(list_sql.text_parameter(mode, folded))
    shape = list_sql.ListShape(
        deleted=flt.deleted,
        kind=flt.kind is not None,
        antenna=flt.antenna_id is not None,
        date_from=flt.date_from is not None,
        date_to=flt.date_to is not None,
        volunteer=flt.volunteer_id is not None,
        text=mode,
    )
    return shape, parameters


# --- rows ---------------------------------------------------------------------------------


def _by_code(enum: Any) -> Callable[[str | None], Any]:
    """Stored code -> member, as a dict lookup (calling the enum per row is far slower)."""
    members = {member.value: member for member in enum}
    return lambda code: None if code is None else members[code]


_REQUESTER = _by_code(Requester)
_VISIT_PLACE = _by_code(VisitPlace)
_FORMAT = _by_code(InterventionFormat)
_AUDIENCE = _by_code(AudienceKind)
_FIELDS = tuple(ActivityRow.__dataclass_fields__)
_new = object.__new__
_set = object.__setattr__


def _same(value: Any) -> Any:
    return value


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def _row_maker(
    day: Callable[[Any], date], clock: Callable[[Any], time | None]
) -> Callable[[tuple[Any, ...]], ActivityRow]:
    """A converter of database rows (columns in the page statement's order) to
    :class:`ActivityRow`, reading dates and times with ``day`` and ``clock``."""

    def to_row(raw: tuple[Any, ...]) -> ActivityRow:
        # The frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``;
        # filling its ``__dict__`` at once gives the same object at a fraction of the cost.
        row = _new(ActivityRow)
        _set(
            row,
            "__dict__",
            dict(
                zip(
                    _FIELDS,
                    (
                        raw[0],
                        KINDS.get(raw[1]),
                        day(raw[2]),
                        clock(raw[3]),
                        raw[4],
                        raw[5],
                        raw[6],
                        raw[7],
                        raw[8],
                        raw[9],
                        raw[10],
                        raw[11],
                        _REQUESTER(raw[12]),
                        _VISIT_PLACE(raw[13]),
                        raw[14],
                        _FORMAT(raw[15]),
                        _AUDIENCE(raw[16]),
                        raw[17],
                        raw[18],
                    ),
                    strict=True,
                )
            ),
        )
        return row

    return to_row


# SQLite gives dates and times as ISO text; psycopg gives them as date and time already.
_TO_ROW = {
    list_sql.SQLITE: _row_maker(date.fromisoformat, _time),
    list_sql.POSTGRESQL: _row_maker(_same, _same),
}


# --- queries ------------------------------------------------------------------------------


def count_on(
    connection: Any, flt: ActivityFilter, dialect: list_sql.ListDialect = list_sql.SQLITE
) -> int:
    """How many activities match, on a driver connection (sqlite3's, or psycopg's with
    ``dialect`` :data:`list_sql.POSTGRESQL`)."""
    shape, parameters = _shape_and_parameters(dialect, flt)
    statement = list_sql.count_statement(dialect, shape)
    return int(connection.execute(statement, parameters).fetchone()[0])


def fetch_on(
    connection: Any,
    flt: ActivityFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
    dialect: list_sql.ListDialect = list_sql.SQLITE,
) -> list[ActivityRow]:
    shape, parameters = _shape_and_parameters(dialect, flt)
    statement = list_sql.page_statement(dialect, shape, sort, descending)
    raw_rows = connection.execute(statement, [*parameters, limit, offset]).fetchall()
    to_row = _TO_ROW[dialect]
    return [to_row(raw) for raw in raw_rows]


@contextlib.contextmanager
def _driver_connection(db: Database) -> Iterator[tuple[Any, list_sql.ListDialect]]:
    """A connection of the database's pool, as the driver connection under it (sqlite3 or
    psycopg), with the dialect its statements are written in.

    Reads outside a transaction see the last committed state, as a session would (psycopg's
    implicit transaction is rolled back when the connection goes back to the pool).
    """
    pooled = db.engine.raw_connection()
    try:
        dialect = list_sql.POSTGRESQL if db.on_server else list_sql.SQLITE
        yield pooled.driver_connection, dialect
    finally:
        pooled.close()  # back to the pool


def count_activities(db: Database, flt: ActivityFilter) -> int:
    with _driver_connection(db) as (connection, dialect):
        return count_on(connection, flt, dialect)


def fetch_activities(
    db: Database,
    flt: ActivityFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[ActivityRow]:
    with _driver_connection(db) as (connection, dialect):
        return fetch_on(
            connection,
            flt,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=limit,
            dialect=dialect,
        )


def list_page(
    db: Database,
    flt: ActivityFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    limit: int = 200,
) -> ActivityPage:
    """The count and the first page together, on one connection: what a list needs when it
    opens or a filter changes (on a server, one connection checked out instead of two saves
    its round trips: the check that it is alive, and the reset when it goes back)."""
    with _driver_connection(db) as (connection, dialect):
        total = count_on(connection, flt, dialect)
        rows = fetch_on(
            connection, flt, sort=sort, descending=descending, limit=limit, dialect=dialect
        )
    return ActivityPage(total, rows)


def first_page(
    path: Path, flt: ActivityFilter, *, sort: str = "date", descending: bool = True, limit: int
) -> ActivityPage | None:
    """The page a list shows on opening, read before the database is opened the normal way.

    SQLite only (a server base has no file to read first: its window takes the normal path).
    Read-only, and only from a base this version knows as it is (current schema, at least one
    antenna): anything else - missing, damaged, older, newer, locked - gives None, and the
    normal opening (check, migration, explanations) decides what to show.
    """
    try:
        if not path.is_file():
            return None
        uri = f"{path.absolute().as_uri()}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=0)
    except (OSError, sqlite3.Error):
        return None
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != known_revisions()[-1]:
            return None
        if connection.execute("SELECT 1 FROM antenna LIMIT 1").fetchone() is None:
            return None  # first run: the set-up assistant comes first
        total = count_on(connection, flt)
        rows = fetch_on(connection, flt, sort=sort, descending=descending, limit=limit)
        return ActivityPage(total, rows)
    # Damaged, or values this version cannot read (an unknown kind is a BadInputError).
    except (sqlite3.Error, KeyError, ValueError, UnknownActivityKind):
        return None
    finally:
        connection.close()
