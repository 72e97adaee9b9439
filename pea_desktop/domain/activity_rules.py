"""What an activity is, as a form fills it in, and the rules it must follow to be saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from pea_desktop.domain.activity_fields import FIELDS, ValueKind
from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.enums import (
    AudienceKind,
    InterventionFormat,
    Requester,
    VisitPlace,
)
from pea_desktop.domain.limits import ACTIVITY_TEXTS, length_problems
from pea_desktop.domain.problems import AddProblem, Problem
from pea_desktop.domain.references import REFERENCE_PATTERN

MAX_DURATION_MINUTES = 24 * 60


@dataclass
class ActivityDraft:
    """An activity being created or edited: plain values, no database object."""

    kind: ActivityKind
    antenna_id: int | None = None
    date: date | None = None
    start_time: time | None = None
    duration_minutes: int | None = None
    place: str = ""
    partner_id: int | None = None
    volunteer_ids: list[int] = field(default_factory=list)
    notes: str = ""
    theme: str = ""
    participants: int | None = None
    first_timers: int | None = None
    relatives: int | None = None
    requester: Requester | None = None
    visit_place: VisitPlace | None = None
    reference: str = ""
    intervention_format: InterventionFormat | None = None
    audience_kind: AudienceKind | None = None
    audience_size: int | None = None
    id: int | None = None
    # The version of the row this draft was loaded from: saving it when the row moved on since
    # (another user saved) is refused (optimistic locking). None for a new activity.
    version: int | None = None


def validate_activity(draft: ActivityDraft, today: date) -> list[Problem]:
    problems: list[Problem] = []
    add = problems.append
    if draft.antenna_id is None:
        add(Problem("antenna", "Choisissez l'antenne."))
    if draft.date is None:
        add(Problem("date", "Indiquez la date."))
    elif draft.date > today:
        add(Problem("date", "La date est dans le futur : une activité se saisit une fois faite."))
    if not draft.volunteer_ids:
        add(Problem("volunteers", "Choisissez au moins un bénévole."))
    if (
        draft.duration_minutes is not None
        and not 0 < draft.duration_minutes <= MAX_DURATION_MINUTES
    ):
        add(Problem("duration", "La durée doit être comprise entre 1 minute et 24 heures."))
    for spec in FIELDS.values():
        value = getattr(draft, spec.name)
        if spec.value is ValueKind.COUNT and value is not None and value < 0:
            add(Problem(spec.name, f"{spec.noun} ne peut pas être négatif."))
    texts = {name: getattr(draft, name) for name in ACTIVITY_TEXTS}
    for name, message in length_problems(ACTIVITY_TEXTS, texts).items():
        add(Problem(name, message))
    kind = draft.kind
    values = {name: getattr(draft, name) for name in kind.field_names}
    for use in kind.fields:
        if use.required and values[use.name] in (None, ""):
            add(Problem(use.name, use.required))
    for rule in kind.rules:
        rule(values, add)
    return problems


__all__ = [
    "MAX_DURATION_MINUTES",
    "REFERENCE_PATTERN",
    "ActivityDraft",
    "ActivityKind",
    "AddProblem",
    "Problem",
    "validate_activity",
]
