"""The activity list query: count and one page of plain rows, in SQL run by ``sqlite3``.

A list opens and re-filters many times a session on up to 200,000 activities, so this read
path skips SQLAlchemy: statements are plain SQL strings (one per filter shape, built once),
run on the driver connection, and rows become :class:`ActivityRow` through a prebuilt
converter. It imports nothing but the standard library and the domain, so the window can show
the first page (:func:`first_page`) while SQLAlchemy and the models are still loading.

The SQL must say what the models say (``store/models.py``): tests compare every filter with a
query built from the models.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pea_desktop.domain.activity_kinds import KINDS, ActivityKind, UnknownActivityKind
from pea_desktop.domain.enums import AudienceKind, InterventionFormat, Requester, VisitPlace
from pea_desktop.domain.text import fold
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


# Columns a list may be sorted by (the volunteers' names are not: sorting 200,000 rows by a
# computed string would be slow and of little use). Enums sort by their stored code.
SORTABLE: dict[str, str] = {
    "date": "a.date",
    "start_time": "a.start_time",
    "duration_minutes": "a.duration_minutes",
    "antenna_code": "an.code",
    "place": "a.place",
    "theme": "a.theme",
    "participants": "a.participants",
    "first_timers": "a.first_timers",
    "relatives": "a.relatives",
    "requester": "a.requester",
    "visit_place": "a.visit_place",
    "reference": "a.reference",
    "intervention_format": "a.intervention_format",
    "audience_kind": "a.audience_kind",
    "audience_size": "a.audience_size",
}

_COLUMNS = """
    a.id, a.kind, a.date, a.start_time, a.duration_minutes, an.code, a.place,
    coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT v.first_name || ' ' || v.last_name AS name
        FROM activity_volunteer av JOIN volunteer v ON v.id = av.volunteer_id
        WHERE av.activity_id = a.id ORDER BY av.position)), ''),
    a.theme, a.participants, a.first_timers, a.relatives, a.requester, a.visit_place,
    a.reference, a.intervention_format, a.audience_kind, a.audience_size, coalesce(p.name, '')
