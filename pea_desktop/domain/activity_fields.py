"""The optional fields an activity may have, each described once.

Every activity has a date, an antenna, volunteers, a duration, a place and notes. The fields
below belong to some kinds only: each kind (``activity_kinds``) lists those it uses. A field
says how forms show it, how the CSV import reads it, and how summaries count it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pea_desktop.domain.enums import (
    AudienceKind,
    InterventionFormat,
    LabelledEnum,
    Requester,
    VisitPlace,
)


class ValueKind(StrEnum):
    TEXT = "text"
    COUNT = "count"  # a number of people, never negative
    CHOICE = "choice"  # a member of ``choices``
    PARTNER = "partner"  # the id of a partner structure


@dataclass(frozen=True)
class ActivityField:
    name: str  # attribute of ActivityDraft and column of the activity table
    label: str  # form label, with its & shortcut
    value: ValueKind
    choices: type[LabelledEnum] | None = None
    empty_label: str | None = None  # choice lists: the "nothing chosen" entry (None: no such)
    placeholder: str = ""
    csv_column: str = ""  # column of the activity spreadsheet ("" when not imported)
    noun: str = ""  # counts: "Le nombre de participants", for the negative-value message
    measure: str = ""  # counts summed by summaries under this name ("" when not summed)
    category: str = ""  # choices tallied by summaries in this table ("" when not tallied)
    # A new activity of the same kind and antenna starts with the last one's value: what
    # usually stays the same from one time to the next (never a count, a theme or a reference).
    remembered: bool = False

    @property
    def blank(self) -> object:
        """The value of the field on an activity that does not have it."""
        return "" if self.value is ValueKind.TEXT else None


FIELDS: dict[str, ActivityField] = {
    f.name: f
    for f in (
        ActivityField("theme", "&Thème", ValueKind.TEXT),
        ActivityField(
            "participants",
            "&Participants",
            ValueKind.COUNT,
            csv_column="participants",
            noun="Le nombre de participants",
            measure="participants",
        ),
        ActivityField(
            "first_timers",
            "dont &nouveaux",
            ValueKind.COUNT,
            csv_column="nouveaux",
            noun="Le nombre de nouveaux",
            measure="first_timers",
        ),
        ActivityField(
            "relatives",
            "dont pro&ches",
            ValueKind.COUNT,
            csv_column="proches",
            noun="Le nombre de proches",
            measure="relatives",
        ),
        ActivityField(
            "requester",
            "Demandée &par",
            ValueKind.CHOICE,
            Requester,
            empty_label="— choisir —",
            csv_column="demandeur",
            category="visits_by_requester",
        ),
        ActivityField(
            "visit_place",
            "Lieu de &visite",
            ValueKind.CHOICE,
            VisitPlace,
            empty_label="—",
            remembered=True,
            category="visits_by_place",
        ),
        ActivityField(
            "reference",
            "&Référence",
            ValueKind.TEXT,
            placeholder="ex. V-2026-014 (jamais le nom de la personne)",
            csv_column="reference",
        ),
        ActivityField(
            "intervention_format",
            "&Type",
            ValueKind.CHOICE,
            InterventionFormat,
            category="interventions_by_format",
            remembered=True,
        ),
        ActivityField("partner_id", "&Structure partenaire", ValueKind.PARTNER, remembered=True),
        ActivityField(
            "audience_kind",
            "Publi&c",
            ValueKind.CHOICE,
            AudienceKind,
            empty_label="—",
            csv_column="public",
            category="audience_by_kind",
            remembered=True,
        ),
        ActivityField(
            "audience_size",
            "&Nombre de personnes",
            ValueKind.COUNT,
            noun="La taille du public",
            measure="audience",
        ),
    )
}
# What summaries add up per kind, in this order (see summary.KindFigures).
MEASURES = ("participants", "first_timers", "relatives", "audience")
# The CSV columns read into fields, in the order of the spreadsheet.
CSV_FIELD_COLUMNS = ("participants", "nouveaux", "proches", "public", "demandeur", "reference")
