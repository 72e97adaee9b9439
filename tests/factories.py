"""Small builders of known data for tests."""

from __future__ import annotations

from datetime import date

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.enums import Requester
from pea_desktop.services.activities.records import save_activity
from pea_desktop.services.organisation.antennas import AntennaInfo, create_antenna
from pea_desktop.services.organisation.volunteers import VolunteerDraft, save_volunteer
from pea_desktop.store.database import Database

TODAY = date(2026, 11, 25)


def antenna(db: Database, code: str = "LYON", name: str = "Lyon") -> AntennaInfo:
    return create_antenna(db, code, name, "69")


def volunteer(db: Database, antenna_id: int, first: str = "Élodie", last: str = "Martin") -> int:
    return save_volunteer(
        db, VolunteerDraft(first_name=first, last_name=last, antenna_id=antenna_id)
    )


def group(db: Database, antenna_id: int, volunteer_ids: list[int], **changes: object) -> int:
    draft = ActivityDraft(
        kind=ActivityKind.GROUP,
        antenna_id=antenna_id,
        date=date(2026, 3, 14),
        duration_minutes=120,
        place="Maison des associations",
        volunteer_ids=volunteer_ids,
        participants=9,
        first_timers=2,
        relatives=1,
        theme="Le retour au travail",
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return save_activity(db, draft, TODAY)


def visit(db: Database, antenna_id: int, volunteer_ids: list[int], **changes: object) -> int:
    draft = ActivityDraft(
        kind=ActivityKind.VISIT,
        antenna_id=antenna_id,
        date=date(2026, 4, 2),
        duration_minutes=60,
        place="CHU Édouard-Herriot",
        volunteer_ids=volunteer_ids,
        requester=Requester.PROFESSIONAL,
        reference="V-2026-014",
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return save_activity(db, draft, TODAY)
