"""The activity list and the summaries on PostgreSQL, 200,000 activities, over a local socket.

A throwaway server is started in a temporary folder (``tests/postgres_server.py``'s helpers:
``initdb`` + ``pg_ctl``, as the ``postgres`` system user when run as root) and stopped at the
end; the base is filled by the demo generator (40 antennas, 10 years, the same data as
``bench_list``'s SQLite file), which takes a minute or two.

1. The activity list: count + first page of 200 rows through ``services.activities`` for each
   of ``bench_list``'s filters, against the same count and page as hand-written SQL run by
   ``psycopg`` on the same server, alternately. Goal (issue 14): ≤ 3× and < 100 ms each.
2. The summaries: ``bench_summary``'s yearly summary PDF of one antenna with 10,000 activities
   (``summarize`` + ``render_summary``, in a second base) against ``summary_baseline`` reading
   the same figures with ``psycopg`` (≤ 1.3× and < 2 s), then the summary of every antenna of
   the big base for one year (about 20,000 activities), without goal.

    .venv/bin/python -m benchmarks.bench_postgresql [--activities 200000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import os
import time
from datetime import date
from typing import Any

from benchmarks.bench_list import (
    BUSIEST_VOLUNTEER,
    MAX_RATIO,
    MAX_SECONDS,
    PAGE,
    RAW_SORTS,
    Case,
    app_list,
    coordinator_cases,
)
from benchmarks.common import BENCH_TODAY_ENV, Result, median_time, paired_medians, print_table
from benchmarks.summary_baseline import baseline_pdf_on_server
from pea_desktop.domain.period import Period
from pea_desktop.domain.text import fold
from pea_desktop.reports.summary_pdf import render_summary
from pea_desktop.services.activities.records import ActivityFilter
from pea_desktop.services.demo import generator as demo
from pea_desktop.services.summaries.summary import summarize
from pea_desktop.store.database import Database
from pea_desktop.store.location import parse_server_address
from pea_desktop.store.server import open_server_database
from tests import postgres_server

YEAR = 2025  # bench_summary's year and size
YEAR_ACTIVITIES = 10_000
RAW_COLUMNS = """
    a.id, a.kind, a.date, a.start_time, a.duration_minutes, an.code, a.place,
    coalesce((SELECT string_agg(v.first_name || ' ' || v.last_name, ', ' ORDER BY av.position)
        FROM activity_volunteer av JOIN volunteer v ON v.id = av.volunteer_id
        WHERE av.activity_id = a.id), ''),
    a.theme, a.participants, a.first_timers, a.relatives, a.requester, a.visit_place,
    a.reference, a.intervention_format, a.audience_kind, a.audience_size, coalesce(p.name, '')
"""


def raw_where(flt: ActivityFilter) -> tuple[str, list[Any]]:
    """The WHERE clause a developer would write by hand for ``flt``, for psycopg."""
    clauses = ["a.deleted_at IS NOT NULL" if flt.deleted else "a.deleted_at IS NULL"]
    params: list[Any] = []
    if flt.kind is not None:
        clauses.append("a.kind = %s")
        params.append(flt.kind.code)
    if flt.antenna_id is not None:
        clauses.append("a.antenna_id = %s")
        params.append(flt.antenna_id)
    if flt.date_from is not None:
        clauses.append("a.date >= %s")
        params.append(flt.date_from)
    if flt.date_to is not None:
        clauses.append("a.date <= %s")
        params.append(flt.date_to)
    if flt.volunteer_id is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM activity_volunteer av "
            "WHERE av.activity_id = a.id AND av.volunteer_id = %s)"
        )
        params.append(flt.volunteer_id)
    if text := fold(flt.text):
        clauses.append("a.search_text LIKE %s")
        params.append(f"%{text}%")
    return " AND ".join(clauses), params


def raw_list(connection: Any, case: Case) -> tuple[int, list[Any]]:
    where, params = raw_where(case.flt)
    direction = "DESC" if case.descending else "ASC"
    count = connection.execute(f"SELECT count(*) FROM activity a WHERE {where}", params).fetchone()
    rows = connection.execute(
        f"SELECT {RAW_COLUMNS} FROM activity a JOIN antenna an ON an.id = a.antenna_id "
        f"LEFT JOIN partner p ON p.id = a.partner_id WHERE {where} "
        f"ORDER BY {RAW_SORTS[case.sort]} {direction}, a.id {direction} LIMIT %s OFFSET 0",
        [*params, PAGE],
    ).fetchall()
    connection.rollback()  # a read ends its transaction, as the application's does
    return count[0], rows


def pick_cases(connection: Any) -> list[Case]:
    """``bench_list``'s filters, with values taken from the base, plus every kind and the bin."""
    lyon = connection.execute("SELECT id FROM antenna WHERE code = 'LYON'").fetchone()[0]
    busiest = connection.execute(BUSIEST_VOLUNTEER).fetchone()[0]
    last: date = connection.execute("SELECT max(date) FROM activity").fetchone()[0]
    connection.rollback()
    return [
        *coordinator_cases(lyon, busiest, last),
        Case("open list: all kinds", ActivityFilter()),
        Case("the bin", ActivityFilter(deleted=True)),
    ]


