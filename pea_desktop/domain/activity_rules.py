"""What an activity is, as a form fills it in, and the rules it must follow to be saved."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time

from pea_desktop.domain.enums import (
    ActivityKind,
    AudienceKind,
    InterventionFormat,
    Requester,
    VisitPlace,
)

MAX_DURATION_MINUTES = 24 * 60
# A pseudonymous reference is a code such as V-2026-014: never a person's name.
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{0,31}$")


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


@dataclass(frozen=True)
class Problem:
    """Why a draft cannot be saved: the field concerned and a French sentence."""

    field: str
    message: str


AddProblem = Callable[[Problem], None]


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
    for name, label in (
        ("participants", "Le nombre de participants"),
        ("first_timers", "Le nombre de nouveaux"),
        ("relatives", "Le nombre de proches"),
        ("audience_size", "La taille du public"),
    ):
        value = getattr(draft, name)
        if value is not None and value < 0:
            add(Problem(name, f"{label} ne peut pas être négatif."))
    if draft.kind is ActivityKind.GROUP:
        _check_group(draft, add)
    elif draft.kind is ActivityKind.VISIT:
        _check_visit(draft, add)
    else:
        _check_intervention(draft, add)
    return problems


def _check_group(draft: ActivityDraft, add: AddProblem) -> None:
    participants = draft.participants
    if participants is None:
        add(Problem("participants", "Indiquez le nombre de participants."))
        return
    if draft.first_timers is not None and draft.first_timers > participants:
        add(Problem("first_timers", "Il ne peut pas y avoir plus de nouveaux que de participants."))
    if draft.relatives is not None and draft.relatives > participants:
        add(Problem("relatives", "Il ne peut pas y avoir plus de proches que de participants."))


def _check_visit(draft: ActivityDraft, add: AddProblem) -> None:
    if draft.requester is None:
        add(Problem("requester", "Indiquez qui a demandé la visite."))
    reference = draft.reference.strip()
    if reference and not (
        REFERENCE_PATTERN.match(reference) and any(c.isdigit() for c in reference)
    ):
        add(
            Problem(
                "reference",
                "La référence doit être un code pseudonyme (ex. V-2026-014), jamais un nom.",
            )
        )


def _check_intervention(draft: ActivityDraft, add: AddProblem) -> None:
    if draft.intervention_format is None:
        add(Problem("intervention_format", "Indiquez le type d'intervention."))
