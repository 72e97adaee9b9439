"""The audit trail, written in one place: a listener on every ORM flush, and bulk helpers.

Every flush of a session (whatever Database opened it) stamps the rows users edit
(:class:`~pea_desktop.store.models.Tracked`) with who saved them (``updated_by``) and appends
one ``change_log`` line per created, changed, deleted (to the bin), restored or purged row.
Core statements bypass the ORM: bulk inserts (CSV import, exchange, demonstration) call
:func:`log_batch` once per batch, bulk moves to the bin :func:`mark_deleted`.

Summaries are short French: the kind of row, its date when it has one and the names of the
fields changed, never their values (no notes, no reference, nothing about the people helped).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, func, insert, inspect, select, text, update
from sqlalchemy.orm import Session, attributes

from pea_desktop.domain.concurrency import TABLE_LABELS
from pea_desktop.domain.formatting import format_date
from pea_desktop.store.acting import actor_on
from pea_desktop.store.models import ChangeLog, Tracked, new_uuid, utcnow

PENDING = "pea_audit_pending"
ACTOR = "pea_actor"
# Columns whose change is bookkeeping, not a change the user made.
QUIET = frozenset({"updated_at", "updated_by", "version", "search_text", "created_at", "uuid"})
FIELD_LABELS = {
    "date": "date",
    "start_time": "heure",
    "duration_minutes": "durée",
    "place": "lieu",
    "partner_id": "structure",
    "notes": "notes",
    "theme": "thème",
    "participants": "participants",
    "first_timers": "nouveaux",
    "relatives": "proches",
    "requester": "demandeur",
    "visit_place": "lieu de visite",
    "reference": "référence",
    "intervention_format": "format",
    "audience_kind": "public",
    "audience_size": "taille du public",
    "antenna_id": "antenne",
    "first_name": "prénom",
    "last_name": "nom",
    "name": "nom",
    "email": "courriel",
    "phone": "téléphone",
    "address": "adresse",
    "postal_code": "code postal",
    "city": "ville",
    "town": "ville",
    "role": "fonction",
    "active": "actif",
    "iban": "IBAN",
    "bic": "BIC",
    "amount": "montant",
    "km": "km",
    "kind": "nature",
    "status": "statut",
    "waiver": "abandon",
    "claim_id": "note de frais",
    "volunteer_id": "bénévole",
    "activity_id": "activité",
    "trip_from": "départ",
    "trip_to": "arrivée",
    "description": "description",
    "deleted_at": "corbeille",
    "code": "code",
    "department": "département",
    "retention_years": "durée de conservation",
    "direct_approval": "validation directe",
    "number": "numéro",
    "year": "année",
    "seq": "numéro",
    "period_start": "début de période",
    "period_end": "fin de période",
    "flag_reason": "signalement",
    "scale_year": "barème",
    "scale_notice": "barème",
    "scale_label": "barème",
    "scale_json": "barème",
    "vehicle_kind": "véhicule",
    "fiscal_horsepower": "puissance fiscale",
    "electric": "électrique",
    "refusal_reason": "motif du refus",
    "paid_on": "date de paiement",
    "payment_method": "mode de paiement",
    "payment_reference": "référence du paiement",
    "donation_date": "date du don",
    "issued_on": "date d'émission",
    "issued_by": "émis par",
    "donor_name": "nom du donateur",
    "donor_address": "adresse du donateur",
    "association_json": "association",
    "cancelled_at": "annulation",
    "cancelled_by": "annulé par",
    "cancel_reason": "motif d'annulation",
    "replaces_id": "reçu remplacé",
    "name_key": "nom",
    "erased_at": "effacement",
    "expense_line_id": "dépense",
    "sha256": "fichier",
    "stored_name": "fichier",
    "original_name": "nom du fichier",
    "size": "taille",
    "media_type": "type de fichier",
}


def table_name(model: type[Any]) -> str:
    """The table a mapped class is stored in."""
    return str(inspect(model).tables[0].name)


def actor_of(session: Session) -> str:
    """Who acts in this session (asked once per transaction)."""
    if ACTOR not in session.info:
        session.info[ACTOR] = actor_on(session.connection())
    return str(session.info[ACTOR])


def _summary(obj: Tracked, changed: Sequence[str] = ()) -> str:
    table = table_name(type(obj))
    parts = [TABLE_LABELS.get(table, table)]
    kind = getattr(obj, "kind", None)
    label = getattr(kind, "label", None)
    if isinstance(label, str):
        parts.append(label.lower())
    number = getattr(obj, "number", None)
    if isinstance(number, str) and number:
        parts.append(number)
    day = getattr(obj, "date", None)
    if isinstance(day, date):
        parts.append(f"du {format_date(day)}")
    text = " ".join(parts)
    if changed:
        # dict.fromkeys: one label once (the scale's four columns are one "barème").
        labels = dict.fromkeys(FIELD_LABELS.get(name, name) for name in changed)
        text += " : " + ", ".join(labels)
    return text


def _changed_columns(obj: Any) -> list[str]:
    state = inspect(obj)
    return [
        attr.key
        for attr in state.mapper.column_attrs
        if attr.key not in QUIET and attributes.get_history(obj, attr.key).has_changes()
    ]


def _soft_delete_action(obj: Any) -> str | None:
    if not hasattr(obj, "deleted_at"):
        return None
    history = attributes.get_history(obj, "deleted_at")
    if not history.has_changes():
        return None
    before = next(iter(history.deleted or ()), None)
    after = next(iter(history.added or ()), None)
    if before is None and after is not None:
        return "deleted"
    if before is not None and after is None:
        return "restored"
    return None


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    entries: list[dict[str, Any]] = session.info.setdefault(PENDING, [])
    tracked_new = [obj for obj in session.new if isinstance(obj, Tracked)]
    tracked_dirty = [
        obj
        for obj in session.dirty
        if isinstance(obj, Tracked) and session.is_modified(obj, include_collections=False)
    ]
    tracked_gone = [obj for obj in session.deleted if isinstance(obj, Tracked)]
    if not (tracked_new or tracked_dirty or tracked_gone):
        return
    actor = actor_of(session)
    now = utcnow()
    for obj in tracked_new:
        obj.updated_by = actor
        if not getattr(obj, "uuid", None):  # set at INSERT otherwise: the log needs it now
            obj.uuid = new_uuid()
        entries.append(_entry(obj, "created", actor, now, _summary(obj)))
    for obj in tracked_dirty:
        changed = _changed_columns(obj)
        obj.updated_by = actor
        action = _soft_delete_action(obj) or "updated"
        shown = [] if action != "updated" else changed
        entries.append(_entry(obj, action, actor, now, _summary(obj, shown)))
    for obj in tracked_gone:
        entries.append(_entry(obj, "purged", actor, now, _summary(obj)))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    entries = session.info.pop(PENDING, None)
    if entries:
        session.connection().execute(insert(ChangeLog), entries)


@event.listens_for(Session, "after_transaction_end")
def _forget_actor(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the outermost transaction: the next one may connect anew
        session.info.pop(ACTOR, None)
        session.info.pop(PENDING, None)


def _entry(obj: Any, action: str, actor: str, at: datetime, summary: str) -> dict[str, Any]:
    return {
        "at": at,
        "actor": actor,
        "table_name": table_name(type(obj)),
        "row_uuid": obj.uuid or "",
        "action": action,
        "summary": summary,
    }


def log_batch(session: Session, table: str, action: str, summary: str, row_uuid: str = "") -> None:
    """One audit line for a batch written with Core (an import, an exchange, a demonstration)."""
    session.connection().execute(
        insert(ChangeLog),
        [
            {
                "at": utcnow(),
                "actor": actor_of(session),
                "table_name": table,
                "row_uuid": row_uuid,
                "action": action,
                "summary": summary,
            }
        ],
    )


def log_rows(
    session: Session, model: type[Tracked], uuids: Iterable[str], action: str, summary: str
) -> None:
    """One audit line per row (a bulk action on rows the user chose)."""
    actor, now = actor_of(session), utcnow()
    table = table_name(model)
    rows = [
        {
            "at": now,
            "actor": actor,
            "table_name": table,
            "row_uuid": uuid,
            "action": action,
            "summary": summary,
        }
        for uuid in uuids
    ]
    if rows:
        session.connection().execute(insert(ChangeLog), rows)


def mark_deleted(
    session: Session, model: type[Tracked], ids: Sequence[int], deleted: bool
) -> list[str]:
    """Move rows to the bin (``deleted``) or out of it, as one UPDATE that bumps their version
    and says who did it; one audit line per row actually moved. Returns their UUIDs."""
    table = inspect(model).tables[0]
    live = table.c.deleted_at.is_(None) if deleted else table.c.deleted_at.is_not(None)
    uuids = list(session.scalars(select(table.c.uuid).where(table.c.id.in_(ids), live)))
    if not uuids:
        return []
    now = utcnow()
    session.execute(
        update(table)
        .where(table.c.uuid.in_(uuids))
        .values(
            deleted_at=now if deleted else None,
            version=table.c.version + 1,
            updated_by=actor_of(session),
            updated_at=now,
        )
    )
    label = TABLE_LABELS.get(table.name, table.name)
    log_rows(session, model, uuids, "deleted" if deleted else "restored", label)
    return uuids


def data_stamp(session: Session) -> int:
    """The base's data stamp: the last audit line (moves with every logged change).

    On a server a coordinator's login reads no audit line (they are about every antenna's
    rows): a SECURITY DEFINER function returns only the last id (migration 0010).
    """
    if session.connection().dialect.name == "postgresql":
        return int(session.scalar(text("SELECT pea_data_stamp()")) or 0)
    return int(session.scalar(select(func.max(ChangeLog.id))) or 0)
