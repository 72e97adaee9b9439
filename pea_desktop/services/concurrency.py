"""Several people at once, for the services: refusing stale saves, the data stamp, history.

A form remembers the ``version`` of the row it loaded; the service's save or deletion passes it
back and :func:`check_version` refuses it (French :class:`StaleRecordError`, nothing written)
when the row moved on since. The flush itself is a second guard (``version_id_col``): a save
racing another one fails there, told the same way (store/database.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.concurrency import (
    ACTION_LABELS,
    TABLE_LABELS,
    last_change_line,
    local_time,
    stale_deletion_message,
    stale_message,
)
from pea_desktop.domain.errors import StaleRecordError
from pea_desktop.store.audit import data_stamp as stamp_in
from pea_desktop.store.audit import table_name
from pea_desktop.store.database import Database
from pea_desktop.store.models import ChangeLog, Tracked


@dataclass(frozen=True)
class LastChange:
    """Who saved a row last, and when (UTC, naive), and its version."""

    version: int
    actor: str
    at: datetime


@dataclass(frozen=True)
class HistoryLine:
    at: datetime  # local time
    actor: str
    what: str  # « Activité »
    action: str  # « modification »
    summary: str


def describe_last_change(change: LastChange) -> str:
    """« Dernière modification par X le 12/03/2025 à 14 h 05 » (a form's footer)."""
    return last_change_line(change.actor, change.at)


def check_version(obj: Tracked, expected: int | None) -> None:
    """Refuse a save based on ``expected`` when ``obj`` (just read) has moved on since."""
    if expected is not None and obj.version != expected:
        raise StaleRecordError(stale_message(table_name(type(obj)), obj.updated_by, obj.updated_at))


def check_versions_for_deletion(
    session: Session, model: type[Tracked], expected: Mapping[int, int]
) -> None:
    """Refuse moving rows to the bin when one changed since the list showed it."""
    if not expected:
        return
    table = table_name(model)
    columns: Any = model
    rows = session.execute(
        select(columns.id, columns.version, columns.updated_by, columns.updated_at).where(
            columns.id.in_(list(expected))
        )
    ).all()
    for row_id, version, actor, at in rows:
        if expected[row_id] != version:
            raise StaleRecordError(stale_deletion_message(table, actor, at))


def last_change(db: Database, model: type[Tracked], row_id: int) -> LastChange | None:
    columns: Any = model
    with db.session() as session:
        row = session.execute(
            select(columns.version, columns.updated_by, columns.updated_at).where(
                columns.id == row_id
            )
        ).first()
    return None if row is None else LastChange(row[0], row[1], row[2])


def data_stamp(db: Database) -> int:
    """A number that moves whenever anyone writes to the base (cheap: one indexed max)."""
    with db.engine.connect() as connection, Session(connection) as session:
        return stamp_in(session)


def history(db: Database, limit: int = 200, table: str | None = None) -> list[HistoryLine]:
    """The latest lines of the audit trail, newest first."""
    query = select(ChangeLog).order_by(ChangeLog.id.desc()).limit(limit)
    if table is not None:
        query = query.where(ChangeLog.table_name == table)
    with db.session() as session:
        return [
            HistoryLine(
                at=local_time(line.at),
                actor=line.actor,
                what=TABLE_LABELS.get(line.table_name, line.table_name),
                action=ACTION_LABELS.get(line.action, line.action),
                summary=line.summary,
            )
            for line in session.scalars(query)
        ]