def measure_list(db: Database, connection: Any, repeat: int) -> list[Result]:
    results = []
    for case in pick_cases(connection):
        app, raw = app_list(db, case), raw_list(connection, case)
        if app[0] != raw[0] or [row.id for row in app[1]] != [row[0] for row in raw[1]]:
            raise SystemExit(f"{case.label}: the application and raw psycopg disagree")
        app_time, raw_time = paired_medians(
            lambda c=case: app_list(db, c), lambda c=case: raw_list(connection, c), repeat
        )
        results.append(Result(case.label, app_time, raw_time, MAX_RATIO, MAX_SECONDS))
    return results


def measure_summaries(
    year_db: Database, year_connection: Any, db: Database, connection: Any, repeat: int
) -> list[Result]:
    """``bench_summary``'s measure (one antenna, 10,000 activities in the year), then the
    summary of every antenna of the big base for one year."""
    antenna_id, code = year_connection.execute("SELECT id, code FROM antenna").fetchone()
    count = year_connection.execute(
        "SELECT count(*) FROM activity WHERE deleted_at IS NULL AND date BETWEEN %s AND %s",
        (date(YEAR, 1, 1), date(YEAR, 12, 31)),
    ).fetchone()[0]
    national = connection.execute(
        "SELECT count(*) FROM activity WHERE deleted_at IS NULL AND date BETWEEN %s AND %s",
        (date(YEAR, 1, 1), date(YEAR, 12, 31)),
    ).fetchone()[0]
    year_connection.rollback()
    connection.rollback()
    period = Period.for_year(YEAR)

    def ours() -> bytes:
        current, previous = summarize(year_db, period, code)
        buffer = io.BytesIO()
        render_summary(current, previous, buffer, generated_on=date(YEAR + 1, 1, 10))
        return buffer.getvalue()

    mine, base = paired_medians(
        ours, lambda: baseline_pdf_on_server(year_connection, antenna_id, YEAR), repeat
    )
    queries = median_time(lambda: summarize(year_db, period, code), repeat)
    everyone = median_time(lambda: summarize(db, period, None), 3)
    return [
        Result(f"summary PDF, {count:,} activities", mine, base, max_ratio=1.3, max_seconds=2.0),
        Result("  its two summaries (SQL aggregates)", queries),
        Result(f"all antennas' summary {YEAR}, {national:,} activities", everyone),
    ]


def build(
    server: postgres_server.PostgresServer, name: str, activities: int, **options: Any
) -> Database:
    """A new base ``name`` holding ``activities`` demo activities, analysed."""
    db = open_server_database(parse_server_address(server.url(server.create_database(name))))
    print(f"Building {activities:,} demo activities in {name}...", flush=True)
    started = time.perf_counter()
    demo.generate(db, seed=1, activities_target=activities, **options)
    server.sql("VACUUM ANALYZE", database=name)  # as autovacuum would, soon after
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return db


def connect(server: postgres_server.PostgresServer, name: str) -> Any:
    import psycopg

    return psycopg.connect(
        host=str(server.socket_dir), port=server.port, dbname=name, user=postgres_server.ADMIN
    )


def run(activities: int, repeat: int) -> bool:
    if reason := postgres_server.missing_reason():
        print(f"PostgreSQL benchmark skipped: {reason}")
        return True
    today = date.fromisoformat(os.environ.get(BENCH_TODAY_ENV, "2026-01-15"))
    server = postgres_server.start_server()
    try:
        db = build(server, "pea_bench", activities, antennas=40, years=10, today=today)
        year_db = build(
            server, "pea_bench_year", YEAR_ACTIVITIES, antennas=1, years=1, today=date(YEAR, 12, 31)
        )
        try:
            with connect(server, "pea_bench") as connection:
                ok = print_table(
                    f"Activity list on PostgreSQL, {activities:,} activities (median of "
                    f"{repeat}; raw = psycopg, local socket)",
                    measure_list(db, connection, repeat),
                )
                with connect(server, "pea_bench_year") as year_connection:
                    summaries = measure_summaries(year_db, year_connection, db, connection, 5)
            ok = print_table("Activity summaries on PostgreSQL", summaries) and ok
        finally:
            db.close()
            year_db.close()
    finally:
        postgres_server.remove_server(server)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--activities", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    return 0 if run(args.activities, args.repeat) else 1


if __name__ == "__main__":
    raise SystemExit(main())
