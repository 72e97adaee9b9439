"""Activities: list (filtered and paged by the database), load, save, duplicate, delete, restore.

Lists never load ORM objects: they select plain rows, one page at a time, so that a database of
200,000 activities stays instant. The list query itself lives in ``listing.py`` (plain SQL on
the ``sqlite3`` connection); it is re-exported here with the rest of the use cases.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft, validate_activity
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.text import fold
from pea_desktop.services.activities.listing import (
    SORTABLE,
    ActivityFilter,
    ActivityRow,
    count_activities,
    fetch_activities,
)
from pea_desktop.services.concurrency import (
    LastChange,
    check_version,
    check_versions_for_deletion,
    last_change,
)
from pea_desktop.store.audit import log_rows, mark_deleted
from pea_desktop.store.database import Database
from pea_desktop.store.exchange_models import PLACES_SETTING
from pea_desktop.store.models import Activity, Setting, activity_volunteer, utcnow

__all__ = [
    "SORTABLE",
    "ActivityFilter",
    "ActivityRow",
    "activity_last_change",
    "check_activity",
    "count_activities",
    "delete_activities",
    "duplicate_activity",
    "fetch_activities",
    "last_activity",
    "load_activity",
    "place_suggestions",
    "purge_activities",
    "restore_activities",
    "save_activity",
    "write_activity",
]


def load_activity(db: Database, activity_id: int) -> ActivityDraft:
    with db.session() as session:
        activity = session.get(Activity, activity_id)
        if activity is None:
            raise BadInputError("Cette activité n'existe plus.")
        draft_fields = {f.name for f in fields(ActivityDraft)} - {"volunteer_ids"}
        values = {name: getattr(activity, name) for name in draft_fields}
        return ActivityDraft(**values, volunteer_ids=[v.id for v in activity.volunteers])


def duplicate_activity(db: Database, activity_id: int, today: date) -> ActivityDraft:
    """A new draft with the same details, dated today, for the user to adjust and save."""
    return replace(load_activity(db, activity_id), id=None, date=today)


def last_activity(db: Database, kind: ActivityKind, antenna_id: int | None) -> ActivityDraft | None:
    """The latest activity of ``kind`` at the antenna (every antenna when None), or None:
    what a new one starts with (domain.activity_defaults)."""
    query = (
        select(Activity.id)
        .where(Activity.kind == kind, Activity.deleted_at.is_(None))
        .order_by(Activity.date.desc(), Activity.id.desc())
        .limit(1)
    )
    if antenna_id is not None:
        query = query.where(Activity.antenna_id == antenna_id)
    with db.session() as session:
        found = session.scalar(query)
    return None if found is None else load_activity(db, found)


def check_activity(draft: ActivityDraft, today: date) -> None:
    """Raise BadInputError listing every rule the draft breaks."""
    if problems := validate_activity(draft, today):
        raise BadInputError(
            "L'activité ne peut pas être enregistrée.", [p.message for p in problems]
        )


def write_activity(session: Session, draft: ActivityDraft) -> Activity:
    """Create or update the activity inside the caller's transaction (draft already checked)."""
    values = {
        f.name: getattr(draft, f.name)
        for f in fields(ActivityDraft)
        if f.name not in ("id", "volunteer_ids", "version")
    }
    values["place"] = draft.place.strip()
    values["reference"] = draft.reference.strip()
    # Fields the kind does not have are ignored: they are stored blank.
    values = draft.kind.without_foreign_fields(values)
    if draft.id is None:
        activity = Activity(**values)
        session.add(activity)
    else:
        found = session.get(Activity, draft.id)
        if found is None or found.deleted_at is not None:
            raise BadInputError("Cette activité a été supprimée entre-temps.")
        check_version(found, draft.version)
        activity = found
        for name, value in values.items():
            setattr(activity, name, value)
        # Every save is a new version, even when only its volunteers or expenses changed
        # (written beside the row): a form holding the previous one must reload.
        activity.updated_at = utcnow()
    session.flush()
    session.execute(
        delete(activity_volunteer).where(activity_volunteer.c.activity_id == activity.id)
    )
    session.execute(
        insert(activity_volunteer),
        [
            {"activity_id": activity.id, "volunteer_id": vid, "position": position}
            for position, vid in enumerate(dict.fromkeys(draft.volunteer_ids))
        ],
    )
    return activity


def save_activity(db: Database, draft: ActivityDraft, today: date) -> int:
    """Create or update the activity; raise BadInputError listing every problem."""
    check_activity(draft, today)
    with db.session() as session:
        return write_activity(session, draft).id


def delete_activities(
    db: Database, ids: Sequence[int], expected_versions: Mapping[int, int] | None = None
) -> None:
    """Move to the bin (reversible with :func:`restore_activities`).

    ``expected_versions`` (id -> version shown): refused, nothing moved, when one of them was
    changed by someone else since. The activities' expense lines are left as they are, still
    linked: they are the volunteers' money, claimed or not (see
    :mod:`pea_desktop.services.activities.expenses`).
    """
    with db.session() as session:
        check_versions_for_deletion(session, Activity, expected_versions or {})
        mark_deleted(session, Activity, ids, deleted=True)


def restore_activities(db: Database, ids: Sequence[int]) -> None:
    with db.session() as session:
        mark_deleted(session, Activity, ids, deleted=False)


def activity_last_change(db: Database, activity_id: int) -> LastChange | None:
    """Who saved the activity last and when (the form's « Dernière modification » line)."""
    return last_change(db, Activity, activity_id)


def purge_activities(db: Database, ids: Sequence[int]) -> None:
    """Delete for good activities that are already in the bin.

    Their expense lines stay, no longer linked to an activity (foreign key ``SET NULL``).
    """
    binned = (Activity.id.in_(ids), Activity.deleted_at.is_not(None))
    with db.session() as session:
        uuids = list(session.scalars(select(Activity.uuid).where(*binned)))
        session.execute(delete(Activity).where(*binned))
        log_rows(session, Activity, uuids, "purged", "Activité")


def place_suggestions(db: Database, antenna_id: int | None, limit: int = 500) -> list[str]:
    """Places already typed, most used first, for autocompletion."""
    query = select(Activity.place).where(Activity.place != "").group_by(Activity.place)
    if antenna_id is not None:
        query = query.where(Activity.antenna_id == antenna_id)
    query = query.order_by(func.count().desc()).limit(limit)
    with db.session() as session:
        places = list(session.scalars(query))
        sent = session.get(Setting, PLACES_SETTING)
    # On a volunteer's laptop, the places the whole antenna uses (sent by the coordinator) follow
    # the ones typed here; the same place is offered once.
    if sent is not None and len(places) < limit:
        known = {fold(place) for place in places}
        for place in _json_places(sent.value):
            if fold(place) not in known and len(places) < limit:
                known.add(fold(place))
                places.append(place)
    return places


def _json_places(value: str) -> list[str]:
    try:
        data = json.loads(value)
    except ValueError:
        return []
    return [p for p in data if isinstance(p, str) and p.strip()] if isinstance(data, list) else []
