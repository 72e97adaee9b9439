"""Conflicts: a record changed on the coordinator's laptop and on a volunteer's since they met.

The coordinator sees both versions and chooses; the choice gets a revision that descends from
both, so it travels back to the volunteer's laptop and replaces their version there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.exchange_merge import joined_history
from pea_desktop.domain.formatting import format_date, format_duration, format_euros, format_km
from pea_desktop.services.exchange.rows import (
    RowError,
    UuidMap,
    content_hash,
    read_contents,
    write_content,
)
from pea_desktop.services.exchange.state import history_of, load_states, new_rev, refresh, set_state
from pea_desktop.store.database import Database
from pea_desktop.store.exchange_models import ExchangeConflict, ExchangePeer
from pea_desktop.store.models import Volunteer, utcnow

LOCAL, REMOTE = "local", "remote"
KIND_LABELS = {"activity": "Activité", "expense": "Dépense", "receipt": "Justificatif"}
# What the conflict dialog shows, in this order (other fields are compared but not listed).
SHOWN_FIELDS = {
    "date": "Date",
    "kind": "Type",
    "start_time": "Heure",
    "duration_minutes": "Durée",
    "place": "Lieu",
    "theme": "Thème",
    "participants": "Participants",
    "reference": "Référence",
    "notes": "Notes",
    "km": "Distance (km)",
    "amount": "Montant",
    "description": "Libellé",
    "trip_from": "Départ",
    "trip_to": "Arrivée",
    "original_name": "Fichier",
    "deleted_at": "Supprimé le",
}


@dataclass(frozen=True)
class ConflictView:
    id: int
    kind: str
    volunteer: str
    created_at: datetime
    local: dict[str, Any] | None
    remote: dict[str, Any] | None

    @property
    def label(self) -> str:
        version = self.local or self.remote or {}
        day = version.get("date")
        try:
            shown = format_date(date.fromisoformat(day)) if isinstance(day, str) else "?"
        except ValueError:
            shown = str(day)
        return f"{KIND_LABELS[self.kind]} du {shown}"

    def differences(self) -> list[tuple[str, str, str]]:
        """(field label, this laptop's value, the volunteer's value) where they differ."""
        local, remote = self.local or {}, self.remote or {}
        rows = []
        for key in sorted(set(local) | set(remote), key=lambda k: (k not in SHOWN_FIELDS, k)):
            if local.get(key) != remote.get(key):
                label = SHOWN_FIELDS.get(key, key)
                rows.append((label, _shown(key, local.get(key)), _shown(key, remote.get(key))))
        if self.local is None or self.remote is None:
            rows.insert(
                0, ("Existe", "oui" if self.local else "non", "oui" if self.remote else "non")
            )
        return rows


def _shown(key: str, value: Any) -> str:
    """A travelling value as the user reads it elsewhere: euros, km, French dates."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v[1])[:8] for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        if key == "amount":  # stored in cents (store/types.py)
            return format_euros(Decimal(value) / 100)
        if key == "km":  # stored in tenths of a kilometre (store/types.py)
            return format_km(Decimal(value) / 10)
        if key == "duration_minutes":
            return format_duration(value)
    if isinstance(value, str) and key in ("date", "deleted_at"):
        try:
            return format_date(date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return str(value)


def list_conflicts(db: Database) -> list[ConflictView]:
    with db.session() as session:
        return _views(session)


def _views(session: Session) -> list[ConflictView]:
    ids = UuidMap(session)
    names = {v.uuid: v.full_name for v in session.scalars(select(Volunteer))}
    peers = {p.id: p.volunteer_uuid for p in session.scalars(select(ExchangePeer))}
    views = []
    for conflict in session.scalars(
        select(ExchangeConflict)
        .where(ExchangeConflict.resolved_at.is_(None))
        .order_by(ExchangeConflict.id)
    ):
        local = read_contents(
            session, conflict.kind, ids, "WHERE uuid = :u", {"u": conflict.record_uuid}
        ).get(conflict.record_uuid)
        views.append(
            ConflictView(
                conflict.id,
                conflict.kind,
                names.get(peers.get(conflict.peer_id, ""), "?"),
                conflict.created_at,
                local,
                json.loads(conflict.remote_content),
            )
        )
    return views


def resolve(db: Database, conflict_id: int, choice: str) -> None:
    """Keep this laptop's version (``local``) or take the volunteer's (``remote``)."""
    if choice not in (LOCAL, REMOTE):
        raise BadInputError("Choix inconnu : « local » ou « remote ».")
    with db.session() as session:
        conflict = session.get(ExchangeConflict, conflict_id)
        if conflict is None or conflict.resolved_at is not None:
            raise BadInputError("Ce conflit a déjà été réglé.")
        ids = UuidMap(session)
        kind, uuid = conflict.kind, conflict.record_uuid
        peer = session.get(ExchangePeer, conflict.peer_id)
        antenna = peer.antenna_uuid if peer is not None else ""
        local = read_contents(session, kind, ids, "WHERE uuid = :u", {"u": uuid}).get(uuid)
        states = load_states(session, kind)
        if local is not None:
            refresh(session, kind, {uuid: local}, states, antenna=antenna)
        state = states.get(uuid)
        before = [] if state is None else [*history_of(state), state.rev]
        chosen = local
        if choice == REMOTE:
            chosen = json.loads(conflict.remote_content)
            try:
                write_content(session, kind, uuid, chosen, ids)
            except RowError as exc:
                raise BadInputError(
                    f"La version du bénévole ne peut pas être écrite : {exc}."
                ) from exc
        set_state(
            session, states, kind, uuid, new_rev(), content_hash(chosen),
            joined_history(before, json.loads(conflict.remote_history), [conflict.remote_rev]),
            antenna=antenna,
        )  # fmt: skip
        conflict.resolved_at, conflict.choice = utcnow(), choice
