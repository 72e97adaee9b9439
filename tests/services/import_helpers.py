"""Helpers shared by the import tests: write CSV files, photograph a database's content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pea_desktop.store.database import Database

ACTIVITY_HEADER = (
    "type;date;antenne;benevoles;duree;lieu;participants;nouveaux;proches;public;"
    "demandeur;reference;km;peage;parking;transport;repas;notes"
)
VOLUNTEER_HEADER = (
    "prenom;nom;antenne;role;email;telephone;adresse;code_postal;ville;vehicule;cv;electrique"
)


def write_csv(
    path: Path, lines: list[str], encoding: str = "utf-8", bom: bool = False, newline: str = "\n"
) -> Path:
    data = newline.join(lines).encode(encoding) + newline.encode()
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to tell that an import changed nothing at all."""
    with db.engine.connect() as connection:
        tables = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                # the search index's own tables follow the activities
                "AND name NOT LIKE 'activity_fts%' ORDER BY name"
            )
        ]
        return {
            table: list(connection.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY rowid'))
            for table in tables
        }


def counts(db: Database) -> dict[str, int]:
    return {table: len(rows) for table, rows in snapshot(db).items()}
