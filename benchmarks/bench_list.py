"""Opening and filtering the activity list of 200,000 activities, against raw sqlite3.

Each measure is the count plus the first page of 200 rows, as the list does when it opens or
when a filter changes: once through the application (services.activities, then the Qt table
model) and once as hand-written SQL run by the standard ``sqlite3`` module on the same file.
Goals (issue 2): at most 3x the raw query, and under 100 ms.

    .venv/bin/python -m benchmarks.bench_list [--activities 200000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import Result, demo_database, median_time, paired_medians, print_table
from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.text import fold
from pea_desktop.services.activities.listing import list_page
from pea_desktop.services.activities.records import ActivityFilter
from pea_desktop.store.database import Database, open_database

MAX_RATIO = 3.0
MAX_SECONDS = 0.100
PAGE = 200

RAW_COLUMNS = """
    a.id, a.kind, a.date, a.start_time, a.duration_minutes, an.code, a.place,
    coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT v.first_name || ' ' || v.last_name AS name
        FROM activity_volunteer av JOIN volunteer v ON v.id = av.volunteer_id
        WHERE av.activity_id = a.id ORDER BY av.position)), ''),
    a.theme, a.participants, a.first_timers, a.relatives, a.requester, a.visit_place,
    a.reference, a.intervention_format, a.audience_kind, a.audience_size, coalesce(p.name, '')
"""
RAW_SORTS = {"date": "a.date", "place": "a.place"}


@dataclass(frozen=True)
class Case:
    label: str
    flt: ActivityFilter
    sort: str = "date"
    descending: bool = True


def raw_where(flt: ActivityFilter) -> tuple[str, list[Any]]:
    """The WHERE clause a developer would write by hand for ``flt``."""
    clauses = ["a.deleted_at IS NOT NULL" if flt.deleted else "a.deleted_at IS NULL"]
    params: list[Any] = []
    if flt.kind is not None:
        clauses.append("a.kind = ?")
        params.append(flt.kind.code)
    if flt.antenna_id is not None:
        clauses.append("a.antenna_id = ?")
        params.append(flt.antenna_id)
    if flt.date_from is not None:
        clauses.append("a.date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        clauses.append("a.date <= ?")
        params.append(flt.date_to.isoformat())
    if flt.volunteer_id is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM activity_volunteer av "
            "WHERE av.activity_id = a.id AND av.volunteer_id = ?)"
        )
        params.append(flt.volunteer_id)
    if text := fold(flt.text):
        clauses.append("a.search_text LIKE ?")
        params.append(f"%{text}%")
    return " AND ".join(clauses), params


def raw_page(connection: sqlite3.Connection, case: Case, offset: int = 0) -> list[Any]:
    where, params = raw_where(case.flt)
    direction = "DESC" if case.descending else "ASC"
    return connection.execute(
        f"SELECT {RAW_COLUMNS} FROM activity a JOIN antenna an ON an.id = a.antenna_id "
        f"LEFT JOIN partner p ON p.id = a.partner_id WHERE {where} "
        f"ORDER BY {RAW_SORTS[case.sort]} {direction}, a.id {direction} LIMIT ? OFFSET ?",
        [*params, PAGE, offset],
    ).fetchall()


def raw_list(connection: sqlite3.Connection, case: Case) -> tuple[int, list[Any]]:
    """Count and first page, as the list needs when it opens or a filter changes."""
    where, params = raw_where(case.flt)
    count = connection.execute(f"SELECT count(*) FROM activity a WHERE {where}", params).fetchone()
    return count[0], raw_page(connection, case)


def app_list(db: Database, case: Case) -> tuple[int, list[Any]]:
    """Count and first page, as the list's table model asks for them."""
    page = list_page(db, case.flt, sort=case.sort, descending=case.descending, limit=PAGE)
    return page.total, page.rows


def pick_cases(connection: sqlite3.Connection) -> list[Case]:
    """Filters a coordinator really uses, with values taken from the database."""
    lyon = connection.execute("SELECT id FROM antenna WHERE code = 'LYON'").fetchone()[0]
    busiest = connection.execute(BUSIEST_VOLUNTEER).fetchone()[0]
    last = date.fromisoformat(connection.execute("SELECT max(date) FROM activity").fetchone()[0])
    return coordinator_cases(lyon, busiest, last)


BUSIEST_VOLUNTEER = (
    "SELECT volunteer_id FROM activity_volunteer GROUP BY volunteer_id "
    "ORDER BY count(*) DESC LIMIT 1"
)


