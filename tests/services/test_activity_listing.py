"""The list query in plain SQL (services/activities/listing.py) says what the models say.

Each filter, sort and page is compared with the same list built from the models with
SQLAlchemy (the query the list used before it was written in SQL): same count, same rows, same
values and types, on SQLite and on PostgreSQL; then the two engines, given the same demo data,
give the same pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Integer, Select, column, func, select, text, update

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.text import fold
from pea_desktop.services.activities.listing import (
    SORTABLE,
    ActivityFilter,
    ActivityRow,
    count_activities,
    fetch_activities,
    first_page,
    list_page,
)
from pea_desktop.services.demo import generator as demo
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.location import parse_server_address
from pea_desktop.store.models import Activity, Antenna, Partner, Volunteer, activity_volunteer
from pea_desktop.store.server import open_server_database
from tests import postgres_server

TODAY = date(2026, 1, 15)
ORM_SORTABLE = {
    "date": Activity.date,
    "start_time": Activity.start_time,
    "duration_minutes": Activity.duration_minutes,
    "antenna_code": Antenna.code,
    "place": Activity.place,
    "theme": Activity.theme,
    "participants": Activity.participants,
    "first_timers": Activity.first_timers,
    "relatives": Activity.relatives,
    "requester": Activity.requester,
    "visit_place": Activity.visit_place,
    "reference": Activity.reference,
    "intervention_format": Activity.intervention_format,
    "audience_kind": Activity.audience_kind,
    "audience_size": Activity.audience_size,
}


def _orm_conditions(flt: ActivityFilter, server: bool) -> list[Any]:
    conditions: list[Any] = [
        Activity.deleted_at.is_not(None) if flt.deleted else Activity.deleted_at.is_(None)
    ]
    if flt.kind is not None:
        conditions.append(Activity.kind == flt.kind)
    if flt.antenna_id is not None:
        conditions.append(Activity.antenna_id == flt.antenna_id)
    if flt.date_from is not None:
        conditions.append(Activity.date >= flt.date_from)
    if flt.date_to is not None:
        conditions.append(Activity.date <= flt.date_to)
    if flt.volunteer_id is not None:
        conditions.append(
            Activity.id.in_(
                select(activity_volunteer.c.activity_id).where(
                    activity_volunteer.c.volunteer_id == flt.volunteer_id
                )
            )
        )
    if folded := fold(flt.text):
        if len(folded) >= 3 and not server:  # SQLite's trigram table (the server's is an index)
            phrase = '"' + folded.replace('"', '""') + '"'
            indexed = text("SELECT rowid FROM activity_fts WHERE activity_fts MATCH :phrase")
            found = indexed.columns(column("rowid", Integer)).bindparams(phrase=phrase)
            conditions.append(Activity.id.in_(select(found.subquery().c.rowid)))
        else:
            escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(Activity.search_text.like(f"%{escaped}%", escape="\\"))
    return conditions


def _orm_names(server: bool) -> Any:
    """The activity's volunteers' names in their order, ", "-separated."""
    if server:
        return (
            select(
                func.string_agg(
                    Volunteer.first_name + " " + Volunteer.last_name, ", "
                ).aggregate_order_by(activity_volunteer.c.position)
            )
            .select_from(activity_volunteer)
            .join(Volunteer, Volunteer.id == activity_volunteer.c.volunteer_id)
            .where(activity_volunteer.c.activity_id == Activity.id)
            .correlate(Activity)
            .scalar_subquery()
        )
    ordered = (
        select(
            activity_volunteer.c.activity_id,
            (Volunteer.first_name + " " + Volunteer.last_name).label("name"),
        )
        .join(Volunteer, Volunteer.id == activity_volunteer.c.volunteer_id)
        .where(activity_volunteer.c.activity_id == Activity.id)
        .order_by(activity_volunteer.c.position)
        .correlate(Activity)
        .subquery()
    )
    return select(func.group_concat(ordered.c.name, ", ")).scalar_subquery()


def _orm_list(flt: ActivityFilter, sort: str, descending: bool, server: bool) -> Select[Any]:
    names = _orm_names(server)
    sort_column = ORM_SORTABLE[sort]
    # Empty values come first going up, last going down (SQLite's own order, said for both).
    sort_order = sort_column.desc().nulls_last() if descending else sort_column.asc().nulls_first()
    return (
        select(
            Activity.id,
            Activity.kind,
            Activity.date,
            Activity.start_time,
            Activity.duration_minutes,
            Antenna.code,
            Activity.place,
            func.coalesce(names, ""),
            Activity.theme,
            Activity.participants,
            Activity.first_timers,
            Activity.relatives,
            Activity.requester,
            Activity.visit_place,
            Activity.reference,
            Activity.intervention_format,
            Activity.audience_kind,
            Activity.audience_size,
            func.coalesce(Partner.name, ""),
        )
        .join(Antenna, Antenna.id == Activity.antenna_id)
        .outerjoin(Partner, Partner.id == Activity.partner_id)
        .where(*_orm_conditions(flt, server))
        .order_by(
            sort_order,
            Activity.id.desc() if descending else Activity.id.asc(),
        )
    )


def orm_page(
    db: Database, flt: ActivityFilter, sort: str, descending: bool, offset: int, limit: int
) -> tuple[int, list[ActivityRow]]:
    with db.session() as session:
        total = session.scalar(
            select(func.count()).select_from(Activity).where(*_orm_conditions(flt, db.on_server))
        )
        query = _orm_list(flt, sort, descending, db.on_server).offset(offset).limit(limit)
        return total or 0, [ActivityRow(*row) for row in session.execute(query)]


def _fill(database: Database) -> Database:
    demo.generate(database, antennas=3, years=1, seed=3, today=TODAY, activities_target=900)
    with database.session() as session:  # a few in the bin
        session.execute(update(Activity).where(Activity.id % 37 == 0).values(deleted_at=func.now()))
    return database


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = _fill(open_database(tmp_path_factory.mktemp("listing") / "demo.sqlite3"))
    yield database
    database.close()


@pytest.fixture(scope="module")
def pg_demo(pg_server: postgres_server.PostgresServer, pg_template: str) -> Iterator[Database]:
    """The same demo data in a base of the test server."""
    name = pg_server.create_database(pg_server.new_database_name(), template=pg_template)
    database = _fill(open_server_database(parse_server_address(pg_server.url(name))))
    yield database
    database.close()
    pg_server.drop_database(name)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(request: pytest.FixtureRequest) -> Database:
    fixture = {"sqlite": "sqlite_demo", "postgresql": "pg_demo"}[request.param]
    database: Database = request.getfixturevalue(fixture)
    return database


def _some(db: Database, query: str) -> Any:
    with db.engine.connect() as connection:
        return connection.exec_driver_sql(query).scalar()


def filters(db: Database) -> list[ActivityFilter]:
    antenna = _some(db, "SELECT min(id) FROM antenna")
    volunteer = _some(
        db,
        "SELECT volunteer_id FROM activity_volunteer GROUP BY volunteer_id "
        "ORDER BY count(*) DESC LIMIT 1",
    )
    place = _some(db, "SELECT place FROM activity WHERE place != '' LIMIT 1")
    autumn = (date(2025, 9, 1), date(2025, 11, 30))
    group, visit = ActivityKind.GROUP, ActivityKind.VISIT
    return [
        ActivityFilter(),
        ActivityFilter(deleted=True),
        ActivityFilter(kind=group),
        ActivityFilter(kind=visit, antenna_id=antenna),
        ActivityFilter(kind=ActivityKind.INTERVENTION, date_from=autumn[0]),
        ActivityFilter(date_to=autumn[1]),
        ActivityFilter(kind=group, date_from=autumn[0], date_to=autumn[1]),
        ActivityFilter(volunteer_id=volunteer),
        ActivityFilter(kind=group, volunteer_id=volunteer, antenna_id=antenna),
        ActivityFilter(text=place.upper()),  # indexed search, folded
        ActivityFilter(text=place[:2]),  # too short for the index: LIKE
        ActivityFilter(text="%_"),  # LIKE wildcards are searched for, not obeyed
        ActivityFilter(text='"a'),  # quotes cannot break the index phrase
        ActivityFilter(kind=visit, text="domicile", deleted=True),
        ActivityFilter(antenna_id=-1),
    ]


def test_every_filter_counts_and_pages_as_the_models_say(demo_db: Database) -> None:
    for flt in filters(demo_db):
        for offset in (0, 150):
            expected_total, expected = orm_page(demo_db, flt, "date", True, offset, 200)
            assert count_activities(demo_db, flt) == expected_total, flt
            got = fetch_activities(demo_db, flt, offset=offset, limit=200)
            assert got == expected, flt


@pytest.mark.parametrize("sort", sorted(SORTABLE))
def test_every_sort_in_both_directions_as_the_models_say(demo_db: Database, sort: str) -> None:
    flt = ActivityFilter()
    for descending in (True, False):
        _total, expected = orm_page(demo_db, flt, sort, descending, 20, 60)
        got = fetch_activities(demo_db, flt, sort=sort, descending=descending, offset=20, limit=60)
        assert got == expected
    assert set(SORTABLE) == set(ORM_SORTABLE)


def test_rows_carry_domain_types(demo_db: Database) -> None:
    rows = fetch_activities(demo_db, ActivityFilter(), limit=500)
    expected = orm_page(demo_db, ActivityFilter(), "date", True, 0, 500)[1]
    assert rows
    for got, want in zip(rows, expected, strict=True):
        for name in ActivityRow.__dataclass_fields__:
            assert type(getattr(got, name)) is type(getattr(want, name)), name
    assert hash(rows[0]) == hash(expected[0])


def test_a_list_page_is_its_count_and_first_rows(demo_db: Database) -> None:
    for flt in filters(demo_db)[:6]:
        page = list_page(demo_db, flt, sort="place", descending=False, limit=120)
        assert page.total == count_activities(demo_db, flt)
        assert page.rows == fetch_activities(
            demo_db, flt, sort="place", descending=False, limit=120
        )


def test_both_engines_give_the_same_pages(sqlite_demo: Database, pg_demo: Database) -> None:
    for flt in filters(sqlite_demo):
        assert count_activities(pg_demo, flt) == count_activities(sqlite_demo, flt), flt
        for offset in (0, 150):
            got = fetch_activities(pg_demo, flt, offset=offset, limit=200)
            assert got == fetch_activities(sqlite_demo, flt, offset=offset, limit=200), flt
    for sort in SORTABLE:
        for descending in (True, False):
            pages = [
                fetch_activities(db, ActivityFilter(), sort=sort, descending=descending, limit=300)
                for db in (sqlite_demo, pg_demo)
            ]
            assert pages[0] == pages[1], (sort, descending)


def test_first_page_before_opening_is_the_page_of_the_open_database(
    sqlite_demo: Database,
) -> None:
    flt = ActivityFilter(kind=ActivityKind.GROUP)
    page = first_page(sqlite_demo.path, flt, limit=200)
    assert page is not None
    assert page.total == count_activities(sqlite_demo, flt)
    assert page.rows == fetch_activities(sqlite_demo, flt, limit=200)


def _copy(db: Database, folder: Path) -> Path:
    copy = folder / "copie.sqlite3"
    source = sqlite3.connect(db.path)
    target = sqlite3.connect(copy)
    with target:
        source.backup(target)
    source.close()
    target.close()
    return copy


def test_first_page_leaves_other_bases_to_the_normal_opening(
    sqlite_demo: Database, tmp_path: Path
) -> None:
    flt = ActivityFilter(kind=ActivityKind.GROUP)
    assert first_page(tmp_path / "absente.sqlite3", flt, limit=200) is None
    assert first_page(tmp_path, flt, limit=200) is None  # a folder

    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("pas une base\n" * 200)
    assert first_page(text_file, flt, limit=200) is None

    newer = _copy(sqlite_demo, tmp_path)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    assert first_page(newer, flt, limit=200) is None
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")  # to migrate
    assert first_page(newer, flt, limit=200) is None


@pytest.mark.sqlite_only("the first page is read from a base's file")
def test_first_page_of_a_base_without_antenna_is_none(db: Database) -> None:
    assert first_page(db.path, ActivityFilter(kind=ActivityKind.GROUP), limit=200) is None


def test_first_page_changes_nothing(sqlite_demo: Database, tmp_path: Path) -> None:
    copy = _copy(sqlite_demo, tmp_path)
    before = copy.read_bytes()
    assert first_page(copy, ActivityFilter(), limit=10) is not None
    assert copy.read_bytes() == before
    # SQLite may leave the write-ahead log of a WAL base behind, empty.
    wal = copy.with_name(copy.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
