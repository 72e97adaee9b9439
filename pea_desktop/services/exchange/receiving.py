"""Reading a data file from the other laptop and merging it, all or nothing.

Checks, before anything is written: the file's layout and signature, that it is meant for this
laptop, that it comes from a laptop this one knows (or, on the coordinator's laptop, one joining
through one of its invitations), that this laptop was not revoked, that it decrypts, and that
it was not received already. Then, in one transaction, each record is compared with the local
one (:mod:`pea_desktop.domain.exchange_merge`): taken when it is newer, ignored when older or
already here, and, when both sides changed it, kept as a conflict for the coordinator to choose
(never overwritten in silence). On the coordinator's laptop, expense lines on a claim that is no
longer a draft are locked: a change to one is refused, with a reason that goes back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pea_desktop.domain.claims import ClaimStatus
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.exchange_merge import HISTORY_LIMIT, Relation, joined_history, relate
from pea_desktop.domain.formatting import format_date
from pea_desktop.services import keys
from pea_desktop.services.claims import valuation
from pea_desktop.services.claims.receipts import attachments_dir
from pea_desktop.services.exchange import container, reference
from pea_desktop.services.exchange.invitations import check_join_proof
from pea_desktop.services.exchange.rows import (
    ACTIVITY,
    EXPENSE,
    KINDS,
    LINKS,
    RECEIPT,
    RowError,
    UuidMap,
    content_hash,
    read_contents,
    write_content,
)
from pea_desktop.services.exchange.sending import FORMAT, Counts, describe_counts
from pea_desktop.services.exchange.state import load_states, new_rev, refresh, set_state
from pea_desktop.store.audit import log_batch
from pea_desktop.store.database import Database
from pea_desktop.store.exchange_models import (
    ROLE_COORDINATOR,
    ROLE_VOLUNTEER,
    ExchangeConflict,
    ExchangeNotice,
    ExchangePeer,
    ExchangePeerRecord,
    ExchangeReceived,
    ExchangeRecordState,
)
from pea_desktop.store.models import new_uuid, utcnow
from pea_desktop.store.raw_rows import in_json_list, stored_now

UUID_SIZE = 36
REV_SIZE = 32


@dataclass
class Received:
    """What a file brought (or, previewed, would bring)."""

    sender: str
    seq: int
    counts: Counts = field(default_factory=Counts)
    conflicts: int = 0
    refused: list[str] = field(default_factory=list)
    already_here: int = 0
    older: int = 0
    notices: list[str] = field(default_factory=list)
    claims: int = 0
    receipt_files: int = 0
    joined: bool = False

    def describe(self) -> str:
        text_ = describe_counts(self.counts, self.receipt_files, self.claims)
        extra = []
        if self.conflicts:
            extra.append(f"{self.conflicts} conflit{'s' if self.conflicts > 1 else ''} à arbitrer")
        if self.refused:
            many = "s" if len(self.refused) > 1 else ""
            extra.append(f"{len(self.refused)} modification{many} refusée{many} (verrouillées)")
        if self.older:
            many = "s" if self.older > 1 else ""
            extra.append(f"{self.older} ancienne{many} version{many} ignorée{many}")
        return " ; ".join([text_, *extra])


def receive(db: Database, path: Path, *, apply: bool = True) -> Received:
    """Merge the file into the base in one transaction (``apply=False``: only say what it
    brings). Raises :class:`BadInputError` with the reason, changing nothing, when refused."""
    path = Path(path)
    data = container.read_file(path)
    envelope = container.open_envelope(path.name, data)
    if envelope.header.get("kind") != container.KIND_DATA:
        raise BadInputError(
            f"{path.name} est une invitation : ouvrez-la avec « Rejoindre une antenne »."
        )
    session = db.sessions()
    try:
        merge = _Merge(db, session, path.name, envelope, apply)
        result = merge.run()
        if apply:
            merge.write_files()
            log_batch(session, "exchange", "imported", f"Échange : fichier {path.name} reçu")
            session.commit()
        else:
            session.rollback()
        return result
    finally:
        session.close()


class _Merge:
    def __init__(
        self, db: Database, session: Session, name: str, envelope: container.Envelope, apply: bool
    ) -> None:
        self.db, self.session, self.name, self.envelope, self.apply = (
            db,
            session,
            name,
            envelope,
            apply,
        )
        self.ids = UuidMap(session)
        self.files: dict[str, bytes] = {}
        self.to_revalue: set[tuple[int, int]] = set()

    def refuse(self, reason: str) -> BadInputError:
        return BadInputError(f"{self.name} refusé : {reason} Rien n'a été modifié.")

    # --- who sent it -------------------------------------------------------------------------
    def run(self) -> Received:
        session, header = self.session, self.envelope.header
        if self.db.on_server:
            # Each antenna's coordination has its own identity there, seen only by its logins.
            found = keys.identity_named(session, header.get("to"))
            if found is None:
                raise self.refuse(
                    "ce fichier est destiné à un autre ordinateur (la coordination d'une autre "
                    "antenne, ou une autre base) : seul un compte de l'antenne du bénévole "
                    "peut le recevoir."
                )
            me = found
        else:
            me = keys.laptop_keys(session)
        self.role = me.role
        if header.get("to") != me.uuid:
            raise self.refuse("ce fichier est destiné à un autre ordinateur (ou à une autre base).")
        sender = str(header.get("from"))
        peer = session.scalar(select(ExchangePeer).where(ExchangePeer.uuid == sender))
        if peer is not None and peer.signing_key != self.envelope.sender_signing_key.hex():
            raise self.refuse("il n'est pas signé par l'ordinateur qu'il prétend être.")
        if peer is not None and peer.revoked_at is not None:
            raise self.refuse(
                "l'ordinateur qui l'a écrit a été révoqué le "
                f"{format_date(peer.revoked_at.date())}."
            )
        if peer is None and me.role == ROLE_VOLUNTEER:
            raise self.refuse(
                "il ne vient pas de l'ordinateur de la coordination de votre antenne."
            )
        sender_box = bytes.fromhex(peer.box_key) if peer else self.envelope.sender_box_key
        plain = keys.decrypt_from(me.box, sender_box, self.envelope.body)
        if plain is None:
            raise self.refuse("il ne peut pas être déchiffré par cet ordinateur.")
        document, blob_area = container.unpack_body(self.name, plain)
        if document.get("format") != FORMAT:
            raise self.refuse("ce n'est pas un fichier de données d'échange.")
        seq = document.get("seq")
        if not isinstance(seq, int) or seq < 1:
            raise self.refuse("numéro d'envoi illisible.")
        joined = False
        if peer is None:
            peer = self._register(sender, document.get("join"))
            joined = True
        self.peer = peer
        earlier = session.scalar(
            select(ExchangeReceived).where(
                ExchangeReceived.peer_id == peer.id, ExchangeReceived.seq == seq
            )
        )
        if earlier is not None:
            raise self.refuse(
                f"ce fichier (envoi n° {seq}) a déjà été reçu le "
                f"{format_date(earlier.received_at.date())} à {earlier.received_at:%H:%M}."
            )
        who = "la coordination" if peer.role == ROLE_COORDINATOR else self._volunteer_name()
        self.result = Received(who, seq, joined=joined)
        self._blobs(document.get("blobs"), blob_area)
        try:
            self._merge(document)
        except RowError as exc:
            raise self.refuse(f"contenu invalide ({exc}).") from exc
        session.add(ExchangeReceived(peer_id=peer.id, seq=seq, file_sha256=self.envelope.sha256))
        peer.received_seq = max(peer.received_seq, seq)
        self._acknowledged(document.get("ack"))
        session.flush()
        return self.result

    def _volunteer_name(self) -> str:
        name = self.session.execute(
            text("SELECT first_name || ' ' || last_name FROM volunteer WHERE uuid = :u"),
            {"u": self.peer.volunteer_uuid},
        ).scalar()
        return str(name or "un bénévole")

    def _register(self, sender: str, proof: Any) -> ExchangePeer:
        invitation = check_join_proof(self.session, proof)
        if invitation is None:
            raise self.refuse(
                "il vient d'un ordinateur inconnu : seuls les ordinateurs qui ont rejoint "
                "l'antenne par une invitation de cette base sont acceptés."
            )
        if invitation.used_at is not None:
            raise self.refuse("cette invitation a déjà servi à un autre ordinateur.")
        if invitation.expires_at < utcnow():
            raise self.refuse("l'invitation utilisée a expiré : faites-en une nouvelle.")
        if len(sender) > UUID_SIZE:
            raise self.refuse("identifiant d'ordinateur illisible.")
        invitation.used_at = utcnow()
        peer = ExchangePeer(
            uuid=sender,
            role=ROLE_VOLUNTEER,
            volunteer_uuid=invitation.volunteer_uuid,
            antenna_uuid=invitation.antenna_uuid,
            signing_key=self.envelope.sender_signing_key.hex(),
            box_key=self.envelope.sender_box_key.hex(),
            invitation_uuid=invitation.uuid,
        )
        self.session.add(peer)
        self.session.flush()
        return peer

    def _acknowledged(self, ack: Any) -> None:
        """The other side received our files up to ``ack``: what they carried is known there."""
        if not isinstance(ack, int) or ack <= self.peer.acked_seq:
            return
        ack = min(ack, self.peer.last_sent_seq)
        self.peer.acked_seq = ack
        self.session.execute(
            text(
                "UPDATE exchange_peer_record SET known_rev = pending_rev, pending_rev = '', "
                "pending_seq = 0 WHERE peer_id = :p AND pending_seq > 0 AND pending_seq <= :a"
            ),
            {"p": self.peer.id, "a": ack},
        )

    def _blobs(self, index: Any, area: memoryview) -> None:
        if not isinstance(index, list):
            raise self.refuse("liste des fichiers joints illisible.")
        for item in index:
            try:
                start, size, digest = int(item["offset"]), int(item["size"]), str(item["sha256"])
            except (KeyError, TypeError, ValueError) as exc:
                raise self.refuse("liste des fichiers joints illisible.") from exc
            if start < 0 or size < 0 or start + size > len(area):
                raise self.refuse("un fichier joint est incomplet.")
            blob = bytes(area[start : start + size])
            if hashlib.sha256(blob).hexdigest() != digest:
                raise self.refuse("un justificatif ne correspond pas à son empreinte SHA-256.")
            self.files[digest] = blob

    # --- the records -------------------------------------------------------------------------
    def _merge(self, document: dict[str, Any]) -> None:
        session, ids = self.session, self.ids
        if self.role == ROLE_VOLUNTEER:
            if "reference" in document:
                reference.apply(session, document["reference"], ids)
            if "claims" in document:
                self.result.claims = reference.apply_claims(session, document["claims"])
            for notice in document.get("notices") or []:
                if isinstance(notice, dict) and isinstance(notice.get("message"), str):
                    self._note_received(str(notice.get("uuid", ""))[:36], notice)
            self.volunteer_id: int | None = None
        else:
            self.volunteer_id = ids.id("volunteer", self.peer.volunteer_uuid)
            if self.volunteer_id is None:
                raise self.refuse("le bénévole de cet ordinateur n'existe plus dans cette base.")
            self.antenna_id = session.execute(
                text("SELECT antenna_id FROM volunteer WHERE id = :v"), {"v": self.volunteer_id}
            ).scalar_one()
            reference.add_missing_people(session, document.get("people"), self.antenna_id, ids)
        records = document.get("records")
        if not isinstance(records, list):
            raise RowError("liste des enregistrements illisible")
        by_kind: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
        for record in records:
            checked = self._checked_record(record)
            by_kind[checked["kind"]].append(checked)
        self.known = {
            row.record_uuid: row
            for row in session.scalars(
                select(ExchangePeerRecord).where(ExchangePeerRecord.peer_id == self.peer.id)
            )
        }
        # Rows are written with plain SQL; the revisions kept beside them are flushed once.
        with session.no_autoflush:
            for kind in KINDS:
                if by_kind[kind]:
                    self._merge_kind(kind, by_kind[kind])
        session.flush()
        for volunteer_id, year in sorted(self.to_revalue):
            valuation.revalue(session, volunteer_id, year)

    def _checked_record(self, record: Any) -> dict[str, Any]:
        if not isinstance(record, dict) or record.get("kind") not in KINDS:
            raise RowError("enregistrement illisible")
        uuid, rev, history = record.get("uuid"), record.get("rev"), record.get("history")
        if not isinstance(uuid, str) or len(uuid) > UUID_SIZE or not uuid:
            raise RowError("identifiant d'enregistrement illisible")
        if not isinstance(rev, str) or len(rev) > REV_SIZE or not rev:
            raise RowError("révision illisible")
        if (
            not isinstance(history, list)
            or len(history) > HISTORY_LIMIT
            or not all(isinstance(h, str) and len(h) <= REV_SIZE for h in history)
        ):
            raise RowError("historique illisible")
        content = record.get("content")
        if content is not None and not isinstance(content, dict):
            raise RowError("contenu illisible")
        return {
            "kind": record["kind"],
            "uuid": uuid,
            "rev": rev,
            "history": history,
            "content": content,
        }

    def _merge_kind(self, kind: str, records: list[dict[str, Any]]) -> None:
        session = self.session
        uuids = json.dumps([r["uuid"] for r in records])
        local = read_contents(
            session, kind, self.ids, f"WHERE uuid IN {in_json_list(session, 'u')}", {"u": uuids}
        )
        states = load_states(session, kind)
        # changes made here since the last revision
        refresh(session, kind, local, states, antenna=self.peer.antenna_uuid)
        for record in records:
            self._merge_one(kind, record, local.get(record["uuid"]), states)

    def _merge_one(
        self,
        kind: str,
        record: dict[str, Any],
        local: dict[str, Any] | None,
        states: dict[str, ExchangeRecordState],
    ) -> None:
        uuid, rev, history, content = (
            record["uuid"], record["rev"], record["history"], record["content"],
        )  # fmt: skip
        state = states.get(uuid)
        local_history = [] if state is None else json.loads(state.history)
        relation = relate(state.rev if state else None, local_history, rev, history)
        if relation is Relation.SAME:
            self.result.already_here += 1
            self._peer_holds(uuid, rev)
            return
        if relation is Relation.STALE:
            self.result.older += 1
            return
        self._peer_holds(uuid, rev)
        if self.role == ROLE_COORDINATOR:
            denied = self._denied(kind, uuid, local, content)
            if denied:
                self._refuse_change(kind, uuid, record, local, states, denied)
                return
        if relation is Relation.CONCURRENT:
            assert state is not None
            if content_hash(content) == state.content_sha256:  # both sides made the same change
                set_state(
                    self.session, states, kind, uuid, new_rev(), state.content_sha256,
                    joined_history(local_history, [state.rev], history, [rev]),
                    antenna=self.peer.antenna_uuid,
                )  # fmt: skip
                return
            if self.role == ROLE_COORDINATOR:
                self._conflict(kind, record)
            else:
                self._note_local(
                    uuid,
                    "Modifiée aussi par la coordination : votre version lui est renvoyée, elle "
                    "choisira.",
                )
            return
        # NEW or FORWARD: take it.
        self._write(kind, uuid, content, local)
        digest = content_hash(content)
        set_state(
            self.session, states, kind, uuid, rev, digest, joined_history(history),
            antenna=self.peer.antenna_uuid,
        )  # fmt: skip
        counts = self.result.counts
        if content is None or content.get("deleted_at"):
            counts.deleted[kind] += 1
        elif relation is Relation.NEW:
            counts.new[kind] += 1
        else:
            counts.changed[kind] += 1

    def _peer_holds(self, uuid: str, rev: str) -> None:
        row = self.known.get(uuid)
        if row is None:
            row = ExchangePeerRecord(peer_id=self.peer.id, record_uuid=uuid)
            self.session.add(row)
            self.known[uuid] = row
        row.known_rev, row.pending_rev, row.pending_seq = rev, "", 0

    def _write(
        self, kind: str, uuid: str, content: dict[str, Any] | None, local: dict[str, Any] | None
    ) -> None:
        if kind == RECEIPT and content is not None and self.apply:
            digest = str(content.get("sha256"))
            target = attachments_dir(self.db) / str(content.get("stored_name"))
            if digest not in self.files and not target.is_file():
                self.result.notices.append(
                    f"Justificatif {content.get('original_name', '')} reçu sans son fichier."
                )
        write_content(self.session, kind, uuid, content, self.ids)
        if kind == RECEIPT and content is not None:
            self.result.receipt_files += int(str(content.get("sha256")) in self.files)
        if kind == EXPENSE and self.role == ROLE_COORDINATOR:
            for version in (content, local):
                if version is not None and version.get("km") is not None:
                    year = int(str(version["date"])[:4])
                    self.to_revalue.add((self.volunteer_id or 0, year))

    # --- the coordinator's rules -----------------------------------------------------------
    def _denied(
        self, kind: str, uuid: str, local: dict[str, Any] | None, content: dict[str, Any] | None
    ) -> str:
        """Why the volunteer's laptop may not make this change here, or ""."""
        me = self.peer.volunteer_uuid
        if kind == ACTIVITY:
            versions = [v for v in (local, content) if v is not None]
            for version in versions:
                antenna = version.get("antenna_id")
                if antenna is not None and self.ids.id("antenna", antenna) != self.antenna_id:
                    return "activité d'une autre antenne"
            if not any(any(link[1] == me for link in v.get(LINKS) or []) for v in versions):
                return "activité à laquelle vous ne participez pas"
            return ""
        if kind == EXPENSE:
            for held in (local, content):
                if held is not None and held.get("volunteer_id") != me:
                    return "dépense d'un autre bénévole"
            return self._locked(uuid, local, content)
        # A receipt: its expense line must be the volunteer's and not locked.
        line_uuid = (content or local or {}).get("expense_line_id")
        line = self.session.execute(
            text(
                "SELECT v.uuid, c.status, c.number FROM expense_line l "
                "JOIN volunteer v ON v.id = l.volunteer_id "
                "LEFT JOIN expense_claim c ON c.id = l.claim_id WHERE l.uuid = :u"
            ),
            {"u": line_uuid},
        ).first()
        if line is None:
            return ""  # checked when written (unknown line)
        if line[0] != me:
            return "justificatif d'une dépense d'un autre bénévole"
        if line[1] is not None and line[1] != ClaimStatus.DRAFT.value and local != content:
            return (
                f"la note de frais {line[2]} n'est plus un brouillon : "
                "ses justificatifs ne changent plus"
            )
        return ""

    def _locked(
        self, uuid: str, local: dict[str, Any] | None, content: dict[str, Any] | None
    ) -> str:
        if local is None:
            return ""
        claim = self.session.execute(
            text(
                "SELECT c.status, c.number FROM expense_line l JOIN expense_claim c "
                "ON c.id = l.claim_id WHERE l.uuid = :u"
            ),
            {"u": uuid},
        ).first()
        if claim is None or claim[0] == ClaimStatus.DRAFT.value:
            return ""
        if content_hash(content) == content_hash(local):
            return ""
        return (
            f"la note de frais {claim[1]} n'est plus un brouillon : ses dépenses ne changent plus"
        )

    def _refuse_change(
        self,
        kind: str,
        uuid: str,
        record: dict[str, Any],
        local: dict[str, Any] | None,
        states: dict[str, ExchangeRecordState],
        reason: str,
    ) -> None:
        """Keep ours, under a revision that supersedes theirs, and tell them why."""
        if local is None and record["content"] is not None and kind == RECEIPT:
            # A receipt added to a locked line: kept here in the bin, so theirs goes too.
            local = dict(record["content"], deleted_at=stored_now())
            write_content(self.session, kind, uuid, local, self.ids)
        state = states.get(uuid)
        before = [] if state is None else [*json.loads(state.history), state.rev]
        set_state(
            self.session, states, kind, uuid, new_rev(), content_hash(local),
            joined_history(before, record["history"], [record["rev"]]),
            antenna=self.peer.antenna_uuid,
        )  # fmt: skip
        label = _describe(kind, record["content"] or local)
        message = f"{label} : modification refusée ({reason})."
        self.result.refused.append(message)
        self.session.add(ExchangeNotice(peer_id=self.peer.id, record_uuid=uuid, message=message))

    def _conflict(self, kind: str, record: dict[str, Any]) -> None:
        session = self.session
        existing = session.scalar(
            select(ExchangeConflict).where(
                ExchangeConflict.record_uuid == record["uuid"],
                ExchangeConflict.resolved_at.is_(None),
            )
        )
        if existing is None:
            existing = ExchangeConflict(record_uuid=record["uuid"], kind=kind, peer_id=self.peer.id)
            session.add(existing)
        elif (
            relate(
                existing.remote_rev,
                json.loads(existing.remote_history),
                record["rev"],
                record["history"],
            )
            is not Relation.FORWARD
        ):
            return
        existing.remote_rev = record["rev"]
        existing.remote_history = json.dumps(record["history"])
        existing.remote_content = json.dumps(record["content"], ensure_ascii=False)
        self.result.conflicts += 1

    def _note_local(self, uuid: str, message: str) -> None:
        self.result.notices.append(message)
        self.session.add(
            ExchangeNotice(peer_id=None, record_uuid=uuid, message=message, sent_seq=-1)
        )

    def _note_received(self, uuid: str, notice: dict[str, Any]) -> None:
        if uuid and self.session.scalar(select(ExchangeNotice).where(ExchangeNotice.uuid == uuid)):
            return
        message = str(notice["message"])[:2000]
        self.result.notices.append(message)
        self.session.add(
            ExchangeNotice(
                uuid=uuid or new_uuid(),
                peer_id=None,
                record_uuid=str(notice.get("record", ""))[:36],
                message=message, sent_seq=-1,
            )
        )  # fmt: skip

    def write_files(self) -> None:
        folder = attachments_dir(self.db)
        wanted = {
            row[0]: row[1]
            for row in self.session.execute(text("SELECT sha256, stored_name FROM expense_receipt"))
            if row[0] in self.files
        }
        for digest, stored_name in wanted.items():
            target = folder / stored_name
            if target.is_file():
                continue
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / f".{stored_name}.part"
            try:
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(handle, "wb") as out:
                    out.write(self.files[digest])
                os.replace(temporary, target)
            except OSError:
                temporary.unlink(missing_ok=True)
                raise


def _describe(kind: str, content: dict[str, Any] | None) -> str:
    if not content:
        return {"activity": "Activité", "expense": "Dépense", "receipt": "Justificatif"}[kind]
    when = str(content.get("date", ""))
    with contextlib.suppress(ValueError):
        when = format_date(datetime.fromisoformat(when).date())
    if kind == EXPENSE:
        return f"Dépense du {when}"
    if kind == RECEIPT:
        return f"Justificatif « {content.get('original_name', '')} »"
    return f"Activité du {when}"
