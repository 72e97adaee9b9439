"""The full integrity check of an open base, whatever its engine, before what leaves it.

Exports, printed claims and summaries first pass this check: on a SQLite file, a damaged index
silently drops rows from a query (issue 13), so the file goes through ``integrity_check``
(:mod:`pea_desktop.store.integrity`). On a PostgreSQL server there is no file of ours to read:
the server keeps its indexes in step with its tables inside each transaction, checks its own
pages (data checksums, write-ahead log) and its administrator watches it (``amcheck``,
``pg_dump``; docs/server.md). So on a server the check only makes sure the server answers.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from pea_desktop.store.database import Database
from pea_desktop.store.integrity import check_integrity
from pea_desktop.store.server import translate_server_error


def check_base_integrity(db: Database, subject: str = "La base") -> None:
    """Raise a French :class:`errors.DatabaseOpenError` subclass when ``db`` is not sound
    enough to export or print from (see the module's docstring for each engine)."""
    if db.server is None:
        check_integrity(db.path, subject)
        return
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise translate_server_error(db.server, exc) from exc
