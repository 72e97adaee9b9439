"""The association's own details (name, address, RNA, signatory): what every document prints.

Below both capabilities that need them: organisation sets them up and edits them, claims print
them on forms and tax receipts.
"""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy.orm import Session

from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.errors import BadInputError
from pea_desktop.store.database import Database
from pea_desktop.store.models import AssociationSettings


def association_in(session: Session) -> AssociationInfo | None:
    """The association's details as saved, or ``None`` before the first set-up."""
    row = session.get(AssociationSettings, 1)
    if row is None:
        return None
    return AssociationInfo(**{f.name: getattr(row, f.name) or "" for f in fields(AssociationInfo)})


def write_association(session: Session, info: AssociationInfo) -> None:
    """Save ``info`` (trimmed) as the association's single row, inside the caller's transaction."""
    row = session.get(AssociationSettings, 1) or AssociationSettings(id=1)
    for f in fields(AssociationInfo):
        setattr(row, f.name, getattr(info, f.name).strip())
    session.add(row)


def load_association(db: Database) -> AssociationInfo:
    with db.session() as session:
        return association_in(session) or AssociationInfo()


def save_association(db: Database, info: AssociationInfo) -> None:
    if not info.name.strip():
        raise BadInputError("Indiquez le nom de l'association.")
    with db.session() as session:
        write_association(session, info)
