"""Volunteers of each antenna: list, load, save, deactivate, bin."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, cast

from sqlalchemy import select

from pea_desktop.domain.bank import check_account
from pea_desktop.domain.enums import VehicleKind, VolunteerRole
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.limits import VOLUNTEER_TEXTS, length_problems
from pea_desktop.domain.text import fold
from pea_desktop.services.claims import valuation
from pea_desktop.services.concurrency import check_version
from pea_desktop.store.audit import mark_deleted
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, Volunteer

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class VolunteerDraft:
    first_name: str = ""
    last_name: str = ""
    antenna_id: int | None = None
    role: VolunteerRole = VolunteerRole.VOLUNTEER
    email: str = ""
    phone: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    vehicle_kind: VehicleKind | None = None
    fiscal_horsepower: int | None = None
    electric: bool = False
    active: bool = True
    # Full numbers here (services only); screens show them masked (domain.bank.mask_iban).
    iban: str = ""
    bic: str = ""
    id: int | None = None
    version: int | None = None  # as loaded: a save over a newer one is refused


@dataclass(frozen=True)
class VolunteerRow:
    id: int
    first_name: str
    last_name: str
    antenna_code: str
    role: VolunteerRole
    email: str
    phone: str
    city: str
    vehicle_kind: VehicleKind | None
    fiscal_horsepower: int | None
    electric: bool
    active: bool

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def name_key(first_name: str, last_name: str) -> str:
    return fold(f"{first_name} {last_name}")


def list_volunteers(
    db: Database,
    antenna_id: int | None = None,
    *,
    text: str = "",
    include_inactive: bool = True,
    deleted: bool = False,
) -> list[VolunteerRow]:
    query = (
        select(
            Volunteer.id,
            Volunteer.first_name,
            Volunteer.last_name,
            Antenna.code,
            Volunteer.role,
            Volunteer.email,
            Volunteer.phone,
            Volunteer.city,
            Volunteer.vehicle_kind,
            Volunteer.fiscal_horsepower,
            Volunteer.electric,
            Volunteer.active,
        )
        .join(Antenna)
        .where(Volunteer.deleted_at.is_not(None) if deleted else Volunteer.deleted_at.is_(None))
    )
    if antenna_id is not None:
        query = query.where(Volunteer.antenna_id == antenna_id)
    if not include_inactive:
        query = query.where(Volunteer.active.is_(True))
    if text.strip():
        query = query.where(Volunteer.name_key.contains(fold(text)))
    with db.session() as session:
        # Typed as Any: mypy cannot star-unpack a row of more than ten typed columns.
        rows = [VolunteerRow(*cast("tuple[Any, ...]", row)) for row in session.execute(query)]
    # Sorted here, not by SQLite, whose ordering ignores French accents.
    return sorted(rows, key=lambda r: (fold(r.last_name), fold(r.first_name)))


def validate_volunteer(draft: VolunteerDraft) -> list[str]:
    problems = []
    if not draft.first_name.strip():
        problems.append("Indiquez le prénom.")
    if not draft.last_name.strip():
        problems.append("Indiquez le nom.")
    if draft.antenna_id is None:
        problems.append("Choisissez l'antenne.")
    texts = {name: getattr(draft, name) for name in VOLUNTEER_TEXTS}
    problems += length_problems(VOLUNTEER_TEXTS, texts).values()
    if draft.email.strip() and not EMAIL.match(draft.email.strip()):
        problems.append("L'adresse e-mail n'est pas valide.")
    if draft.fiscal_horsepower is not None and not 1 <= draft.fiscal_horsepower <= 50:
        problems.append("La puissance fiscale doit être comprise entre 1 et 50 CV.")
    if draft.vehicle_kind is VehicleKind.NONE and draft.fiscal_horsepower:
        problems.append("Sans véhicule, la puissance fiscale doit rester vide.")
    problems += check_account(draft.iban, draft.bic)[1]
    return problems


def load_volunteer(db: Database, volunteer_id: int) -> VolunteerDraft:
    with db.session() as session:
        volunteer = session.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise BadInputError("Ce bénévole n'existe plus.")
        return VolunteerDraft(
            **{f.name: getattr(volunteer, f.name) for f in fields(VolunteerDraft)}
        )


def save_volunteer(db: Database, draft: VolunteerDraft) -> int:
    if problems := validate_volunteer(draft):
        raise BadInputError("Le bénévole ne peut pas être enregistré.", problems)
    values = {
        f.name: getattr(draft, f.name)
        for f in fields(VolunteerDraft)
        if f.name not in ("id", "version")
    }
    for name, value in values.items():
        if type(value) is str:  # not the enums, which are str too
            values[name] = value.strip()
    values["name_key"] = name_key(values["first_name"], values["last_name"])
    account = check_account(draft.iban, draft.bic)[0]
    values["iban"], values["bic"] = (account.iban, account.bic) if account else ("", "")
    with db.session() as session:
        if draft.id is None:
            volunteer = Volunteer(**values)
            session.add(volunteer)
        else:
            found = session.get(Volunteer, draft.id)
            if found is None:
                raise BadInputError("Ce bénévole n'existe plus.")
            check_version(found, draft.version)
            volunteer = found
            vehicle_before = (
                volunteer.vehicle_kind,
                volunteer.fiscal_horsepower,
                volunteer.electric,
            )
            for name, value in values.items():
                setattr(volunteer, name, value)
        session.flush()
        if draft.id is not None and vehicle_before != (
            draft.vehicle_kind,
            draft.fiscal_horsepower,
            draft.electric,
        ):
            # Open claims are valued on the vehicle: value them again at once.
            valuation.revalue_volunteer(session, volunteer.id)
        return volunteer.id


def delete_volunteers(db: Database, ids: Sequence[int]) -> None:
    """Move to the bin; their past activities keep their names."""
    with db.session() as session:
        mark_deleted(session, Volunteer, ids, deleted=True)


def restore_volunteers(db: Database, ids: Sequence[int]) -> None:
    with db.session() as session:
        mark_deleted(session, Volunteer, ids, deleted=False)
