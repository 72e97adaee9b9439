"""Models of the exchange between laptops (``.pea`` files, docs/formats.md).

- :class:`ExchangeLaptop`: this base's own identity (one row): a UUID, its role (coordinator or
  volunteer), its Ed25519 signing key and its X25519 encryption key. Keys live in the base, so
  backups carry them; encrypt the base to protect them.
- :class:`ExchangePeer`: another laptop this one exchanges with (its public keys, the volunteer
  it belongs to, the sequence numbers sent and acknowledged, revoked or not).
- :class:`ExchangeInvitation`: an invitation made by the coordinator (one-time, expiring).
- :class:`ExchangeReceived`: the sequence numbers received from each peer (replays refused).
- :class:`ExchangeRecordState`: for each travelling record, its current revision, the hash of
  its content at that revision, and the revisions it descends from (merging, conflicts).
- :class:`ExchangePeerRecord`: the revision of a record a peer is known to hold (what to send).
- :class:`ExchangeConflict`: a record changed on both sides, waiting for the coordinator.
- :class:`ExchangeClaimState`: on a volunteer's laptop, the state of their claims as the
  coordinator last sent it.
- :class:`ExchangeNotice`: a message for the other side (a refused change and its reason) or
  received from it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pea_desktop.store.models import Base, new_uuid, utcnow

ROLE_COORDINATOR = "coordinator"
ROLE_VOLUNTEER = "volunteer"
# Setting: on a volunteer's laptop, the antenna's places the coordinator sent (JSON list).
PLACES_SETTING = "exchange.places"


class ExchangeLaptop(Base):
    """This base as one end of the exchange (a single row, created on first need)."""

    __tablename__ = "exchange_laptop"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    role: Mapped[str] = mapped_column(String(16), default=ROLE_COORDINATOR)
    signing_seed: Mapped[str] = mapped_column(String(64))  # Ed25519 seed, hex
    box_secret: Mapped[str] = mapped_column(String(64))  # X25519 private key, hex
    # On a volunteer's laptop: the volunteer it belongs to (a UUID of the volunteer table).
    volunteer_uuid: Mapped[str] = mapped_column(String(36), default="")
    antenna_uuid: Mapped[str] = mapped_column(String(36), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExchangePeer(Base):
    """Another laptop: the coordinator's (on a volunteer's laptop) or a volunteer's."""

    __tablename__ = "exchange_peer"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # the peer laptop's UUID
    role: Mapped[str] = mapped_column(String(16))
    volunteer_uuid: Mapped[str] = mapped_column(String(36), default="", index=True)
    antenna_uuid: Mapped[str] = mapped_column(String(36), default="")
    signing_key: Mapped[str] = mapped_column(String(64))  # Ed25519 public key, hex
    box_key: Mapped[str] = mapped_column(String(64))  # X25519 public key, hex
    invitation_uuid: Mapped[str] = mapped_column(String(36), default="")
    # Sequence numbers of the files this base sent the peer: the last one written and the
    # highest the peer said it received (what was sent after it is sent again).
    last_sent_seq: Mapped[int] = mapped_column(Integer, default=0)
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)
    # The highest sequence number received from the peer (acknowledged in our next file).
    received_seq: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExchangeInvitation(Base):
    """An invitation for a volunteer to join the antenna from another laptop."""

    __tablename__ = "exchange_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    volunteer_uuid: Mapped[str] = mapped_column(String(36))
    antenna_uuid: Mapped[str] = mapped_column(String(36))
    token_sha256: Mapped[str] = mapped_column(String(64))  # the secret inside the file, hashed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]


class ExchangeReceived(Base):
    """One file received from a peer, by its sequence number: the same one is refused later."""

    __tablename__ = "exchange_received"
    __table_args__ = (UniqueConstraint("peer_id", "seq", name="uq_exchange_received_peer_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("exchange_peer.id", ondelete="CASCADE"))
    seq: Mapped[int]
    file_sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExchangeRecordState(Base):
    """The revision of one travelling record (activity, expense line, receipt file)."""

    __tablename__ = "exchange_record_state"

    record_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    rev: Mapped[str] = mapped_column(String(32))
    content_sha256: Mapped[str] = mapped_column(String(64))
    history: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of ancestor revisions
    # The antenna whose record it is: on a server, a coordinator sees only their antennas'.
    antenna_uuid: Mapped[str] = mapped_column(String(36), default="", server_default="")


class ExchangePeerRecord(Base):
    """The revision of a record a peer holds, and the one last sent to it (not yet acked)."""

    __tablename__ = "exchange_peer_record"

    peer_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_peer.id", ondelete="CASCADE"), primary_key=True
    )
    record_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    known_rev: Mapped[str] = mapped_column(String(32), default="")
    pending_rev: Mapped[str] = mapped_column(String(32), default="")
    pending_seq: Mapped[int] = mapped_column(Integer, default=0)


class ExchangeConflict(Base):
    """A record changed on the coordinator's laptop and on a volunteer's since they last met."""

    __tablename__ = "exchange_conflict"
    __table_args__ = (Index("ix_exchange_conflict_record", "record_uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    record_uuid: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    peer_id: Mapped[int] = mapped_column(ForeignKey("exchange_peer.id", ondelete="CASCADE"))
    remote_rev: Mapped[str] = mapped_column(String(32))
    remote_history: Mapped[str] = mapped_column(Text, default="[]")
    remote_content: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    choice: Mapped[str] = mapped_column(String(16), default="")  # "local" | "remote"


class ExchangeClaimState(Base):
    """On a volunteer's laptop: one of their claims, as the coordinator last described it."""

    __tablename__ = "exchange_claim_state"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date]
    period_end: Mapped[date]
    amount: Mapped[Decimal]
    waiver: Mapped[bool] = mapped_column(default=False)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    paid_on: Mapped[date | None]
    line_uuids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ExchangeNotice(Base):
    """A message about a record: a refused change (to send back) or one received."""

    __tablename__ = "exchange_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    # The peer it goes to (on the coordinator's laptop), None for one received.
    peer_id: Mapped[int | None] = mapped_column(ForeignKey("exchange_peer.id", ondelete="CASCADE"))
    record_uuid: Mapped[str] = mapped_column(String(36), default="")
    message: Mapped[str] = mapped_column(Text)
    sent_seq: Mapped[int] = mapped_column(Integer, default=0)  # 0: not sent yet
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
