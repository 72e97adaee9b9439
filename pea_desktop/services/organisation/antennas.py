"""Antennas (local branches). The association's own details are in :mod:`..association`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.limits import ANTENNA_TEXTS, length_problems
from pea_desktop.services.concurrency import check_version
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna


@dataclass(frozen=True)
class AntennaInfo:
    id: int
    code: str
    name: str
    department: str
    # Drafts are approved without the submit step (a one-person antenna; migration 0008).
    direct_approval: bool = False
    version: int | None = None  # as loaded: a save over a newer one is refused

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


def list_antennas(db: Database) -> list[AntennaInfo]:
    with db.session() as session:
        rows = session.execute(
            select(
                Antenna.id,
                Antenna.code,
                Antenna.name,
                Antenna.department,
                Antenna.direct_approval,
                Antenna.version,
            ).order_by(Antenna.name, Antenna.code)
        )
        return [AntennaInfo(*row) for row in rows]


def load_antenna(db: Database, antenna_id: int) -> AntennaInfo:
    """The antenna as saved now (a form reloading after another user's save)."""
    found = next((a for a in list_antennas(db) if a.id == antenna_id), None)
    if found is None:
        raise BadInputError("Cette antenne n'existe plus.")
    return found


DEPARTMENT = re.compile(r"^(\d{2,3}|2[AB])$")


def create_antenna(db: Database, code: str, name: str, department: str = "") -> AntennaInfo:
    return save_antenna(db, code, name, department)


def save_antenna(
    db: Database,
    code: str,
    name: str,
    department: str = "",
    antenna_id: int | None = None,
    direct_approval: bool | None = None,
    expected_version: int | None = None,
) -> AntennaInfo:
    """Create the antenna, or change the one ``antenna_id`` names; codes stay unique.

    ``direct_approval`` (None: left as it is) lets the antenna approve drafts without the
    submit step; only the Paramètres antenna dialog sets it. ``expected_version``: the version
    the form loaded (a save over a newer one is refused, StaleRecordError).
    """
    code = code.strip().upper()
    department = department.strip().upper()
    if not code:
        raise BadInputError("Indiquez le code de l'antenne (ex. LYON).")
    if too_long := length_problems(ANTENNA_TEXTS, {"code": code, "name": name}):
        raise BadInputError("L'antenne ne peut pas être enregistrée.", list(too_long.values()))
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
        if antenna_id is not None:
            check_version(antenna, expected_version)
        antenna.code, antenna.name, antenna.department = code, name.strip(), department
        if direct_approval is not None:
            antenna.direct_approval = direct_approval
        session.add(antenna)
        session.flush()
        return AntennaInfo(
            antenna.id,
            antenna.code,
            antenna.name,
            antenna.department,
            antenna.direct_approval,
            antenna.version,
        )


def is_empty(db: Database) -> bool:
    """True on first run: no antenna yet, so the set-up assistant is due."""
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Antenna)) == 0
