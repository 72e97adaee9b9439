"""Opening a command test's base from its ``--db`` text (a file or a server address)."""

from __future__ import annotations

from pea_desktop.services.database import Database, open_database


def open_location(location: str) -> Database:
    return open_database(location, create=False)
