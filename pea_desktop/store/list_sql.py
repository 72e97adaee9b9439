"""The activity list's SQL in both dialects: the one place that knows how each engine says it.

``services/activities/listing.py`` runs these statements on the driver connection (sqlite3 or
psycopg) without SQLAlchemy, so this module imports nothing but the standard library: the
window's first page is read with it before SQLAlchemy is loaded.

What differs between the two:

* placeholders: ``?`` (sqlite3) or ``%s`` (psycopg);
* the volunteers' names: ``group_concat`` over an ordered subquery, or ``string_agg`` with its
  own ``ORDER BY``;
* the text search, on the folded ``search_text`` column (lower case, no accents, kept by the
  database: triggers of migrations 0003-0004, ``pea_fold()`` = unaccent on PostgreSQL): SQLite
  finds a needle of three characters or more through its FTS5 trigram table (a quoted phrase,
  reading only the index), shorter ones with ``LIKE``; PostgreSQL always uses ``LIKE``, which
  its ``pg_trgm`` GIN index (``ix_activity_search_trigram``) serves from three characters;
* dates: ISO text on SQLite, real dates on PostgreSQL (as parameters and in rows);
* empty values when sorting: SQLite puts NULL first going up, PostgreSQL last; PostgreSQL's
  statements say ``NULLS FIRST``/``NULLS LAST`` on the columns that may be empty, so that both
  engines give the same pages.

The statements must say what the models say (``store/models.py``): tests compare every filter
with a query built from the models, on both engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class ListDialect:
    name: str
    placeholder: str
    names: str  # the volunteers' names of activity ``a``, in their order, ", "-separated
    indexed_search: bool  # a trigram table answers needles of 3 characters or more
    dates_as_text: bool
    explicit_nulls: bool  # say where NULL goes when sorting (SQLite's place on PostgreSQL)


SQLITE = ListDialect(
    name="sqlite",
    placeholder="?",
    names="""(SELECT group_concat(name, ', ') FROM (
        SELECT v.first_name || ' ' || v.last_name AS name
        FROM activity_volunteer av JOIN volunteer v ON v.id = av.volunteer_id
        WHERE av.activity_id = a.id ORDER BY av.position))""",
    indexed_search=True,
    dates_as_text=True,
    explicit_nulls=False,
)
POSTGRESQL = ListDialect(
    name="postgresql",
    placeholder="%s",
    names="""(SELECT string_agg(v.first_name || ' ' || v.last_name, ', ' ORDER BY av.position)
        FROM activity_volunteer av JOIN volunteer v ON v.id = av.volunteer_id
        WHERE av.activity_id = a.id)""",
    indexed_search=False,
    dates_as_text=False,
    explicit_nulls=True,
)

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
# Sort columns that are never NULL: no NULLS clause, so that an index in date order still
# serves the default sort on PostgreSQL.
NEVER_NULL = frozenset({"date", "antenna_code", "place", "theme", "reference"})

_FROM = (
    "FROM activity a JOIN antenna an ON an.id = a.antenna_id "
    "LEFT JOIN partner p ON p.id = a.partner_id"
)


@dataclass(frozen=True)
class ListShape:
    """Which criteria a filter sets (its values are the statement's parameters, in this order:
    kind, antenna, date from, date to, volunteer, text)."""

    deleted: bool
    kind: bool
    antenna: bool
    date_from: bool
    date_to: bool
    volunteer: bool
    text: str  # "", "indexed" (trigram table) or "like"


def text_mode(dialect: ListDialect, folded: str) -> str:
    if not folded:
        return ""
    return "indexed" if dialect.indexed_search and len(folded) >= 3 else "like"


def text_parameter(mode: str, folded: str) -> str:
    """The parameter matching a folded needle: a quoted FTS5 phrase, or a LIKE pattern whose
    wildcards are escaped (``%`` and ``_`` typed are searched for, not obeyed)."""
    if mode == "indexed":
        return '"' + folded.replace('"', '""') + '"'
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(dialect: ListDialect, shape: ListShape) -> str:
    mark = dialect.placeholder
    clauses = ["a.deleted_at IS NOT NULL" if shape.deleted else "a.deleted_at IS NULL"]
    if shape.kind:
        clauses.append(f"a.kind = {mark}")
    if shape.antenna:
        clauses.append(f"a.antenna_id = {mark}")
    if shape.date_from:
        clauses.append(f"a.date >= {mark}")
    if shape.date_to:
        clauses.append(f"a.date <= {mark}")
    if shape.volunteer:
        clauses.append(
            "a.id IN (SELECT av.activity_id FROM activity_volunteer av "
            f"WHERE av.volunteer_id = {mark})"
        )
    if shape.text == "indexed":
        clauses.append(f"a.id IN (SELECT rowid FROM activity_fts WHERE activity_fts MATCH {mark})")
    elif shape.text == "like":
        clauses.append(f"a.search_text LIKE {mark} ESCAPE '\\'")
    return " AND ".join(clauses)


# A filter's shape decides the statement; shapes are few, so each statement string is built
# once, and the driver's own statement cache (sqlite3's, psycopg's prepared statements) then
# skips parsing too.


@lru_cache(maxsize=256)
def count_statement(dialect: ListDialect, shape: ListShape) -> str:
    return f"SELECT count(*) FROM activity a WHERE {_where(dialect, shape)}"


@lru_cache(maxsize=512)
def page_statement(dialect: ListDialect, shape: ListShape, sort: str, descending: bool) -> str:
    """Columns in :class:`ActivityRow` order; parameters: the shape's, then limit, offset."""
    sort = sort if sort in SORTABLE else "date"
    direction = "DESC" if descending else "ASC"
    nulls = ""
    if dialect.explicit_nulls and sort not in NEVER_NULL:
        nulls = " NULLS LAST" if descending else " NULLS FIRST"
    order = f"{SORTABLE[sort]} {direction}{nulls}, a.id {direction}"
    columns = f"""
        a.id, a.kind, a.date, a.start_time, a.duration_minutes, an.code, a.place,
        coalesce({dialect.names}, ''),
        a.theme, a.participants, a.first_timers, a.relatives, a.requester, a.visit_place,
        a.reference, a.intervention_format, a.audience_kind, a.audience_size,
        coalesce(p.name, '')"""
    mark = dialect.placeholder
    return (
        f"SELECT {columns} {_FROM} WHERE {_where(dialect, shape)} ORDER BY {order} "
        f"LIMIT {mark} OFFSET {mark}"
    )
