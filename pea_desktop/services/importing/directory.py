"""Antennas and volunteers an import refers to: loaded once, created in bulk when unknown.

Rows are inserted with Core bulk inserts and ids chosen here (one past the largest id, read in
the same transaction), so that no row needs a query of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from pea_desktop.domain.enums import VolunteerRole
from pea_desktop.domain.text import fold
from pea_desktop.services.importing.names import PersonName
from pea_desktop.services.organisation.volunteers import name_key
from pea_desktop.store.models import Antenna, Volunteer, new_uuid, table_of

ANTENNA = table_of(Antenna)
VOLUNTEER = table_of(Volunteer)


def next_id(session: Session, table: Table) -> int:
    return int(session.execute(select(func.max(table.c.id))).scalar() or 0) + 1


@lru_cache(maxsize=1024)
def antenna_key(code: str) -> str:
    return fold(code).upper()


class AntennaDirectory:
    """Antenna ids by code (compared without case or accents); unknown codes are created."""

    def __init__(self, session: Session, now: datetime) -> None:
        self._session = session
        self._now = now
        self._ids = {
            antenna_key(code): antenna_id
            for antenna_id, code in session.execute(select(ANTENNA.c.id, ANTENNA.c.code))
        }
        self._next = next_id(session, ANTENNA)
        self._pending: list[dict[str, Any]] = []

    def resolve(self, code: str) -> int:
        key = antenna_key(code)
        antenna_id = self._ids.get(key)
        if antenna_id is None:
            antenna_id = self._ids[key] = self._next
            self._next += 1
            self._pending.append(
                {
                    "id": antenna_id,
                    "uuid": new_uuid(),
                    "created_at": self._now,
                    "updated_at": self._now,
                    "code": code,
                    "name": "",
                    "department": "",
                }
            )
        return antenna_id

    def flush(self) -> int:
        """Insert the antennas created so far; return how many."""
        created = len(self._pending)
        if self._pending:
            self._session.execute(insert(ANTENNA), self._pending)
            self._pending = []
        return created


def new_volunteer_row(
    volunteer_id: int, antenna_id: int, first_name: str, last_name: str, now: datetime
) -> dict[str, Any]:
    """Every column of a new volunteer, defaults included (bulk inserts need them all)."""
    return {
        "id": volunteer_id,
        "uuid": new_uuid(),
        "created_at": now,
        "updated_at": now,
        "antenna_id": antenna_id,
        "first_name": first_name,
        "last_name": last_name,
        "name_key": name_key(first_name, last_name),
        "role": VolunteerRole.VOLUNTEER,
        "email": "",
        "phone": "",
        "address": "",
        "postal_code": "",
        "city": "",
        "vehicle_kind": None,
        "fiscal_horsepower": None,
        "electric": False,
        "iban": "",
        "bic": "",
        "active": True,
        "deleted_at": None,
    }


class VolunteerDirectory:
    """Volunteer ids by antenna and folded name (either word order); unknown ones are created."""

    def __init__(self, session: Session, antenna_ids: Iterable[int], now: datetime) -> None:
        self._session = session
        self._now = now
        self._by_antenna: dict[int, dict[str, int]] = {a: {} for a in antenna_ids}
        query = select(VOLUNTEER.c.id, VOLUNTEER.c.antenna_id, VOLUNTEER.c.name_key).where(
            VOLUNTEER.c.antenna_id.in_(list(self._by_antenna)),
            VOLUNTEER.c.deleted_at.is_(None),
        )
        for volunteer_id, antenna_id, key in session.execute(query.order_by(VOLUNTEER.c.id)):
            self._by_antenna[antenna_id].setdefault(key, volunteer_id)
        self._next = next_id(session, VOLUNTEER)
        self._pending: list[dict[str, Any]] = []

    def resolve(self, antenna_id: int, person: PersonName) -> int:
        known = self._by_antenna.setdefault(antenna_id, {})
        for key in person.keys:
            volunteer_id = known.get(key)
            if volunteer_id is not None:
                return volunteer_id
        volunteer_id = known[person.key] = self._next
        self._next += 1
        self._pending.append(
            new_volunteer_row(
                volunteer_id, antenna_id, person.first_name, person.last_name, self._now
            )
        )
        return volunteer_id

    def flush(self) -> int:
        created = len(self._pending)
        if self._pending:
            self._session.execute(insert(VOLUNTEER), self._pending)
            self._pending = []
        return created
