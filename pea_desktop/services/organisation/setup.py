"""First run: the association, its first antenna and first volunteer, saved together."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.limits import ANTENNA_TEXTS, ASSOCIATION_TEXTS, length_problems
from pea_desktop.services.association import write_association
from pea_desktop.services.organisation.antennas import DEPARTMENT
from pea_desktop.services.organisation.volunteers import (
    VolunteerDraft,
    name_key,
    validate_volunteer,
)
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, Volunteer


@dataclass
class FirstAntenna:
    code: str
    name: str
    department: str = ""


# One check per page of the assistant, so that each page is checked before moving on.


def association_problems(association: AssociationInfo) -> list[str]:
    problems = [] if association.name.strip() else ["Association : indiquez son nom."]
    return problems + list(length_problems(ASSOCIATION_TEXTS, {"name": association.name}).values())


def antenna_problems(antenna: FirstAntenna) -> list[str]:
    problems = []
    if not antenna.code.strip():
        problems.append("Antenne : indiquez son code (ex. LYON).")
    antenna_texts = {"code": antenna.code, "name": antenna.name}
    problems += length_problems(ANTENNA_TEXTS, antenna_texts).values()
    department = antenna.department.strip().upper()
    if department and not DEPARTMENT.match(department):
        problems.append(f"Antenne : « {department} » n'est pas un numéro de département.")
    return problems


def volunteer_problems(volunteer: VolunteerDraft) -> list[str]:
    checked = replace(volunteer, antenna_id=0)  # the antenna is the one being created
    return [f"Bénévole : {p}" for p in validate_volunteer(checked)]


def validate_setup(
    association: AssociationInfo, antenna: FirstAntenna, volunteer: VolunteerDraft
) -> list[str]:
    return (
        association_problems(association)
        + antenna_problems(antenna)
        + volunteer_problems(volunteer)
    )


def set_up(
    db: Database, association: AssociationInfo, antenna: FirstAntenna, volunteer: VolunteerDraft
) -> int:
    """Save everything in one transaction; return the new antenna's id."""
    if problems := validate_setup(association, antenna, volunteer):
        raise BadInputError("La configuration n'est pas complète.", problems)
    with db.session() as session:
        write_association(session, association)
        new_antenna = Antenna(
            code=antenna.code.strip().upper(),
            name=antenna.name.strip(),
            department=antenna.department.strip().upper(),
        )
        session.add(new_antenna)
        session.flush()
        values = {f.name: getattr(volunteer, f.name) for f in fields(volunteer) if f.name != "id"}
        values.update(
            antenna_id=new_antenna.id,
            first_name=volunteer.first_name.strip(),
            last_name=volunteer.last_name.strip(),
            name_key=name_key(volunteer.first_name.strip(), volunteer.last_name.strip()),
        )
        session.add(Volunteer(**values))
        return new_antenna.id
