"""Summary PDF and national consolidation speed.

Run: ``.venv/bin/python -m benchmarks.bench_summary``

1. The yearly summary PDF of one antenna with 10,000 activities in the year (SQL aggregates,
   dataclasses, the whole report with its comparison, charts and tables), against raw sqlite3
   and ReportLab producing the same tables directly (``summary_baseline``). Goal: ≤ 1.3×
   and < 2 s.
2. The consolidation of 200 antenna exports (reading, checking the checksums, adding up),
   then the national PDF and spreadsheet. Goal: consolidation < 5 s.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from benchmarks.common import (
    BENCH_TODAY_ENV,
    Result,
    demo_database,
    paired_medians,
    print_table,
)
from benchmarks.summary_baseline import baseline_pdf
from pea_desktop.domain.federation_format import seal
from pea_desktop.domain.period import Period
from pea_desktop.reports.national_pdf import render_national
from pea_desktop.reports.summary_pdf import render_summary
from pea_desktop.reports.xlsx import national_workbook, workbook_bytes
from pea_desktop.services import keys
from pea_desktop.services.federation.consolidation import consolidate
from pea_desktop.services.federation.export import prepare_export, to_json
from pea_desktop.services.federation.signatures import sign_document
from pea_desktop.services.summaries.summary import summarize
from pea_desktop.store.database import Database, open_database

YEAR = 2025
ACTIVITIES = 10_000
EXPORTS = 200
DEPARTMENTS = ["01", "13", "29", "31", "33", "38", "44", "59", "67", "69", "75", "76", "974"]


def year_database() -> Path:
    """One antenna, 10,000 demo activities over the calendar year (cached between runs)."""
    saved = os.environ.get(BENCH_TODAY_ENV)
    os.environ[BENCH_TODAY_ENV] = f"{YEAR}-12-31"
    try:
        return demo_database(ACTIVITIES, antennas=1, years=1)
    finally:
        if saved is None:
            os.environ.pop(BENCH_TODAY_ENV, None)
        else:
            os.environ[BENCH_TODAY_ENV] = saved


def ours(db: Database, code: str) -> bytes:
    current, previous = summarize(db, Period.for_year(YEAR), code)
    buffer = io.BytesIO()
    render_summary(current, previous, buffer, generated_on=date(YEAR + 1, 1, 10))
    return buffer.getvalue()


def bench_summary() -> list[Result]:
    path = year_database()
    db = open_database(path)
    try:
        with db.engine.connect() as connection:
            antenna_id, code = connection.exec_driver_sql(
                "SELECT id, code FROM antenna ORDER BY id LIMIT 1"
            ).one()
            count = connection.exec_driver_sql(
                "SELECT count(*) FROM activity WHERE antenna_id = ? AND deleted_at IS NULL "
                "AND date BETWEEN ? AND ?",
                (antenna_id, f"{YEAR}-01-01", f"{YEAR}-12-31"),
            ).scalar()
        print(f"Antenna {code}: {count:,} activities in {YEAR}.")
        mine, base = paired_medians(
            lambda: ours(db, code), lambda: baseline_pdf(path, antenna_id, YEAR), 7
        )
        current, previous = summarize(db, Period.for_year(YEAR), code)
        queries, pdf = paired_medians(
            lambda: summarize(db, Period.for_year(YEAR), code),
            lambda: render_summary(current, previous, io.BytesIO(), generated_on=date.today()),
            5,
        )
    finally:
        db.close()
    return [
        Result(f"summary PDF, {count:,} activities", mine, base, max_ratio=1.3, max_seconds=2.0),
        Result("  its two summaries (SQL aggregates)", queries),
        Result("  its PDF (4 pages, chart, 10 tables)", pdf),
    ]


def make_exports(folder: Path) -> list[Path]:
    """200 valid exports: the demo antenna's real export, renamed and re-sealed per antenna."""
    db = open_database(year_database())
    try:
        with db.engine.connect() as connection:
            code = connection.exec_driver_sql("SELECT code FROM antenna LIMIT 1").scalar()
        base = prepare_export(db, YEAR, code, now=datetime(YEAR + 1, 1, 10, tzinfo=UTC)).document
    finally:
        db.close()
    paths = []
    for index in range(EXPORTS):
        document = json.loads(json.dumps(base))
        department = DEPARTMENTS[index % len(DEPARTMENTS)]
        document["antenna"] = {
            "code": f"ANT{index:03d}",
            "name": f"Antenne n°{index}",
            "department": department,
        }
        path = folder / f"export-{index:03d}.json"
        # Each antenna signs its own export (format version 3 refuses unsigned files).
        signed = sign_document(seal(document), keys.SigningKey.generate())
        path.write_text(to_json(signed), encoding="utf-8")
        paths.append(path)
    return paths


def bench_consolidation() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        paths = make_exports(Path(folder))
        consolidate(paths)  # warm the file cache
        started = time.perf_counter()
        result = consolidate(paths)
        consolidation = time.perf_counter() - started
        assert len(result.antennas) == EXPORTS, result.refused[:3]
        started = time.perf_counter()
        render_national(result, io.BytesIO(), generated_on=date(YEAR + 1, 2, 1))
        pdf = time.perf_counter() - started
        started = time.perf_counter()
        workbook_bytes(national_workbook(result))
        xlsx = time.perf_counter() - started
    return [
        Result(f"consolidation of {EXPORTS} exports", consolidation, max_seconds=5.0),
        Result("  then the national PDF", pdf),
        Result("  then the national XLSX", xlsx),
    ]


def main() -> int:
    ok = print_table("Activity summary", bench_summary())
    ok = print_table("National consolidation", bench_consolidation()) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
