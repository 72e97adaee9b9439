"""Copies of the database made with SQLite's online backup API (consistent even while open)."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from pea_desktop.paths import backup_dir_for

OWNER_ONLY = 0o600


def backup_to(database: Path, destination: Path) -> Path:
    """Write a consistent copy of ``database`` to ``destination`` (owner-only), atomically."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, OWNER_ONLY))
    uri = f"{database.resolve().as_uri()}?mode=ro"
    with (
        closing(sqlite3.connect(uri, uri=True)) as source,
        closing(sqlite3.connect(partial)) as target,
    ):
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    os.replace(partial, destination)
    os.chmod(destination, OWNER_ONLY)
    return destination


def backup_before_migration(database: Path, from_revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{database.stem}-avant-migration-{from_revision}-{stamp}.sqlite3"
    return backup_to(database, backup_dir_for(database) / name)
