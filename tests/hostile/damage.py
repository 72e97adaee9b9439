"""Damage a base the way issue 13 found it: indexes empty, tables intact.

``quick_check`` still says ok (it does not compare indexes with tables); ``integrity_check``
does not, and a query that uses an index misses every row.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def empty_indexes(path: Path, table: str = "activity") -> None:
    with closing(sqlite3.connect(path)) as c:
        c.isolation_level = None
        indexes = c.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=? "
            "AND sql IS NOT NULL",
            (table,),
        ).fetchall()
        # Each index is rebuilt empty on an empty twin table, then handed back to the table.
        c.execute(f"CREATE TABLE ghost AS SELECT * FROM {table} WHERE 0")
        for name, sql in indexes:
            c.execute(f"DROP INDEX {name}")
            c.execute(sql.replace(f" ON {table} ", " ON ghost "))
        version = c.execute("PRAGMA schema_version").fetchone()[0]
        c.execute("PRAGMA writable_schema=ON")
        for name, sql in indexes:
            c.execute("UPDATE sqlite_master SET tbl_name=?, sql=? WHERE name=?", (table, sql, name))
        c.execute(f"PRAGMA schema_version={version + 1}")
        c.execute("PRAGMA writable_schema=OFF")
    with closing(sqlite3.connect(path)) as c:
        assert c.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert c.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
