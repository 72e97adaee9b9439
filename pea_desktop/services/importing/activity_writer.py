"""Write checked activity lines in bulk, inside the caller's transaction.

Lookups (antennas, volunteers, activities already present on the dates concerned) are loaded
once into dictionaries; rows are inserted with Core bulk inserts in chunks, with ids, uuids and
timestamps chosen here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.text import fold
from pea_desktop.services.importing.activity_line import ActivityLine
from pea_desktop.services.importing.bulk import BulkInsert, new_uuids
from pea_desktop.services.importing.directory import (
    AntennaDirectory,
    VolunteerDirectory,
    next_id,
)
from pea_desktop.services.importing.progress import Progress
from pea_desktop.services.importing.report import ImportReport
from pea_desktop.store.models import Activity, ExpenseLine, activity_volunteer, table_of, utcnow

ACTIVITY = table_of(Activity)
EXPENSE = table_of(ExpenseLine)
LINK: Table = activity_volunteer
CHUNK = 5000

# kind, date, antenna, folded place, volunteers: what makes two activities the same.
ActivityKey = tuple[ActivityKind, date, int, str, frozenset[int]]


@lru_cache(maxsize=65536)
def place_key(place: str) -> str:
    return " ".join(fold(place).split())


def write_activities(
    session: Session, lines: Sequence[ActivityLine], report: ImportReport, progress: Progress
) -> None:
    total = len(lines)
    progress(0, total)
    now = utcnow()
    antennas = AntennaDirectory(session, now)
    antenna_ids = [antennas.resolve(line.antenna_code) for line in lines]
    volunteers = VolunteerDirectory(session, set(antenna_ids), now)
    volunteer_ids = [
        tuple(dict.fromkeys(volunteers.resolve(antenna_id, person) for person in line.people))
        for line, antenna_id in zip(lines, antenna_ids, strict=True)
    ]
    report.antennas_created = antennas.flush()
    report.volunteers_created = volunteers.flush()
    seen = existing_keys(session, set(antenna_ids), (line.day for line in lines))

    batch = _Batch(session, now)
    for index, line in enumerate(lines):
        people = volunteer_ids[index]
        key = (line.kind, line.day, antenna_ids[index], place_key(line.place), frozenset(people))
        if key in seen:
            report.activities_skipped += 1
            continue
        seen.add(key)
        batch.add(line, antenna_ids[index], people)
        if len(batch.activities) >= CHUNK:
            batch.flush(report)
            progress(index + 1, total)
    batch.flush(report)
    progress(total, total)


def existing_keys(
    session: Session, antenna_ids: set[int], days: Iterable[date]
) -> set[ActivityKey]:
    """Keys of the activities (not deleted) of these antennas between the first and last day."""
    all_days = list(days)
    if not all_days or not antenna_ids:
        return set()
    where = (
        ACTIVITY.c.antenna_id.in_(sorted(antenna_ids)),
        ACTIVITY.c.date.between(min(all_days), max(all_days)),
        ACTIVITY.c.deleted_at.is_(None),
    )
    people: dict[int, set[int]] = {}
    links = select(LINK.c.activity_id, LINK.c.volunteer_id).join(
        ACTIVITY, ACTIVITY.c.id == LINK.c.activity_id
    )
    for activity_id, volunteer_id in session.execute(links.where(*where)):
        people.setdefault(activity_id, set()).add(volunteer_id)
    columns = (ACTIVITY.c.id, ACTIVITY.c.kind, ACTIVITY.c.date, ACTIVITY.c.antenna_id)
    return {
        (kind, day, antenna_id, place_key(place), frozenset(people.get(activity_id, ())))
        for activity_id, kind, day, antenna_id, place in session.execute(
            select(*columns, ACTIVITY.c.place).where(*where)
        )
    }


class _Batch:
    """Rows waiting to be inserted: activities, their volunteers, their expenses."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self.activities: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.expenses: list[dict[str, Any]] = []
        self.next_activity = next_id(session, ACTIVITY)
        self.next_expense = next_id(session, EXPENSE)
        self.insert_activities = BulkInsert(session, ACTIVITY)
        self.insert_links = BulkInsert(session, LINK)
        self.insert_expenses = BulkInsert(session, EXPENSE)

    def add(self, line: ActivityLine, antenna_id: int, people: tuple[int, ...]) -> None:
        activity_id = self.next_activity
        self.next_activity += 1
        now = self.now
        self.activities.append(
            {
                "id": activity_id,
                "uuid": None,  # drawn in bulk when flushed
                "created_at": now,
                "updated_at": now,
                "kind": line.kind,
                "antenna_id": antenna_id,
                "date": line.day,
                "start_time": None,
                "duration_minutes": line.duration_minutes,
                "place": line.place,
                "partner_id": None,
                "notes": line.notes,
                "theme": "",
                "participants": line.participants,
                "first_timers": line.first_timers,
                "relatives": line.relatives,
                "requester": line.requester,
                "visit_place": None,
                "reference": line.reference,
                "intervention_format": line.intervention_format,
                "audience_kind": line.audience_kind,
                "audience_size": line.audience_size,
                "deleted_at": None,
            }
        )
        self.links.extend(
            {"activity_id": activity_id, "volunteer_id": volunteer_id, "position": position}
            for position, volunteer_id in enumerate(people)
        )
        for kind, quantity in line.expenses:
            self.expenses.append(self._expense(activity_id, people[0], line.day, kind, quantity))

    def _expense(
        self, activity_id: int, volunteer_id: int, day: date, kind: ExpenseKind, quantity: Any
    ) -> dict[str, Any]:
        expense_id = self.next_expense
        self.next_expense += 1
        mileage = kind is ExpenseKind.MILEAGE
        return {
            "id": expense_id,
            "uuid": None,
            "created_at": self.now,
            "updated_at": self.now,
            "volunteer_id": volunteer_id,
            "activity_id": activity_id,
            "date": day,
            "kind": kind,
            # Mileage is valued on the year's scale when claimed: only the distance is known.
            "km": quantity if mileage else None,
            "amount": None if mileage else quantity,
            "trip_from": "",
            "trip_to": "",
            "description": "",
            "deleted_at": None,
        }

    def flush(self, report: ImportReport) -> None:
        for rows in (self.activities, self.expenses):
            for row, uuid in zip(rows, new_uuids(len(rows)), strict=True):
                row["uuid"] = uuid
        self.insert_activities(self.activities)
        self.insert_links(self.links)
        self.insert_expenses(self.expenses)
        report.activities_created += len(self.activities)
        report.expenses_created += len(self.expenses)
        self.activities, self.links, self.expenses = [], [], []
