"""The attestation of volunteer activity a volunteer receives for a year (plain data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.enums import VolunteerRole

# Roles in an epicene wording: the attestation speaks of the function, not of the person.
ROLE_FUNCTIONS = {
    VolunteerRole.VOLUNTEER: "bénévolat",
    VolunteerRole.PEER_HELPER: "pair-aidance",
    VolunteerRole.PATIENT_EXPERT: "expertise patient certifiée",
    VolunteerRole.COORDINATOR: "coordination d'antenne",
    VolunteerRole.TREASURER: "trésorerie",
}


@dataclass(frozen=True)
class KindLine:
    label: str  # "Groupes de parole"
    activities: int
    minutes: int


@dataclass(frozen=True)
class VolunteerAttestation:
    issuer: AssociationInfo
    year: int
    volunteer_name: str
    function: str  # epicene: "pair-aidance", "coordination d'antenne"
    antenna: str  # "Lyon (LYON)"
    lines: tuple[KindLine, ...]
    first_day: date | None
    last_day: date | None
    issued_on: date
    signature: bytes | None = None

    @property
    def activities(self) -> int:
        return sum(line.activities for line in self.lines)

    @property
    def minutes(self) -> int:
        return sum(line.minutes for line in self.lines)
