"""Fill an empty database with realistic fictitious data, for newcomers and benchmarks.

Everything comes from one ``random.Random(seed)``, so a seed always gives the same database
(UUIDs included). Rows are written in bulk in a single transaction, which lets the same code
build 200,000 activities for the benchmarks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.demo import data
from pea_desktop.services.demo.claims_life import give_claims_a_life
from pea_desktop.services.demo.rows import DemoSummary, Row, RowMaker
from pea_desktop.store.audit import log_batch
from pea_desktop.store.database import Database
from pea_desktop.store.models import (
    Activity,
    Antenna,
    AssociationSettings,
    ExpenseLine,
    Partner,
    Volunteer,
    activity_volunteer,
    table_of,
)

__all__ = ["MAX_YEARS", "DemoSummary", "check_options", "generate"]

MAX_YEARS = 30
CHUNK = 5_000  # activities made and written at a time: memory stays bounded for big databases
# A bigger page cache while writing: the UUID indexes receive keys in random order.
BULK_CACHE_KIB = 128 * 1024


def check_options(antennas: int, years: int, activities_target: int | None = None) -> None:
    """Refuse impossible numbers before anything is created."""
    problems = []
    if not 1 <= antennas <= len(data.TOWNS):
        problems.append(f"--antennas : entre 1 et {len(data.TOWNS)} antennes (reçu : {antennas}).")
    if not 1 <= years <= MAX_YEARS:
        problems.append(f"--years : entre 1 et {MAX_YEARS} ans (reçu : {years}).")
    if activities_target is not None and activities_target < 0:
        problems.append(f"Nombre d'activités négatif (reçu : {activities_target}).")
    if problems:
        raise BadInputError("Les données de démonstration ne peuvent pas être créées.", problems)


def generate(
    db: Database,
    *,
    antennas: int = 4,
    years: int = 3,
    seed: int = 1,
    today: date | None = None,
    activities_target: int | None = None,
) -> DemoSummary:
    """Create the association, ``antennas`` antennas, volunteers, partners and activities.

    Activities span the ``years`` years up to ``today`` (never later): by default at a realistic
    rhythm (a weekly groupe de parole per antenna, visits, interventions); with
    ``activities_target``, exactly that many activities spread over the period (benchmarks).
    Refuses a database that already holds data, so that fictitious and real data never mix.
    """
    check_options(antennas, years, activities_target)
    maker = RowMaker(seed, today or date.today(), years)
    with db.session() as session:
        _refuse_existing_data(session, db)
        connection = session.connection()
        cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        try:
            _write(session, maker, antennas, activities_target)
            log_batch(session, "activity", "imported", "Données de démonstration")
        finally:
            connection.exec_driver_sql(f"PRAGMA cache_size={int(cache or -2000)}")
    if activities_target is None:  # benchmarks want activities only
        give_claims_a_life(db, maker.today, seed)
    return maker.summary


def _write(session: Session, maker: RowMaker, antennas: int, activities_target: int | None) -> None:
    settings = session.scalar(select(AssociationSettings)) or AssociationSettings()
    for name, value in data.ASSOCIATION.items():
        setattr(settings, name, value)
    session.add(settings)
    session.flush()

    sites, antenna_rows, volunteer_rows, partner_rows = maker.sites(
        antennas,
        _next_id(session, Antenna),
        _next_id(session, Volunteer),
        _next_id(session, Partner),
    )
    insert_rows(session, table_of(Antenna), antenna_rows)
    insert_rows(session, table_of(Volunteer), volunteer_rows)
    insert_rows(session, table_of(Partner), partner_rows)

    if activities_target is None:
        events = maker.schedule(sites)
    else:
        events = maker.spread(sites, activities_target)
    first_id = _next_id(session, Activity)
    for start in range(0, len(events), CHUNK):
        rows, links, expenses = maker.activities(
            sites, events[start : start + CHUNK], first_id + start
        )
        insert_rows(session, table_of(Activity), rows)
        insert_rows(session, activity_volunteer, links)
        insert_rows(session, table_of(ExpenseLine), expenses)


def _next_id(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.max(model.id))) or 0) + 1


def _refuse_existing_data(session: Session, db: Database) -> None:
    counts = [
        session.scalar(select(func.count()).select_from(model))
        for model in (Antenna, Volunteer, Partner, Activity, ExpenseLine)
    ]
    named = session.scalar(select(func.count()).where(AssociationSettings.name != ""))
    if any(counts) or named:
        raise BadInputError(
            f"La base {db.path.name} contient déjà des données : les données de démonstration "
            "ne s'ajoutent qu'à une base vide, pour ne jamais se mêler à des données réelles.",
            ["Indiquez un nouveau fichier, par exemple : pea-desktop demo --db demo.sqlite3"],
        )


def insert_rows(session: Session, table: Table, rows: list[Row]) -> None:
    """Insert many rows in the session's transaction, as fast as sqlite3 allows.

    Each value goes through its column type's bind processor exactly as SQLAlchemy would (money
    as cents, enums by value, dates as ISO text), then every row goes to sqlite3's
    ``executemany`` at once: Core's per-row work would double the time of a 200,000-row build
    (and the ORM's bulk insert, which groups rows by their NULL columns, double it again).
    Columns missing from a row take their scalar default, or NULL.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect)
    names = list(compiled.positiontup or [])
    fallback = {
        column.name: column.default.arg
        if isinstance(column.default, ScalarElementColumnDefault)
        else None
        for column in table.columns
    }
    processors = [
        (position, processor)
        for position, name in enumerate(names)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    # Columns whose default is computed per row (a link's UUID) get it for each row.
    per_row = {
        column.name: column.default
        for column in table.columns
        if column.default is not None and column.default.is_callable
    }
    params = []
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
        params.append(tuple(values))
    connection.exec_driver_sql(str(compiled), params)
