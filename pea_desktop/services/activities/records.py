"""Activities: list (filtered and paged by the database), load, save, duplicate, delete, restore.

Lists never load ORM objects: they select plain rows, one page at a time, so that a database of
200,000 activities stays instant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, time
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    column,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft, validate_activity
from pea_desktop.domain.enums import AudienceKind, InterventionFormat, Requester, VisitPlace
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.text import fold
from pea_desktop.store.database import Database
from pea_desktop.store.models import (
    Activity,
    Antenna,
    Partner,
    Volunteer,
    activity_volunteer,
    utcnow,
)


@dataclass(frozen=True)
class ActivityFilter:
    kind: ActivityKind | None = None
    antenna_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    volunteer_id: int | None = None
    text: str = ""
    deleted: bool = False  # True lists the bin


@dataclass(frozen=True)
class ActivityRow:
    """One line of an activity list."""

    id: int
    kind: ActivityKind
    date: date
    start_time: time | None
    duration_minutes: int | None
    antenna_code: str
    place: str
    volunteers: str
    theme: str
    participants: int | None
    first_timers: int | None
    relatives: int | None
    requester: Requester | None
    visit_place: VisitPlace | None
    reference: str
    intervention_format: InterventionFormat | None
    audience_kind: AudienceKind | None
    audience_size: int | None
    partner_name: str


# Columns a list may be sorted by (the volunteers' names are not: sorting 200,000 rows by a
# computed string would be slow and of little use).
SORTABLE = {
    "date": Activity.date,
    "start_time": Activity.start_time,
    "duration_minutes": Activity.duration_minutes,
    "antenna_code": Antenna.code,
    "place": Activity.place,
    "theme": Activity.theme,
    "participants": Activity.participants,
    "first_timers": Activity.first_timers,
    "relatives": Activity.relatives,
    "requester": Activity.requester,
    "visit_place": Activity.visit_place,
    "reference": Activity.reference,
    "intervention_format": Activity.intervention_format,
    "audience_kind": Activity.audience_kind,
    "audience_size": Activity.audience_size,
}


def _volunteer_names() -> Any:
    """The volunteers of each activity, in the order they were listed, as one string."""
    ordered = (
        select(
            activity_volunteer.c.activity_id,
            (Volunteer.first_name + " " + Volunteer.last_name).label("name"),
        )
        .join(Volunteer, Volunteer.id == activity_volunteer.c.volunteer_id)
        .where(activity_volunteer.c.activity_id == Activity.id)
        .order_by(activity_volunteer.c.position)
        .correlate(Activity)
        .subquery()
    )
    return select(func.group_concat(ordered.c.name, ", ")).scalar_subquery()


# The trigram index finds a quoted phrase of three characters or more as a substring, reading
# only the index (a LIKE on it would still check every matching row's text).
_INDEXED_SEARCH = text("SELECT rowid FROM activity_fts WHERE activity_fts MATCH :phrase").columns(
    column("rowid", Integer)
)


def _text_condition(folded: str) -> ColumnElement[bool]:
    """``search_text`` is folded by the database (migrations 0003-0004): match the folded query."""
    if len(folded) >= 3:
        phrase = '"' + folded.replace('"', '""') + '"'
        subquery = _INDEXED_SEARCH.bindparams(phrase=phrase)
        return Activity.id.in_(select(subquery.subquery().c.rowid))
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Activity.search_text.like(f"%{escaped}%", escape="\\")


def _conditions(flt: ActivityFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Activity.deleted_at.is_not(None) if flt.deleted else Activity.deleted_at.is_(None)
    ]
    if flt.kind is not None:
        conditions.append(Activity.kind == flt.kind)
    if flt.antenna_id is not None:
        conditions.append(Activity.antenna_id == flt.antenna_id)
    if flt.date_from is not None:
        conditions.append(Activity.date >= flt.date_from)
    if flt.date_to is not None:
        conditions.append(Activity.date <= flt.date_to)
    if flt.volunteer_id is not None:
        conditions.append(
            Activity.id.in_(
                select(activity_volunteer.c.activity_id).where(
                    activity_volunteer.c.volunteer_id == flt.volunteer_id
                )
            )
        )
    if text := fold(flt.text):
        conditions.append(_text_condition(text))
    return conditions


def count_activities(db: Database, flt: ActivityFilter) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Activity).where(*_conditions(flt)))


def list_query(flt: ActivityFilter, sort: str = "date", descending: bool = True) -> Select[Any]:
    sort_column = SORTABLE.get(sort, Activity.date)
    order = [sort_column.desc() if descending else sort_column.asc()]
    order.append(Activity.id.desc() if descending else Activity.id.asc())
    return (
        select(
            Activity.id,
            Activity.kind,
            Activity.date,
            Activity.start_time,
            Activity.duration_minutes,
            Antenna.code,
            Activity.place,
            func.coalesce(_volunteer_names(), ""),
            Activity.theme,
            Activity.participants,
            Activity.first_timers,
            Activity.relatives,
            Activity.requester,
            Activity.visit_place,
            Activity.reference,
            Activity.intervention_format,
            Activity.audience_kind,
            Activity.audience_size,
            func.coalesce(Partner.name, ""),
        )
        .join(Antenna, Antenna.id == Activity.antenna_id)
        .outerjoin(Partner, Partner.id == Activity.partner_id)
        .where(*_conditions(flt))
        .order_by(*order)
    )


def fetch_activities(
    db: Database,
    flt: ActivityFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[ActivityRow]:
    query = list_query(flt, sort, descending).offset(offset).limit(limit)
    with db.session() as session:
        return [ActivityRow(*row) for row in session.execute(query)]


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
        if f.name not in ("id", "volunteer_ids")
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
        activity = found
        for name, value in values.items():
            setattr(activity, name, value)
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


def delete_activities(db: Database, ids: Sequence[int]) -> None:
    """Move to the bin (reversible with :func:`restore_activities`).

    The activities' expense lines are left as they are, still linked: they are the volunteers'
    money, claimed or not (see :mod:`pea_desktop.services.activities.expenses`).
    """
    with db.session() as session:
        session.execute(update(Activity).where(Activity.id.in_(ids)).values(deleted_at=utcnow()))


def restore_activities(db: Database, ids: Sequence[int]) -> None:
    with db.session() as session:
        session.execute(update(Activity).where(Activity.id.in_(ids)).values(deleted_at=None))


def purge_activities(db: Database, ids: Sequence[int]) -> None:
    """Delete for good activities that are already in the bin.

    Their expense lines stay, no longer linked to an activity (foreign key ``SET NULL``).
    """
    with db.session() as session:
        session.execute(
            delete(Activity).where(Activity.id.in_(ids), Activity.deleted_at.is_not(None))
        )


def place_suggestions(db: Database, antenna_id: int | None, limit: int = 500) -> list[str]:
    """Places already typed, most used first, for autocompletion."""
    query = select(Activity.place).where(Activity.place != "").group_by(Activity.place)
    if antenna_id is not None:
        query = query.where(Activity.antenna_id == antenna_id)
    query = query.order_by(func.count().desc()).limit(limit)
    with db.session() as session:
        return list(session.scalars(query))
