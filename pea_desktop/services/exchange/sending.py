"""Writing a data file for the other laptop: what changed since the other side last confirmed.

A volunteer's laptop sends its activities, expense lines and receipt files (with the files),
deletions included; the coordinator's sends a volunteer the antenna's reference data, the state
of their claims, the records of theirs it changed (conflicts resolved, refused changes) and the
reasons of refusals. What was sent stays "pending" until the other side's next file says it
received it; until then it goes again in each new file (receiving twice changes nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services import keys
from pea_desktop.services.claims.receipts import attachments_dir
from pea_desktop.services.exchange import container, reference
from pea_desktop.services.exchange.invitations import JOIN_SETTING
from pea_desktop.services.exchange.peers import (
    active_peer_of,
    coordinator_peer,
    find_volunteer,
    role_of,
)
from pea_desktop.services.exchange.rows import (
    ACTIVITY,
    EXPENSE,
    KINDS,
    RECEIPT,
    UuidMap,
    read_contents,
)
from pea_desktop.services.exchange.state import (
    PURGED_HASH,
    history_of,
    load_states,
    refresh,
    refresh_purged,
)
from pea_desktop.store.database import Database
from pea_desktop.store.exchange_models import (
    ROLE_COORDINATOR,
    ExchangeConflict,
    ExchangeNotice,
    ExchangePeer,
    ExchangePeerRecord,
)
from pea_desktop.store.models import Setting, utcnow

FORMAT = "pea-exchange"


@dataclass
class Counts:
    """What a file carries, per kind of record: new, changed, deleted."""

    new: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    changed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    deleted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def total(self) -> int:
        return sum(self.new.values()) + sum(self.changed.values()) + sum(self.deleted.values())


@dataclass(frozen=True)
class Outgoing:
    data: bytes
    recipient: str  # "la coordination" or the volunteer's name
    seq: int
    counts: Counts
    receipt_files: int
    claims: int
    notices: int

    def describe(self) -> str:
        """The count of what goes, in French ("3 activités nouvelles, 1 modifiée…")."""
        return describe_counts(self.counts, self.receipt_files, self.claims, self.notices)


LABELS = {ACTIVITY: "activité", EXPENSE: "dépense", RECEIPT: "justificatif"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def describe_counts(counts: Counts, files: int = 0, claims: int = 0, notices: int = 0) -> str:
    parts = []
    for kind in KINDS:
        label = LABELS[kind]
        bits = []
        if counts.new[kind]:
            bits.append(_plural(counts.new[kind], "nouvelle" if kind != RECEIPT else "nouveau"))
        if counts.changed[kind]:
            bits.append(_plural(counts.changed[kind], "modifiée" if kind != RECEIPT else "modifié"))
        if counts.deleted[kind]:
            bits.append(
                _plural(counts.deleted[kind], "supprimée" if kind != RECEIPT else "supprimé")
            )
        if bits:
            parts.append(f"{label}s : {', '.join(bits)}")
    if files:
        parts.append(_plural(files, "fichier") + " joint" + ("s" if files > 1 else ""))
    if claims:
        parts.append(_plural(claims, "note") + " de frais (état)")
    if notices:
        parts.append(_plural(notices, "refus motivé") if notices > 1 else "1 refus motivé")
    return " ; ".join(parts) if parts else "rien de nouveau"


def scope_where(
    session: Session, peer: ExchangePeer | None
) -> dict[str, tuple[str, dict[str, Any]]]:
    """The SQL filter of each kind's records that travel to ``peer`` (None: all of them)."""
    if peer is None or peer.role == ROLE_COORDINATOR:
        return {kind: ("", {}) for kind in KINDS}
    volunteer_id = session.execute(
        text("SELECT id FROM volunteer WHERE uuid = :u"), {"u": peer.volunteer_uuid}
    ).scalar()
    params = {"v": volunteer_id or -1}
    return {
        ACTIVITY: (
            "WHERE id IN (SELECT activity_id FROM activity_volunteer WHERE volunteer_id = :v)",
            params,
        ),
        EXPENSE: ("WHERE volunteer_id = :v", params),
        RECEIPT: (
            "WHERE expense_line_id IN (SELECT id FROM expense_line WHERE volunteer_id = :v)",
            params,
        ),
    }


def _recipient(session: Session, volunteer_name: str | None) -> tuple[ExchangePeer, str]:
    if role_of(session) == ROLE_COORDINATOR:
        if not volunteer_name:
            raise BadInputError('Indiquez le bénévole à qui envoyer (--volunteer "Prénom Nom").')
        volunteer = find_volunteer(session, volunteer_name)
        peer = active_peer_of(session, volunteer.uuid)
        if peer is None:
            raise BadInputError(
                f"L'ordinateur de {volunteer.full_name} n'a encore rien envoyé à cette base "
                "(ou il a été révoqué) : invitez-le, puis recevez son premier fichier."
            )
        return peer, volunteer.full_name
    peer = coordinator_peer(session)
    if peer is None:
        raise BadInputError(
            "Cette base n'a pas encore rejoint d'antenne : ouvrez d'abord une invitation."
        )
    return peer, "la coordination"


