"""Partner structures where interventions take place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from pea_desktop.domain.enums import PartnerKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.limits import PARTNER_TEXTS, length_problems
from pea_desktop.services.concurrency import check_version
from pea_desktop.store.audit import mark_deleted
from pea_desktop.store.database import Database
from pea_desktop.store.models import Partner


@dataclass
class PartnerDraft:
    name: str = ""
    kind: PartnerKind = PartnerKind.OTHER
    town: str = ""
    id: int | None = None
    version: int | None = None  # as loaded: a save over a newer one is refused


def list_partners(db: Database, text: str = "", *, deleted: bool = False) -> list[PartnerDraft]:
    query = (
        select(Partner.name, Partner.kind, Partner.town, Partner.id, Partner.version)
        .where(Partner.deleted_at.is_not(None) if deleted else Partner.deleted_at.is_(None))
        .order_by(func.lower(Partner.name))
    )
    if text.strip():
        query = query.where(Partner.name.ilike(f"%{text.strip()}%"))
    with db.session() as session:
        return [PartnerDraft(*row) for row in session.execute(query)]


def load_partner(db: Database, partner_id: int) -> PartnerDraft:
    """The partner as saved now (a form reloading after another user's save)."""
    with db.session() as session:
        partner = session.get(Partner, partner_id)
        if partner is None:
            raise BadInputError("Ce partenaire n'existe plus.")
        return PartnerDraft(partner.name, partner.kind, partner.town, partner.id, partner.version)


def save_partner(db: Database, draft: PartnerDraft) -> int:
    name = draft.name.strip()
    if not name:
        raise BadInputError("Le partenaire ne peut pas être enregistré.", ["Indiquez son nom."])
    if too_long := length_problems(PARTNER_TEXTS, {"name": name, "town": draft.town}):
        raise BadInputError("Le partenaire ne peut pas être enregistré.", list(too_long.values()))
    with db.session() as session:
        clash = session.scalar(
            select(Partner.id).where(
                func.lower(Partner.name) == name.lower(),
                Partner.deleted_at.is_(None),
                Partner.id != (draft.id or 0),
            )
        )
        if clash:
            raise BadInputError(
                "Le partenaire ne peut pas être enregistré.",
                [f"Un partenaire s'appelle déjà « {name} »."],
            )
        partner = session.get(Partner, draft.id) if draft.id else Partner()
        if partner is None:
            raise BadInputError("Ce partenaire n'existe plus.")
        if draft.id:
            check_version(partner, draft.version)
        partner.name, partner.kind, partner.town = name, draft.kind, draft.town.strip()
        session.add(partner)
        session.flush()
        return partner.id


def delete_partners(db: Database, ids: Sequence[int]) -> None:
    with db.session() as session:
        mark_deleted(session, Partner, ids, deleted=True)


def restore_partners(db: Database, ids: Sequence[int]) -> None:
    with db.session() as session:
        mark_deleted(session, Partner, ids, deleted=False)
