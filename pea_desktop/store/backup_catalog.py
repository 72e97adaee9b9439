"""The backups of a database: how they are named, listed, summarised and rotated.

A backup is named ``<stem>-<AAAAMMJJ-HHMMSS>-<kind>[-<detail>].sqlite3`` and sits in
``paths.backup_dir_for(database)``. Routine copies (automatic, at close) are rotated: the newest of
each of the last 7 days, 4 weeks and 12 months are kept. Copies the user asked for or that protect
a risky step (manual, before a migration, a restore or a large import) are kept by kind, the last
10 each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pea_desktop.paths import backup_dir_for
from pea_desktop.store.cipher import open_file

STAMP_FORMAT = "%Y%m%d-%H%M%S"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY, KEEP_OTHERS = 7, 4, 12, 10


class BackupKind(StrEnum):
    AUTOMATIC = "auto"
    AT_CLOSE = "fermeture"
    MANUAL = "manuelle"
    BEFORE_MIGRATION = "avant-migration"
    BEFORE_RESTORE = "avant-restauration"
    BEFORE_IMPORT = "avant-import"
    BEFORE_PURGE = "avant-purge"
    BEFORE_ERASURE = "avant-effacement"
    BEFORE_REPAIR = "avant-reparation"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    BackupKind.AUTOMATIC: "automatique",
    BackupKind.AT_CLOSE: "à la fermeture",
    BackupKind.MANUAL: "manuelle",
    BackupKind.BEFORE_MIGRATION: "avant mise à jour",
    BackupKind.BEFORE_RESTORE: "avant restauration",
    BackupKind.BEFORE_IMPORT: "avant import",
    BackupKind.BEFORE_PURGE: "avant purge des anciennes données",
    BackupKind.BEFORE_ERASURE: "avant effacement d'un bénévole",
    BackupKind.BEFORE_REPAIR: "avant réparation",
}
ROUTINE_KINDS = frozenset({BackupKind.AUTOMATIC, BackupKind.AT_CLOSE})

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<kind>"
    + "|".join(re.escape(k.value) for k in sorted(BackupKind, key=len, reverse=True))
    + r")(?:-(?P<detail>[0-9A-Za-z_]+))?\.sqlite3$"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    kind: BackupKind
    detail: str = ""

    @property
    def description(self) -> str:
        """E.g. "14/03/2026 à 15:30 (automatique)"."""
        return f"{self.taken_at:%d/%m/%Y à %H:%M} ({self.kind.label})"


@dataclass(frozen=True)
class ContentsSummary:
    """What a database holds, to help the user pick a backup."""

    revision: str | None
    activities: int
    volunteers: int
    claims: int | None  # None when the schema has no claims yet

    def describe(self) -> str:
        parts = [_count(self.activities, "activité"), _count(self.volunteers, "bénévole")]
        if self.claims is not None:
            parts.append(_count(self.claims, "note de frais", "notes de frais"))
        return ", ".join(parts)


def _count(n: int, singular: str, plural: str | None = None) -> str:
    word = singular if n <= 1 else (plural or singular + "s")
    return f"{n:,}".replace(",", "\u202f") + f" {word}"


def backup_name(database: Path, kind: BackupKind, taken_at: datetime, detail: str = "") -> str:
    suffix = f"-{detail}" if detail else ""
    return f"{database.stem}-{taken_at.strftime(STAMP_FORMAT)}-{kind.value}{suffix}.sqlite3"


def parse_backup_name(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken_at = datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return BackupInfo(path, taken_at, BackupKind(match["kind"]), match["detail"] or "")


def list_backups(database: Path) -> list[BackupInfo]:
    """Backups of ``database`` (same file stem), newest first."""
    folder = backup_dir_for(database)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and match["stem"] == database.stem and (info := parse_backup_name(path)):
            found.append(info)
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def select_to_keep(
    backups: Iterable[BackupInfo],
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
    others: int = KEEP_OTHERS,
) -> set[Path]:
    """The backups that the rotation keeps; the rest may be deleted."""
    ordered = sorted(backups, key=lambda b: (b.taken_at, b.path.name), reverse=True)
    routine = [b for b in ordered if b.kind in ROUTINE_KINDS]
    keep: set[Path] = set()
    periods: tuple[tuple[int, Callable[[datetime], Hashable]], ...] = (
        (daily, lambda t: t.date()),
        (weekly, lambda t: tuple(t.isocalendar())[:2]),
        (monthly, lambda t: (t.year, t.month)),
    )
    for count, period_of in periods:
        seen: set[Hashable] = set()
        for backup in routine:
            if len(seen) >= count:
                break
            period = period_of(backup.taken_at)
            if period not in seen:
                seen.add(period)
                keep.add(backup.path)
    for kind in set(BackupKind) - ROUTINE_KINDS:
        keep.update(b.path for b in [b for b in ordered if b.kind == kind][:others])
    return keep


def prune_backups(database: Path) -> list[Path]:
    """Delete the backups of ``database`` that the rotation no longer keeps; return them."""
    backups = list_backups(database)
    keep = select_to_keep(backups)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def read_summary(path: Path) -> ContentsSummary:
    """Count what ``path`` holds (rows in the bin excluded).

    Raises ``sqlite3.Error`` (:class:`cipher.PassphraseError` for an encrypted copy no known
    passphrase opens) or, for a damaged encrypted copy, SQLCipher's error.
    """
    with closing(open_file(path)[0]) as connection:
        tables = {
            row[0]: _columns(connection, row[0])
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None

        def count(*names: str) -> int | None:
            for name in names:
                if name in tables:
                    live = " WHERE deleted_at IS NULL" if "deleted_at" in tables[name] else ""
                    sql = f'SELECT count(*) FROM "{name}"{live}'
                    return int(connection.execute(sql).fetchone()[0])
            return None

        return ContentsSummary(
            revision=revision,
            activities=count("activity") or 0,
            volunteers=count("volunteer") or 0,
            claims=count("claim", "expense_claim"),
        )


def _columns(connection: Any, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
