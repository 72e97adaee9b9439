"""The full integrity check, and the repair of damaged indexes.

Opening a base runs SQLite's ``quick_check`` (fast, daily). It does not compare indexes with
their tables: with an index damaged, a query that uses it silently misses rows (a summary of 0
activities instead of 494). So what leaves the base or replaces it, a backup, a restore, an
export, first passes ``integrity_check``. When only indexes are damaged, :func:`repair_indexes`
rebuilds them with ``REINDEX`` after a backup; otherwise the way out is a restore.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from pea_desktop.store import cipher, errors
from pea_desktop.store.file_check import RESTORE_HINT

MAX_PROBLEMS = 50  # integrity_check can list thousands of lines; a few tell the story


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` finds in the base at ``path`` (empty when sound).

    Raises ``sqlite3.Error`` (or SQLCipher's) when the file cannot be read as a base at all,
    :class:`cipher.PassphraseError` for an encrypted base no known passphrase opens.
    """
    with closing(cipher.open_file(Path(path))[0]) as connection:
        rows = connection.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
    lines = [str(row[0]) for row in rows]
    return [] if lines == ["ok"] else lines


def only_indexes(problems: list[str]) -> bool:
    """Whether every problem is about an index (then ``REINDEX`` repairs it)."""
    return bool(problems) and all(" index " in f" {p} " for p in problems)


def repair_command(path: Path) -> str:
    return f"pea-desktop repair --db {path}"


def damaged_error(
    path: Path, problems: list[str], subject: str = "La base"
) -> errors.DatabaseOpenError:
    """The French error for a base that failed the full check, with its way out."""
    count = len(problems)
    plural = "s" if count > 1 else ""
    more = "+" if count >= MAX_PROBLEMS else ""
    if only_indexes(problems):
        return errors.DamagedIndexError(
            path,
            f"{subject} {path.name} a des index endommagés ({count}{more} anomalie{plural} "
            "au contrôle d'intégrité complet) : ses bilans et exports seraient faux. Réparez-la "
            f"avec « {repair_command(path)} » (une sauvegarde est faite avant) ou restaurez "
            "une sauvegarde.",
            details="\n".join(problems),
        )
    return errors.DamagedDatabaseError(
        path,
        f"{subject} {path.name} est endommagée : le contrôle d'intégrité complet a relevé "
        f"{count}{more} anomalie{plural}. {RESTORE_HINT}",
        details="\n".join(problems),
    )


def check_integrity(path: Path, subject: str = "La base") -> None:
    """Raise :class:`errors.DamagedIndexError` or :class:`errors.DamagedDatabaseError` (French)
    when the base at ``path`` fails ``integrity_check``."""
    try:
        problems = integrity_problems(path)
    except cipher.db_errors() as exc:
        raise errors.DamagedDatabaseError(
            path,
            f"{subject} {Path(path).name} est illisible ou endommagée. {RESTORE_HINT}",
            details=str(exc),
        ) from exc
    if problems:
        raise damaged_error(Path(path), problems, subject)


def reindex(path: Path) -> list[str]:
    """Rebuild every index of the base at ``path``; return what the full check still finds."""
    with closing(sqlite3.connect(Path(path), timeout=10.0)) as connection:
        connection.execute("REINDEX")
        connection.commit()
    return integrity_problems(path)
