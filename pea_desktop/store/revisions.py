"""The schema revisions shipped with this version, read from the migration files' names.

Both opening (is a migration due?) and backups (can this version use that copy?) need them, so
they live here, below both.
"""

from __future__ import annotations

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def known_revisions() -> list[str]:
    """Revision ids shipped with this version, oldest first.

    Revisions are numbered ``0001``, ``0002``... and each file is named after its id, which lets
    start-up check the schema without importing Alembic (a test checks both agree).
    """
    names = (p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))
    return sorted(names)