def prepare(db: Database, volunteer_name: str | None = None, *, commit: bool = True) -> Outgoing:
    """The file for the other side; ``commit=False`` only counts (nothing is recorded)."""
    session = db.sessions()
    try:
        with session.no_autoflush:  # revisions are flushed once, not at every query
            outgoing = _build(db, session, volunteer_name)
        if commit:
            session.commit()
        else:
            session.rollback()
        return outgoing
    finally:
        session.close()


def _build(db: Database, session: Session, volunteer_name: str | None) -> Outgoing:
    peer, recipient = _recipient(session, volunteer_name)
    # On a server, each antenna's coordination has its own identity (its volunteers' peers).
    me = keys.laptop_keys(session, antenna_uuid=peer.antenna_uuid if db.on_server else None)
    ids = UuidMap(session)
    where = scope_where(session, peer)
    known = {
        row.record_uuid: row
        for row in session.scalars(
            select(ExchangePeerRecord).where(ExchangePeerRecord.peer_id == peer.id)
        )
    }
    in_conflict = set(
        session.scalars(
            select(ExchangeConflict.record_uuid).where(ExchangeConflict.resolved_at.is_(None))
        )
    )
    seq = peer.last_sent_seq + 1
    counts = Counts()
    records: list[dict[str, Any]] = []
    blobs: list[bytes] = []
    blob_index: list[dict[str, Any]] = []
    offset = 0
    volunteer_ids: set[int] = set()
    partner_ids: set[int] = set()
    for kind in KINDS:
        clause, params = where[kind]
        contents = read_contents(session, kind, ids, clause, params)
        states = load_states(session, kind)
        refresh(session, kind, contents, states, antenna=peer.antenna_uuid)
        refresh_purged(session, kind, states, antenna=peer.antenna_uuid)
        candidates: dict[str, dict[str, Any] | None] = dict(contents)
        for uuid in known:  # purged since the peer got them
            state = states.get(uuid)
            if state is not None and state.content_sha256 == PURGED_HASH:
                candidates.setdefault(uuid, None)
        for uuid, content in candidates.items():
            state = states[uuid]
            held = known.get(uuid)
            if (held is not None and held.known_rev == state.rev) or uuid in in_conflict:
                continue
            if held is None and content is None:
                continue
            if held is None:
                held = ExchangePeerRecord(peer_id=peer.id, record_uuid=uuid, known_rev="")
                session.add(held)
                known[uuid] = held
            held.pending_rev, held.pending_seq = state.rev, seq
            history = history_of(state)
            records.append(
                {
                    "kind": kind,
                    "uuid": uuid,
                    "rev": state.rev,
                    "history": history,
                    "content": content,
                }
            )
            if content is None or content.get("deleted_at"):
                counts.deleted[kind] += 1
            elif held.known_rev:
                counts.changed[kind] += 1
            else:
                counts.new[kind] += 1
            if content is None:
                continue
            if kind == RECEIPT:
                path = attachments_dir(db) / str(content["stored_name"])
                if path.is_file():
                    blob = path.read_bytes()
                    blob_index.append(
                        {"sha256": content["sha256"], "offset": offset, "size": len(blob)}
                    )
                    blobs.append(blob)
                    offset += len(blob)
            elif kind == ACTIVITY:
                for link in content["volunteers"]:
                    volunteer_ids.add(ids.id("volunteer", link[1]) or -1)
                if content["partner_id"]:
                    partner_ids.add(ids.id("partner", content["partner_id"]) or -1)
    session.flush()
    peer.last_sent_seq = seq
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": container.VERSION,
        "seq": seq,
        "ack": peer.received_seq,
        "sent_at": utcnow().isoformat(),
        "records": records,
        "blobs": blob_index,
    }
    claims = notices = 0
    if peer.role == ROLE_COORDINATOR:  # this is a volunteer's laptop
        document["people"] = reference.referenced_people(session, volunteer_ids, partner_ids)
        proof = session.get(Setting, JOIN_SETTING)
        if proof is not None:
            document["join"] = json.loads(proof.value)
    else:
        volunteer_id = ids.id("volunteer", peer.volunteer_uuid)
        antenna_id = session.execute(
            text("SELECT antenna_id FROM volunteer WHERE id = :v"), {"v": volunteer_id}
        ).scalar_one()
        assert volunteer_id is not None
        document["reference"] = reference.snapshot(session, antenna_id, volunteer_id)
        document["claims"] = reference.claims_of(session, volunteer_id)
        claims = len(document["claims"])
        pending_notices = session.scalars(
            select(ExchangeNotice).where(
                ExchangeNotice.peer_id == peer.id,
                (ExchangeNotice.sent_seq == 0) | (ExchangeNotice.sent_seq > peer.acked_seq),
            )
        ).all()
        document["notices"] = [
            {"uuid": n.uuid, "record": n.record_uuid, "message": n.message} for n in pending_notices
        ]
        for notice in pending_notices:
            notice.sent_seq = seq
        notices = len(pending_notices)
    body = keys.encrypt_for(
        me.box, bytes.fromhex(peer.box_key), container.pack_body(document, blobs)
    )
    header = {
        "kind": container.KIND_DATA,
        "from": me.uuid,
        "to": peer.uuid,
        "signing_key": keys.encode(me.signing.public_key),
        "box_key": keys.encode(me.box.public_key),
    }
    session.flush()
    return Outgoing(
        container.seal(header, body, me.signing),
        recipient,
        seq,
        counts,
        len(blobs),
        claims,
        notices,
    )
