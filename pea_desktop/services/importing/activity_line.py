"""One checked line of the activity spreadsheet: what the parser makes and the writer writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.enums import AudienceKind, ExpenseKind, InterventionFormat, Requester
from pea_desktop.services.importing.names import PersonName


@dataclass(slots=True)
class ActivityLine:
    """One checked line of the file, ready to be written."""

    line: int
    kind: ActivityKind
    day: date
    antenna_code: str
    people: tuple[PersonName, ...]
    duration_minutes: int | None = None
    place: str = ""
    notes: str = ""
    participants: int | None = None
    first_timers: int | None = None
    relatives: int | None = None
    requester: Requester | None = None
    reference: str = ""
    intervention_format: InterventionFormat | None = None
    audience_kind: AudienceKind | None = None
    audience_size: int | None = None
    expenses: tuple[tuple[ExpenseKind, Decimal], ...] = ()