def coordinator_cases(lyon: int, busiest: int, last: date) -> list[Case]:
    """The filters measured, for Lyon's id, the busiest volunteer and the last activity's
    date (shared with bench_postgresql, which reads them on its server)."""
    group, visit = ActivityKind.GROUP, ActivityKind.VISIT
    quarter = (last - timedelta(days=91), last)
    return [
        Case("open list: groupes (count + 200 rows)", ActivityFilter(kind=group)),
        Case("open list: visites", ActivityFilter(kind=visit)),
        Case("filter kind + antenna", ActivityFilter(kind=visit, antenna_id=lyon)),
        Case(
            "filter date range (3 months)",
            ActivityFilter(kind=group, date_from=quarter[0], date_to=quarter[1]),
        ),
        Case("filter volunteer", ActivityFilter(kind=group, volunteer_id=busiest)),
        Case("filter text «Cèdres»", ActivityFilter(kind=visit, text="Cèdres")),
        Case("filter text «rechute», all kinds", ActivityFilter(text="rechute")),
        Case(
            "filter antenna + dates + text",
            ActivityFilter(
                kind=group, antenna_id=lyon, date_from=quarter[0], date_to=quarter[1], text="la"
            ),
        ),
        Case("sort by place", ActivityFilter(kind=group), sort="place", descending=False),
    ]


def check_same(label: str, app: tuple[int, list[Any]], raw: tuple[int, list[Any]]) -> None:
    """The baseline must answer the same question, or the ratio means nothing."""
    app_ids = [row.id for row in app[1]]
    raw_ids = [row[0] for row in raw[1]]
    if app[0] != raw[0] or app_ids != raw_ids:
        raise SystemExit(f"{label}: the application and raw sqlite3 disagree ({app[0]} / {raw[0]})")


def measure_services(
    db: Database, connection: sqlite3.Connection, cases: list[Case], repeat: int
) -> list[Result]:
    results = []
    for case in cases:
        check_same(case.label, app_list(db, case), raw_list(connection, case))
        app_time, raw_time = paired_medians(
            lambda c=case: app_list(db, c), lambda c=case: raw_list(connection, c), repeat
        )
        results.append(Result(case.label, app_time, raw_time, MAX_RATIO, MAX_SECONDS))
    return results


def measure_qt_model(
    db: Database, connection: sqlite3.Connection, cases: list[Case], repeat: int
) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from pea_desktop.ui.activities.table_model import ActivityTableModel
    except ImportError as error:  # the model is not there yet
        print(f"Qt table model skipped: {error}")
        return []
    _app = QApplication.instance() or QApplication(sys.argv[:1])
    group = ActivityKind.GROUP
    opening, by_antenna = cases[0], cases[2]

    def open_model() -> Any:
        model = ActivityTableModel(db, group)
        model.reload()
        return model

    model = open_model()
    visible = [
        model.index(row, column)
        for row in range(min(40, model.rowCount()))
        for column in range(model.columnCount())
    ]

    def show_rows() -> None:
        for index in visible:
            model.data(index, Qt.ItemDataRole.DisplayRole)

    def scroll() -> None:
        model.set_filter(opening.flt)
        model.fetchMore()

    def raw_scroll() -> None:
        raw_list(connection, opening)
        raw_page(connection, opening, PAGE)

    def filter_antenna() -> None:
        model.set_filter(by_antenna.flt)

    pairs = [
        ("Qt model: open groupes list", open_model, lambda: raw_list(connection, opening)),
        (
            "Qt model: filter change (kind + antenna)",
            filter_antenna,
            lambda: raw_list(connection, by_antenna),
        ),
        ("Qt model: open + scroll one page", scroll, raw_scroll),
    ]
    results = [
        Result(label, *paired_medians(action, baseline, repeat), MAX_RATIO, MAX_SECONDS)
        for label, action, baseline in pairs
    ]
    results.append(
        Result("Qt model: texts of 40 visible rows", median_time(show_rows, repeat), None)
    )
    return results


def run(path: Path, repeat: int) -> bool:
    db = open_database(path)
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        total = connection.execute("SELECT count(*) FROM activity").fetchone()[0]
        cases = pick_cases(connection)
        results = measure_services(db, connection, cases, repeat)
        results += measure_qt_model(db, connection, cases, repeat)
    finally:
        connection.close()
        db.close()
    return print_table(
        f"Activity list on {total:,} activities (median of {repeat}; raw = sqlite3 module)",
        results,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--activities", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    path = demo_database(args.activities)
    return 0 if run(path, args.repeat) else 1


if __name__ == "__main__":
    raise SystemExit(main())
