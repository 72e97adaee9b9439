"""Antennas (local branches) and the association's own details."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.errors import BadInputError
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, AssociationSettings


@dataclass(frozen=True)
class AntennaInfo:
    id: int
    code: str
    name: str
    department: str

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


def list_antennas(db: Database) -> list[AntennaInfo]:
    with db.session() as session:
        rows = session.execute(
            select(Antenna.id, Antenna.code, Antenna.name, Antenna.department).order_by(
                Antenna.name, Antenna.code
            )
        )
        return [AntennaInfo(*row) for row in rows]


DEPARTMENT = re.compile(r"^(\d{2,3}|2[AB])$")


def create_antenna(db: Database, code: str, name: str, department: str = "") -> AntennaInfo:
    return save_antenna(db, code, name, department)


def save_antenna(
    db: Database, code: str, name: str, department: str = "", antenna_id: int | None = None
) -> AntennaInfo:
    """Create the antenna, or change the one ``antenna_id`` names; codes stay unique."""
    code = code.strip().upper()
    department = department.strip().upper()
    if not code:
        raise BadInputError("Indiquez le code de l'antenne (ex. LYON).")
    if department and not DEPARTMENT.match(department):
        raise BadInputError(
            f"« {department} » n'est pas un numéro de département (ex. 69, 2A, 974)."
        )
    with db.session() as session:
        clash = select(Antenna.id).where(func.upper(Antenna.code) == code)
        if antenna_id is not None:
            clash = clash.where(Antenna.id != antenna_id)
        if session.scalar(clash):
            raise BadInputError(f"Une antenne porte déjà le code « {code} ».")
        antenna = Antenna() if antenna_id is None else session.get(Antenna, antenna_id)
        if antenna is None:
            raise BadInputError("Cette antenne n'existe plus.")
        antenna.code, antenna.name, antenna.department = code, name.strip(), department
        session.add(antenna)
        session.flush()
        return AntennaInfo(antenna.id, antenna.code, antenna.name, antenna.department)


def is_empty(db: Database) -> bool:
    """True on first run: no antenna yet, so the set-up assistant is due."""
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Antenna)) == 0


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
