"""National consolidation straight from a server base: 150 antennas × 5 years.

Run: ``.venv/bin/python -m benchmarks.bench_federation_server [--antennas 150 --years 5]``

Starts a throwaway PostgreSQL (``tests/postgres_server.py``: the distribution's binaries, in a
temporary folder, stopped at the end), fills a base with 150 antennas of 6 volunteers and five
years of activity (about 80 activities and 20 expense lines per antenna and year, by bulk
inserts), prepares it (``server init``) and creates the federation's login. Then measures:

1. the consolidation of the last year as the federation's login (through its blanked views,
   under row-level security); goal < 5 s;
2. baseline: the same consolidation as the base's administrator, on the tables themselves
   (the ratio is the cost of the views);
3. the national PDF of that consolidation.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from benchmarks.common import Result, print_table
from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.consolidation import Consolidation
from pea_desktop.domain.enums import ExpenseKind, Requester
from pea_desktop.reports.national_pdf import render_national
from pea_desktop.services.federation.server_consolidation import consolidate_from_server
from pea_desktop.services.server.setup import add_account, initialise_server
from pea_desktop.store.location import ServerAddress, parse_server_address
from pea_desktop.store.models import (
    Activity,
    Antenna,
    ExpenseLine,
    Volunteer,
    activity_volunteer,
    table_of,
)
from pea_desktop.store.server import open_server_database
from tests import postgres_server

LAST_YEAR = 2025
DEPARTMENTS = ["01", "13", "29", "31", "33", "38", "44", "59", "67", "69", "75", "76", "974"]


def fill(address: ServerAddress, antennas: int, years: int, seed: int = 1) -> int:
    """Bulk-insert the antennas' rows as the administrator; return the number of activities."""
    rng = random.Random(seed)
    db = open_server_database(address)
    total = 0
    try:
        with db.engine.begin() as connection:
            connection.execute(
                insert(table_of(Antenna)),
                [
                    {"code": f"A{n:03d}", "name": f"Antenne {n}", "department": DEPARTMENTS[n % 13]}
                    for n in range(antennas)
                ],
            )
            ids = dict(connection.execute(select(Antenna.code, Antenna.id)).all())
            connection.execute(
                insert(table_of(Volunteer)),
                [
                    {"antenna_id": antenna_id, "first_name": f"P{i}", "last_name": f"N{code}"}
                    for code, antenna_id in ids.items()
                    for i in range(6)
                ],
            )
            people: dict[int, list[int]] = {}
            for volunteer_id, antenna_id in connection.execute(
                select(Volunteer.id, Volunteer.antenna_id)
            ):
                people.setdefault(antenna_id, []).append(volunteer_id)
            for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
                rows, links, lines = [], [], []
                for antenna_id in ids.values():
                    for _ in range(80):
                        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
                        group = rng.random() < 0.6
                        rows.append(
                            {
                                "kind": ActivityKind.GROUP if group else ActivityKind.VISIT,
                                "antenna_id": antenna_id,
                                "date": day,
                                "duration_minutes": rng.choice((60, 90, 120)),
                                "participants": rng.randrange(3, 15) if group else None,
                                "first_timers": rng.randrange(0, 3) if group else None,
                                "relatives": rng.randrange(0, 3) if group else None,
                                "requester": None if group else Requester.PROFESSIONAL,
                            }
                        )
                ids_back = connection.execute(
                    insert(table_of(Activity)).returning(
                        Activity.id,
                        Activity.antenna_id,
                        Activity.date,
                        sort_by_parameter_order=True,
                    ),
                    rows,
                ).all()
                for activity_id, antenna_id, day in ids_back:
                    team = rng.sample(people[antenna_id], 2)
                    links += [
                        {"activity_id": activity_id, "volunteer_id": v, "position": p}
                        for p, v in enumerate(team)
                    ]
                    if rng.random() < 0.25:
                        lines.append(
                            {
                                "volunteer_id": team[0],
                                "activity_id": activity_id,
                                "date": day,
                                "kind": ExpenseKind.TRANSPORT,
                                "amount": Decimal(rng.randrange(500, 4000)) / 100,
                            }
                        )
                connection.execute(insert(activity_volunteer), links)
                connection.execute(insert(table_of(ExpenseLine)), lines)
                total += len(rows)
        with db.engine.connect() as connection:  # fresh statistics, as after a night's autovacuum
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    finally:
        db.close()
    return total


def timed(address: ServerAddress, year: int) -> tuple[float, Consolidation]:
    db = open_server_database(address, read_only=True)
    try:
        consolidate_from_server(db, year)  # warm the caches and the plans
        started = time.perf_counter()
        result = consolidate_from_server(db, year)
        return time.perf_counter() - started, result
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--antennas", type=int, default=150)
    parser.add_argument("--years", type=int, default=5)
    options = parser.parse_args()
    if reason := postgres_server.missing_reason():
        print(f"Benchmark ignoré : {reason}.")
        return 0
    server = postgres_server.start_server()
    try:
        name = server.create_database("pea_bench")
        admin = parse_server_address(server.url(name))
        started = time.perf_counter()
        activities = fill(admin, options.antennas, options.years)
        initialise_server(admin)
        add_account(admin, "federation_bench", "mot de passe de banc", federation=True)
        print(
            f"{options.antennas} antennes, {options.years} ans, {activities:,} activités "
            f"écrites en {time.perf_counter() - started:.1f} s"
        )
        federation = parse_server_address(server.url(name, "federation_bench"))
        seconds, result = timed(federation, LAST_YEAR)
        baseline, _ = timed(admin, LAST_YEAR)
        buffer = io.BytesIO()
        started = time.perf_counter()
        render_national(result, buffer, generated_on=date.today())
        pdf = time.perf_counter() - started
        label = f"{options.antennas} antennas, year {LAST_YEAR} of {options.years}"
        ok = print_table(
            "National consolidation from the server",
            [
                Result(
                    f"consolidation as federation ({label})",
                    seconds,
                    baseline,
                    max_seconds=5.0,
                ),
                Result("  then the national PDF", pdf),
            ],
        )
        server.sql('DROP OWNED BY "federation_bench"', database=name)
        server.sql('DROP ROLE "federation_bench"')
    finally:
        postgres_server.remove_server(server)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
