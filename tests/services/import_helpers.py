"""Helpers shared by the import tests: write CSV files, photograph a database's content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

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
    """Every row of every table, to tell that an import changed nothing at all (either engine:
    tables from SQLAlchemy's inspector, rows in primary-key order)."""
    inspector = inspect(db.engine)
    # the SQLite search index's own tables follow the activities
    tables = [name for name in inspector.get_table_names() if not name.startswith("activity_fts")]
    with db.engine.connect() as connection:
        result = {}
        for table in sorted(tables):
            key = inspector.get_pk_constraint(table)["constrained_columns"] or [
                column["name"] for column in inspector.get_columns(table)
            ]
            order = ", ".join(f'"{column}"' for column in key)
            rows = connection.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}'))
            result[table] = [tuple(row) for row in rows]
        return result


def counts(db: Database) -> dict[str, int]:
    return {table: len(rows) for table, rows in snapshot(db).items()}
