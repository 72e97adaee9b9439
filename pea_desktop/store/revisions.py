"""The schema revisions this version ships, read without importing SQLAlchemy or Alembic.

Opening (is a migration due?), backups (can this version use that copy?) and the first list shown
at start-up all need them, so they live here, below all three.
"""

from __future__ import annotations

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def revisions_in(migrations_dir: Path) -> list[str]:
    """Revision ids of the migration scripts in ``migrations_dir``, oldest first.

    Revisions are numbered ``0001``, ``0002``... and each file is named after its id, which lets
    start-up check the schema without importing Alembic (a test checks both agree).
    """
    names = (p.name.split("_", 1)[0] for p in (migrations_dir / "versions").glob("[0-9]*_*.py"))
    return sorted(names)


def known_revisions() -> list[str]:
    """Revision ids shipped with this version, oldest first."""
    return revisions_in(MIGRATIONS_DIR)
