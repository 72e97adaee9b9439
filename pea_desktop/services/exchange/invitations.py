"""Inviting a volunteer's laptop (the coordinator) and joining the antenna (the volunteer).

The invitation file is sealed with a key derived from a one-time code (Argon2id), given to the
volunteer by another channel (phone, in person), and signed by the coordinator's laptop. It
carries the coordinator laptop's public keys, the antenna's reference data and a secret token.
Joining sets the base up and keeps the token: the volunteer's first file proves with it that the
laptop joined through this invitation, and the coordinator's laptop then knows its keys.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services import keys
from pea_desktop.services.exchange import container, reference
from pea_desktop.services.exchange.peers import find_volunteer, role_of
from pea_desktop.services.exchange.rows import RowError, UuidMap
from pea_desktop.store.database import Database
from pea_desktop.store.exchange_models import (
    ROLE_COORDINATOR,
    ROLE_VOLUNTEER,
    ExchangeInvitation,
    ExchangeLaptop,
    ExchangePeer,
    ExchangeRecordState,
)
from pea_desktop.store.models import Setting, utcnow

VALID_FOR = timedelta(days=30)
JOIN_SETTING = "exchange.join"
FORMAT = "pea-invitation"


@dataclass(frozen=True)
class Invitation:
    data: bytes  # the .pea file
    code: str  # to give by another channel
    volunteer: str
    expires_at: datetime


@dataclass(frozen=True)
class Joined:
    antenna: str
    volunteer: str
    volunteers: int
    partners: int
    rejoined: bool


def invite(db: Database, volunteer_name: str, antenna_code: str | None = None) -> Invitation:
    """An invitation for the volunteer to join their antenna from their own laptop."""
    with db.session() as session:
        if role_of(session) != ROLE_COORDINATOR:
            raise BadInputError(
                "Cette base a rejoint une antenne : seule la base de la coordination invite."
            )
        volunteer = find_volunteer(session, volunteer_name)
        if antenna_code is not None and volunteer.antenna.code.upper() != antenna_code.upper():
            raise BadInputError(
                f"{volunteer.full_name} n'est pas de l'antenne {antenna_code} "
                f"(mais de {volunteer.antenna.code})."
            )
        # On a server, each antenna's coordination has its own identity (docs/server.md).
        me = keys.laptop_keys(
            session,
            role=ROLE_COORDINATOR,
            antenna_uuid=volunteer.antenna.uuid if db.on_server else None,
        )
        token, code, salt = keys.random_token(), keys.new_invitation_code(), keys.new_code_salt()
        expires = utcnow() + VALID_FOR
        row = ExchangeInvitation(
            volunteer_uuid=volunteer.uuid,
            antenna_uuid=volunteer.antenna.uuid,
            token_sha256=hashlib.sha256(token).hexdigest(),
            expires_at=expires,
        )
        session.add(row)
        session.flush()
        document = {
            "format": FORMAT,
            "version": container.VERSION,
            "invitation": row.uuid,
            "token": keys.encode(token),
            "expires_at": expires.isoformat(),
            "coordinator": me.uuid,
            "volunteer": volunteer.uuid,
            "reference": reference.snapshot(session, volunteer.antenna_id, volunteer.id),
        }
        body = keys.seal_with_code(code, salt, container.pack_body(document, []))
        header = {
            "kind": container.KIND_INVITATION,
            "from": me.uuid,
            "signing_key": keys.encode(me.signing.public_key),
            "box_key": keys.encode(me.box.public_key),
            "salt": keys.encode(salt),
        }
        return Invitation(
            container.seal(header, body, me.signing), code, volunteer.full_name, expires
        )


def join(db: Database, path: Path, code: str) -> Joined:
    """Set this base up for the antenna and the volunteer the invitation names."""
    name = path.name
    envelope = container.open_envelope(name, container.read_file(path))
    if envelope.header.get("kind") != container.KIND_INVITATION:
        raise BadInputError(f"{name} n'est pas une invitation : ouvrez-le avec « Recevoir… ».")
    salt = keys.decode(envelope.header.get("salt"), keys.CODE_SALT_SIZE)
    plain = keys.open_with_code(code, salt, envelope.body) if salt else None
    if plain is None:
        raise BadInputError(
            "Code d'invitation incorrect : vérifiez-le auprès de la coordination (12 caractères, "
            "par exemple ABCD-EFGH-JKMN). Rien n'a été modifié."
        )
    document, _ = container.unpack_body(name, plain)
    if document.get("format") != FORMAT or document.get("coordinator") != envelope.header.get(
        "from"
    ):
        raise BadInputError(f"{name} : invitation illisible.")
    try:
        expires = datetime.fromisoformat(str(document["expires_at"]))
    except (KeyError, ValueError) as exc:
        raise BadInputError(f"{name} : invitation illisible.") from exc
    if expires < utcnow():
        raise BadInputError(
            f"Cette invitation a expiré le {expires:%d/%m/%Y} : demandez-en une nouvelle."
        )
    if db.on_server:
        raise BadInputError(
            "Une base sur un serveur est celle de la coordination : elle ne rejoint pas "
            "d'antenne. Ouvrez l'invitation dans la base de l'ordinateur du bénévole."
        )
    volunteer_uuid = str(document.get("volunteer"))
    with db.session() as session:
        laptop = session.scalar(select(ExchangeLaptop))
        rejoined = (
            laptop is not None
            and laptop.role == ROLE_VOLUNTEER
            and laptop.volunteer_uuid == volunteer_uuid
        )
        if not rejoined:
            _check_fresh(session)
        me = keys.laptop_keys(session, role=ROLE_VOLUNTEER, renew=rejoined)
        ids = UuidMap(session)
        try:
            reference.apply(session, document.get("reference"), ids)
        except RowError as exc:
            raise BadInputError(f"{name} : invitation illisible ({exc}).") from exc
        volunteer = session.execute(
            text("SELECT first_name || ' ' || last_name FROM volunteer WHERE uuid = :u"),
            {"u": volunteer_uuid},
        ).scalar()
        if volunteer is None:
            raise BadInputError(f"{name} : invitation illisible (bénévole absent).")
        ref = document["reference"]
        laptop_row = session.scalar(select(ExchangeLaptop))
        assert laptop_row is not None
        laptop_row.volunteer_uuid = volunteer_uuid
        laptop_row.antenna_uuid = str(ref["antenna"]["uuid"])
        if rejoined:  # a new identity: the coordinator will send everything again
            session.execute(text("DELETE FROM exchange_peer"))
        session.add(
            ExchangePeer(
                uuid=str(document["coordinator"]),
                role=ROLE_COORDINATOR,
                antenna_uuid=laptop_row.antenna_uuid,
                signing_key=envelope.sender_signing_key.hex(),
                box_key=envelope.sender_box_key.hex(),
                invitation_uuid=str(document["invitation"]),
            )
        )
        proof = json.dumps({"invitation": document["invitation"], "token": document["token"]})
        setting = session.get(Setting, JOIN_SETTING)
        if setting is None:
            session.add(Setting(key=JOIN_SETTING, value=proof))
        else:
            setting.value = proof
        del me
        return Joined(
            str(ref["antenna"].get("name") or ref["antenna"]["code"]),
            str(volunteer),
            len(ref.get("volunteers") or []),
            len(ref.get("partners") or []),
            rejoined,
        )


def _check_fresh(session: object) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    activities = session.execute(text("SELECT count(*) FROM activity")).scalar_one()
    peers = session.execute(text("SELECT count(*) FROM exchange_peer")).scalar_one()
    states = session.scalar(select(ExchangeRecordState.record_uuid).limit(1))
    if activities or peers or states:
        raise BadInputError(
            "Cette base contient déjà des activités ou des échanges : pour rejoindre une antenne, "
            "ouvrez une base neuve (Fichier › Nouvelle base) puis l'invitation."
        )


def check_join_proof(session: object, proof: object) -> ExchangeInvitation | None:
    """The open invitation a volunteer's first file proves it joined through, if any."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    if not isinstance(proof, dict):
        return None
    token = keys.decode(proof.get("token"), 32)
    if token is None:
        return None
    invitation = session.scalar(
        select(ExchangeInvitation).where(ExchangeInvitation.uuid == str(proof.get("invitation")))
    )
    if invitation is None or invitation.token_sha256 != hashlib.sha256(token).hexdigest():
        return None
    if invitation.cancelled_at is not None:
        return None
    return invitation
