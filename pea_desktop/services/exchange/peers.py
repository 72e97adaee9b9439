"""The laptops this base exchanges with: finding them, revoking them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.text import fold
from pea_desktop.store.database import Database
from pea_desktop.store.exchange_models import (
    ROLE_COORDINATOR,
    ROLE_VOLUNTEER,
    ExchangeInvitation,
    ExchangeLaptop,
    ExchangePeer,
)
from pea_desktop.store.models import Volunteer, utcnow


def role_of(session: Session) -> str:
    """``volunteer`` for a base that joined an antenna, else ``coordinator``."""
    row = session.scalar(select(ExchangeLaptop.role))
    return row or ROLE_COORDINATOR


def find_volunteer(session: Session, name: str) -> Volunteer:
    """The volunteer called ``name`` ("Prénom Nom", accents and case ignored)."""
    key = fold(" ".join(name.split()))
    found = session.scalars(
        select(Volunteer).where(Volunteer.name_key == key, Volunteer.deleted_at.is_(None))
    ).all()
    if not found:
        raise BadInputError(f"Aucun bénévole ne s'appelle « {name} » dans cette base.")
    if len(found) > 1:
        raise BadInputError(
            f"Plusieurs bénévoles s'appellent « {name} » : renommez l'un d'eux pour les distinguer."
        )
    return found[0]


def active_peer_of(session: Session, volunteer_uuid: str) -> ExchangePeer | None:
    return session.scalars(
        select(ExchangePeer)
        .where(
            ExchangePeer.volunteer_uuid == volunteer_uuid,
            ExchangePeer.role == ROLE_VOLUNTEER,
            ExchangePeer.revoked_at.is_(None),
        )
        .order_by(ExchangePeer.id.desc())
    ).first()


def coordinator_peer(session: Session) -> ExchangePeer | None:
    return session.scalars(
        select(ExchangePeer)
        .where(ExchangePeer.role == ROLE_COORDINATOR)
        .order_by(ExchangePeer.id.desc())
    ).first()


@dataclass(frozen=True)
class PeerInfo:
    volunteer: str
    laptop: str
    joined_at: datetime
    revoked_at: datetime | None
    last_received: int
    last_sent: int


# The name a coordinator's laptop is listed under (it belongs to no volunteer).
COORDINATION = "coordination"


def list_peers(db: Database) -> list[PeerInfo]:
    with db.session() as session:
        names = {v.uuid: v.full_name for v in session.scalars(select(Volunteer))}
        return [
            PeerInfo(
                names.get(p.volunteer_uuid, COORDINATION),
                p.uuid,
                p.created_at,
                p.revoked_at,
                p.received_seq,
                p.last_sent_seq,
            )
            for p in session.scalars(select(ExchangePeer).order_by(ExchangePeer.id))
        ]


def revoke(db: Database, volunteer_name: str) -> int:
    """Refuse from now on every laptop of the volunteer, and their unused invitations.

    Returns how many laptops were revoked. The volunteer can join again from a new invitation
    (a new laptop, a new key).
    """
    with db.session() as session:
        if role_of(session) != ROLE_COORDINATOR:
            raise BadInputError("Seule la base de la coordination peut révoquer un ordinateur.")
        volunteer = find_volunteer(session, volunteer_name)
        now = utcnow()
        peers = session.scalars(
            select(ExchangePeer).where(
                ExchangePeer.volunteer_uuid == volunteer.uuid, ExchangePeer.revoked_at.is_(None)
            )
        ).all()
        for peer in peers:
            peer.revoked_at = now
        for invitation in session.scalars(
            select(ExchangeInvitation).where(
                ExchangeInvitation.volunteer_uuid == volunteer.uuid,
                ExchangeInvitation.used_at.is_(None),
                ExchangeInvitation.cancelled_at.is_(None),
            )
        ):
            invitation.cancelled_at = now
        return len(peers)


def is_coordinator(db: Database) -> bool:
    """False for a base that joined an antenna (a volunteer's laptop): what the window offers."""
    with db.session() as session:
        return role_of(session) == ROLE_COORDINATOR


def exchanging_volunteers(db: Database) -> list[str]:
    """The volunteers whose laptop this base exchanges with (not revoked), by name."""
    with db.session() as session:
        uuids = set(
            session.scalars(
                select(ExchangePeer.volunteer_uuid).where(
                    ExchangePeer.role == ROLE_VOLUNTEER, ExchangePeer.revoked_at.is_(None)
                )
            )
        )
        names = [
            v.full_name
            for v in session.scalars(select(Volunteer).where(Volunteer.deleted_at.is_(None)))
            if v.uuid in uuids
        ]
    return sorted(names, key=fold)
