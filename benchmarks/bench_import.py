"""Speed of the activity import against raw sqlite3 ``executemany`` of the same rows.

Target (docs/formats.md): 100,000 CSV lines import within 4x the time that sqlite3's
``executemany`` takes to insert the very rows the import wrote, into the same schema, with the
same pragmas, in one transaction.

    .venv/bin/python -m benchmarks.bench_import [--rows 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import Result, print_table
from pea_desktop.services.importing import import_activities
from pea_desktop.store.database import open_database

TARGET_RATIO = 4.0
FIRST_NAMES = ["Marie", "Paul", "Sophie", "Karim", "Léa", "Jérôme", "Anaïs", "Hélène", "Éric"]
LAST_NAMES = ["Dupont", "Martin", "Bernard", "Lefèvre", "Moreau", "Girard", "Faure", "Roux"]
PLACES = ["CSAPA Les Tilleuls", "Hôpital Édouard-Herriot", "Maison des associations", "IFSI"]
# Tables in the order their rows must be inserted (foreign keys).
TABLES = ["antenna", "volunteer", "activity", "activity_volunteer", "expense_line"]


def write_csv(path: Path, rows: int, seed: int) -> None:
    """A realistic file: 6 antennas, 40 volunteers each, three kinds, a third with expenses."""
    rng = random.Random(seed)
    people = [
        f"{f} {n.upper()}" if rng.random() < 0.3 else f"{f} {n}"
        for f in FIRST_NAMES
        for n in LAST_NAMES
    ][:40]
    start = date(2022, 1, 1)
    lines = [
        "type;date;antenne;benevoles;duree;lieu;participants;nouveaux;proches;public;"
        "demandeur;reference;km;peage;parking;transport;repas;notes"
    ]
    for number in range(rows):
        kind = rng.choice(("groupe", "groupe", "visite", "temoignage"))
        day = start + timedelta(days=rng.randrange(1300))
        written = day.strftime("%d/%m/%Y") if rng.random() < 0.8 else day.isoformat()
        antenna = f"ANT{rng.randrange(6):02d}"
        names = " + ".join(rng.sample(people, rng.choice((1, 1, 2, 3))))
        place = f"{rng.choice(PLACES)} {number % 997}"
        cells = [kind, written, antenna, names, rng.choice(("90", "1h30", "2:00", "")), place]
        if kind == "groupe":
            participants = rng.randrange(3, 20)
            cells += [str(participants), str(rng.randrange(0, 3)), str(rng.randrange(0, 3))]
            cells += ["", "", ""]
        elif kind == "visite":
            cells += [
                "",
                "",
                "",
                "",
                rng.choice(("personne", "famille", "social")),
                f"V-{day.year}-{number:05d}",
            ]
        else:
            cells += [str(rng.randrange(5, 60)), "", "", "étudiants", "", ""]
        spends = rng.random() < 0.35
        cells += [
            f"{rng.randrange(5, 120)},{rng.randrange(10)}" if spends else "",
            "2,40" if spends and rng.random() < 0.2 else "",
            "",
            "",
            "12,50" if spends and rng.random() < 0.2 else "",
            "",
        ]
        lines.append(";".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def raw_baseline(source: Path, target: Path) -> tuple[float, int]:
    """Copy every row the import wrote with executemany; return (seconds, rows inserted)."""
    open_database(target).close()  # the same schema, created by the migrations
    with sqlite3.connect(source) as reader:
        data = {t: reader.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA synchronous=FULL")
    started = time.perf_counter()
    connection.execute("BEGIN")
    for table in TABLES:
        if data[table]:
            marks = ",".join("?" * len(data[table][0]))
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", data[table])
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, sum(len(rows) for rows in data.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        csv_path = work / "activites.csv"
        write_csv(csv_path, args.rows, args.seed)
        db = open_database(work / "import.sqlite3")
        started = time.perf_counter()
        report = import_activities(db, csv_path, today=date(2026, 1, 1))
        imported = time.perf_counter() - started
        started = time.perf_counter()
        again = import_activities(db, csv_path, today=date(2026, 1, 1))
        reimported = time.perf_counter() - started
        db.close()
        baseline, row_count = raw_baseline(work / "import.sqlite3", work / "raw.sqlite3")
    print(
        f"{args.rows:,} CSV lines -> {row_count:,} rows: {report.activities_created:,} "
        f"activities ({report.activities_skipped:,} skipped), {report.volunteers_created} "
        f"volunteers, {report.antennas_created} antennas, {report.expenses_created:,} expenses; "
        f"{args.rows / imported:,.0f} lines/s"
    )
    ok = print_table(
        "Activity import (docs/formats.md) against sqlite3 executemany of the same rows",
        [
            Result("import of the CSV file", imported, baseline, TARGET_RATIO),
            Result("raw sqlite3 executemany", baseline),
            Result(f"re-import ({again.activities_skipped:,} skipped)", reimported),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
