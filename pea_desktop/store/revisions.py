"""The schema revisions this version ships, read without importing SQLAlchemy or Alembic.

Opening (is a migration due?), backups (can this version use that copy?) and the first list shown
at start-up all need them, so they live here, below all three.
"""

from __future__ import annotations

import re
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# ``down_revision: str | None = "0007"`` (or ``= None`` for the first script).
DOWN_REVISION = re.compile(r'^down_revision\b[^=\n]*=\s*["\']([^"\']+)["\']', re.MULTILINE)


def revisions_in(migrations_dir: Path) -> list[str]:
    """Revision ids of the migration scripts in ``migrations_dir``, oldest first.

    Revisions are numbered ``0001``, ``0002``... and each file is named after its id, which lets
    start-up check the schema without importing Alembic (a test checks both agree). The order is
    the chain of ``down_revision`` read from each script, not the numbers: a migration numbered
    lower may come after a higher one (0008 follows 0009, which was written first on a branch).
    """
    parents: dict[str, str | None] = {}
    for path in (migrations_dir / "versions").glob("[0-9]*_*.py"):
        found = DOWN_REVISION.search(path.read_text(encoding="utf-8"))
        parents[path.name.split("_", 1)[0]] = found.group(1) if found else None
    children = {parent: child for child, parent in parents.items()}
    ordered: list[str] = []
    current = children.get(None)
    while current is not None and current not in ordered:
        ordered.append(current)
        current = children.get(current)
    # Scripts off the chain (a broken or branched folder) still count, after it, by number.
    return ordered + sorted(set(parents) - set(ordered))


def known_revisions() -> list[str]:
    """Revision ids shipped with this version, oldest first."""
    return revisions_in(MIGRATIONS_DIR)