"""
_FROM = (
    "FROM activity a JOIN antenna an ON an.id = a.antenna_id "
    "LEFT JOIN partner p ON p.id = a.partner_id"
)
# The trigram index finds a quoted phrase of three characters or more as a substring, reading
# only the index (a LIKE on it would still check every matching row's text).
_INDEXED_TEXT = "a.id IN (SELECT rowid FROM activity_fts WHERE activity_fts MATCH ?)"
# ``search_text`` is folded by the database (migrations 0003-0004): it is matched folded.
_LIKE_TEXT = "a.search_text LIKE ? ESCAPE '\\'"


# --- statements ---------------------------------------------------------------------------
# A filter's shape (which criteria are set) decides the statement; its values are parameters.
# Shapes are few, so each statement string is built once and sqlite3's own statement cache
# then skips parsing too.


@dataclass(frozen=True)
class _Shape:
    deleted: bool
    kind: bool
    antenna: bool
    date_from: bool
    date_to: bool
    volunteer: bool
    text: str  # "", "indexed" or "like"


def _text_mode(folded: str) -> str:
    if not folded:
        return ""
    return "indexed" if len(folded) >= 3 else "like"


def _shape_and_parameters(flt: ActivityFilter) -> tuple[_Shape, list[Any]]:
    parameters: list[Any] = []
    if flt.kind is not None:
        parameters.append(flt.kind.code)
    if flt.antenna_id is not None:
        parameters.append(flt.antenna_id)
    if flt.date_from is not None:
        parameters.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        parameters.append(flt.date_to.isoformat())
    if flt.volunteer_id is not None:
        parameters.append(flt.volunteer_id)
    folded = fold(flt.text)
    mode = _text_mode(folded)
    if mode == "indexed":
        parameters.append('"' + folded.replace('"', '""') + '"')
    elif mode == "like":
        escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        parameters.append(f"%{escaped}%")
    shape = _Shape(
        deleted=flt.deleted,
        kind=flt.kind is not None,
        antenna=flt.antenna_id is not None,
        date_from=flt.date_from is not None,
        date_to=flt.date_to is not None,
        volunteer=flt.volunteer_id is not None,
        text=mode,
    )
    return shape, parameters


def _where(shape: _Shape) -> str:
    # Conditions in the order parameters are appended by _shape_and_parameters.
    clauses = ["a.deleted_at IS NOT NULL" if shape.deleted else "a.deleted_at IS NULL"]
    if shape.kind:
        clauses.append("a.kind = ?")
    if shape.antenna:
        clauses.append("a.antenna_id = ?")
    if shape.date_from:
        clauses.append("a.date >= ?")
    if shape.date_to:
        clauses.append("a.date <= ?")
    if shape.volunteer:
        clauses.append(
            "a.id IN (SELECT av.activity_id FROM activity_volunteer av WHERE av.volunteer_id = ?)"
        )
    if shape.text == "indexed":
        clauses.append(_INDEXED_TEXT)
    elif shape.text == "like":
        clauses.append(_LIKE_TEXT)
    return " AND ".join(clauses)


@lru_cache(maxsize=256)
def _count_statement(shape: _Shape) -> str:
    return f"SELECT count(*) FROM activity a WHERE {_where(shape)}"


@lru_cache(maxsize=256)
def _page_statement(shape: _Shape, sort: str, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    order = f"{SORTABLE.get(sort, SORTABLE['date'])} {direction}, a.id {direction}"
    return f"SELECT {_COLUMNS} {_FROM} WHERE {_where(shape)} ORDER BY {order} LIMIT ? OFFSET ?"


# --- rows ---------------------------------------------------------------------------------


def _by_code(enum: Any) -> Callable[[str | None], Any]:
    """Stored code -> member, as a dict lookup (calling the enum per row is far slower)."""
    members = {member.value: member for member in enum}
    return lambda code: None if code is None else members[code]


_REQUESTER = _by_code(Requester)
_VISIT_PLACE = _by_code(VisitPlace)
_FORMAT = _by_code(InterventionFormat)
_AUDIENCE = _by_code(AudienceKind)
_DATE = date.fromisoformat
_FIELDS = tuple(ActivityRow.__dataclass_fields__)
_new = object.__new__
_set = object.__setattr__


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def _to_row(raw: tuple[Any, ...]) -> ActivityRow:
    """A database row (columns in ``_COLUMNS`` order) as an :class:`ActivityRow`.

    The frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``; filling
    its ``__dict__`` at once gives the same object at a fraction of the cost.
    """
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
                    _DATE(raw[2]),
                    _time(raw[3]),
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


# --- queries ------------------------------------------------------------------------------


def count_on(connection: sqlite3.Connection, flt: ActivityFilter) -> int:
    shape, parameters = _shape_and_parameters(flt)
    return int(connection.execute(_count_statement(shape), parameters).fetchone()[0])


def fetch_on(
    connection: sqlite3.Connection,
    flt: ActivityFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[ActivityRow]:
    shape, parameters = _shape_and_parameters(flt)
    statement = _page_statement(shape, sort, descending)
    raw_rows = connection.execute(statement, [*parameters, limit, offset]).fetchall()
    return [_to_row(raw) for raw in raw_rows]


@contextlib.contextmanager
def _driver_connection(db: Database) -> Iterator[sqlite3.Connection]:
    """A connection of the database's pool, as the ``sqlite3`` connection under it.

    Reads outside a transaction see the last committed state, as a session would.
    """
    pooled = db.engine.raw_connection()
    try:
        yield pooled.driver_connection  # type: ignore[misc]
    finally:
        pooled.close()  # back to the pool


def count_activities(db: Database, flt: ActivityFilter) -> int:
    with _driver_connection(db) as connection:
        return count_on(connection, flt)


def fetch_activities(
    db: Database,
    flt: ActivityFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[ActivityRow]:
    with _driver_connection(db) as connection:
        return fetch_on(
            connection, flt, sort=sort, descending=descending, offset=offset, limit=limit
        )


def first_page(
    path: Path, flt: ActivityFilter, *, sort: str = "date", descending: bool = True, limit: int
) -> ActivityPage | None:
    """The page a list shows on opening, read before the database is opened the normal way.

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
