"""The kinds of activity, each described once: labels, fields, rules, colour, list columns.

Forms, lists, the CSV import, summaries, charts, the federation export, the dashboard and the
demo all take their per-kind behaviour from :data:`KINDS`. Adding a kind that only uses fields
of ``activity_fields.FIELDS`` means adding one :class:`ActivityKind` to ``BUILT_IN`` (see
docs/activity-kinds.md). Kinds are stored by their ``code`` (plain text column): an unknown
code raises :class:`UnknownActivityKind`, it is never taken for another kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from pea_desktop.domain.activity_fields import FIELDS, ActivityField
from pea_desktop.domain.enums import InterventionFormat
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.problems import AddProblem, Problem
from pea_desktop.domain.references import is_pseudonymous_reference


class CellReport(Protocol):
    """Where a CSV rule reports a problem (the importer's cells of one line)."""

    @property
    def cells(self) -> Mapping[str, str]: ...

    def fail(self, column: str, message: str) -> None: ...

    def bad(self, column: str, value: str, reason: str) -> None: ...


# Both rules read the activity's optional fields as {field name: value}: a form rule reports
# Problems (field, message), a CSV rule reports on the cells of its spreadsheet line.
Rule = Callable[[Mapping[str, Any], AddProblem], None]
CsvRule = Callable[[Mapping[str, Any], CellReport], None]


@dataclass(frozen=True)
class FieldUse:
    """One optional field as a kind uses it."""

    name: str  # a key of activity_fields.FIELDS
    required: str = ""  # French message when the form leaves it empty ("" if optional)
    default: Any = None  # value a new activity starts with (form) or gets (import)
    csv_column: str | None = None  # read from this column instead of the field's own

    @property
    def field(self) -> ActivityField:
        return FIELDS[self.name]

    @property
    def source_column(self) -> str:
        return self.field.csv_column if self.csv_column is None else self.csv_column


@dataclass(frozen=True)
class ListColumn:
    """A column of the kind's activity list (between the date/time/duration and the antenna)."""

    key: str  # an attribute of services.activities.records.ActivityRow
    title: str
    width: int = 150  # pixels, at start
    stretch: bool = False
    numeric: bool = False


@dataclass(frozen=True)
class KindFigure:
    """A figure summed for a kind (see activity_fields.MEASURES), shown after its count."""

    measure: str  # "participants", "first_timers", "relatives" or "audience"
    label: str  # key figures (PDF, previews): "Participations aux groupes"
    tile: int = 0  # dashboard: 0 no tile, 1 beside the kind's count, 2 after the general ones
    tile_label: str = ""  # dashboard label when not ``label``
    column: str = ""  # header in tables of antennas and areas (main figures, tile 1)


@dataclass(frozen=True, eq=False)
class ActivityKind:
    """Everything that differs from one kind of activity to another."""

    code: str  # stored in the database, CSV ``type`` column, federation files
    label: str  # one activity, in documents: "Groupe de parole"
    plural: str  # figures and headlines: "Groupes de parole"
    short: str  # chart legends and narrow columns: "Groupes"
    title: str  # the tab of its list: "Groupes de parole"
    noun: str  # dialog titles, lower case: "groupe de parole"
    feminine: bool  # "Nouvelle visite", "Nouveau groupe de parole"
    count_nouns: tuple[str, str]  # status line: "1 groupe", "3 groupes"
    default_duration: int  # minutes, for a new activity
    colour: str  # "#rrggbb", shared by screens and PDF charts
    fields: tuple[FieldUse, ...]  # in form order
    columns: tuple[ListColumn, ...]
    rules: tuple[Rule, ...] = ()
    csv_rules: tuple[CsvRule, ...] = ()
    csv_aliases: tuple[str, ...] = ()  # other words accepted in the CSV ``type`` column
    figures: tuple[KindFigure, ...] = ()  # key figures after its count
    demo_weight: int = 10  # share of the demo's activities

    # The built-in kinds, for code that genuinely needs one (tests, demo vocabulary).
    GROUP: ClassVar[ActivityKind]
    VISIT: ClassVar[ActivityKind]
    INTERVENTION: ClassVar[ActivityKind]
    BUILT_IN: ClassVar[tuple[ActivityKind, ...]]

    def figure_key(self, measure: str | None = None) -> str:
        """Key of its count (its code) or of one of its figures ("groupe.participants")."""
        return self.code if measure is None else f"{self.code}.{measure}"

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"ActivityKind({self.code!r})"

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(use.name for use in self.fields)

    def has(self, field_name: str) -> bool:
        return field_name in self.field_names

    @property
    def measures(self) -> tuple[str, ...]:
        """The figures summaries add up for this kind (participants, audience...)."""
        return tuple(use.field.measure for use in self.fields if use.field.measure)

    @property
    def categories(self) -> tuple[ActivityField, ...]:
        """Its choice fields that summaries tally (requester, format...)."""
        return tuple(use.field for use in self.fields if use.field.category)

    def without_foreign_fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with every optional field the kind does not have blanked (ignored)."""
        return {
            name: (FIELDS[name].blank if name in FIELDS and not self.has(name) else value)
            for name, value in values.items()
        }


class UnknownActivityKind(BadInputError):
    """A kind code that no registered kind has: never guessed, always refused."""

    def __init__(self, code: object) -> None:
        known = ", ".join(KINDS.codes())
        super().__init__(
            f"Type d'activité « {code} » inconnu.", [f"types connus : {known or 'aucun'}"]
        )
        self.code = code


class KindRegistry:
    """The registered kinds, in display order; tests may add one for a while."""

    def __init__(self, kinds: tuple[ActivityKind, ...] = ()) -> None:
        self._kinds: dict[str, ActivityKind] = {}
        for kind in kinds:
            self.register(kind)

    def get(self, code: str | ActivityKind) -> ActivityKind:
        if isinstance(code, ActivityKind):
            code = code.code
        try:
            return self._kinds[code]
        except (KeyError, TypeError):
            raise UnknownActivityKind(code) from None

    def __iter__(self) -> Iterator[ActivityKind]:
        return iter(list(self._kinds.values()))

    def __len__(self) -> int:
        return len(self._kinds)

    def __contains__(self, code: object) -> bool:
        if isinstance(code, ActivityKind):
            return self._kinds.get(code.code) is code
        return isinstance(code, str) and code in self._kinds

    def codes(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def register(self, kind: ActivityKind) -> None:
        if kind.code in self._kinds:
            raise ValueError(f"activity kind {kind.code!r} is already registered")
        unknown = [name for name in kind.field_names if name not in FIELDS]
        if unknown:
            raise ValueError(f"activity kind {kind.code!r} uses unknown fields {unknown}")
        self._kinds[kind.code] = kind

    def unregister(self, code: str) -> None:
        self.get(code)
        del self._kinds[code]

    @contextmanager
    def registered(self, kind: ActivityKind) -> Iterator[ActivityKind]:
        """Register ``kind`` for the duration of a ``with`` block (tests)."""
        self.register(kind)
        try:
            yield kind
        finally:
            self.unregister(kind.code)


# --- rules of the built-in kinds ----------------------------------------------------------


def _group_counts(values: Mapping[str, Any], add: AddProblem) -> None:
    participants = values.get("participants")
    if participants is None:
        return  # already reported as missing
    first_timers, relatives = values.get("first_timers"), values.get("relatives")
    if first_timers is not None and first_timers > participants:
        add(Problem("first_timers", "Il ne peut pas y avoir plus de nouveaux que de participants."))
    if relatives is not None and relatives > participants:
        add(Problem("relatives", "Il ne peut pas y avoir plus de proches que de participants."))


def _pseudonymous_reference(values: Mapping[str, Any], add: AddProblem) -> None:
    reference = (values.get("reference") or "").strip()
    if reference and not is_pseudonymous_reference(reference):
        add(
            Problem(
                "reference",
                "La référence doit être un code pseudonyme (ex. V-2026-014), jamais un nom.",
            )
        )


def _csv_group_counts(values: Mapping[str, Any], cells: CellReport) -> None:
    participants = values.get("participants")
    if participants is None:
        return
    for column, name in (("nouveaux", "first_timers"), ("proches", "relatives")):
        count = values.get(name)
        if count is not None and count > participants:
            cells.fail(column, f"{count} {column} pour {participants} participants")


def _csv_visit(values: Mapping[str, Any], cells: CellReport) -> None:
    if values.get("requester") is None and not cells.cells.get("demandeur"):
        cells.fail("demandeur", "une visite doit indiquer qui l'a demandée")
    reference = values.get("reference") or ""
    if reference and not is_pseudonymous_reference(reference):
        cells.bad(
            "reference",
            reference,
            "n'est pas une référence pseudonyme (ex. V-2026-014) : jamais de nom",
        )


GROUP = ActivityKind(
    code="groupe",
    label="Groupe de parole",
    plural="Groupes de parole",
    short="Groupes",
    title="Groupes de parole",
    noun="groupe de parole",
    feminine=False,
    count_nouns=("groupe", "groupes"),
    default_duration=120,
    colour="#1d4e89",
    fields=(
        FieldUse("theme"),
        FieldUse("participants", required="Indiquez le nombre de participants."),
        FieldUse("first_timers"),
        FieldUse("relatives"),
    ),
    columns=(
        ListColumn("place", "Lieu", width=220),
        ListColumn("theme", "Thème", stretch=True),
        ListColumn("participants", "Participants", numeric=True, width=90),
        ListColumn("first_timers", "Nouveaux", numeric=True, width=90),
        ListColumn("relatives", "Proches", numeric=True, width=90),
        ListColumn("volunteers", "Animé par", width=200),
    ),
    rules=(_group_counts,),
    csv_rules=(_csv_group_counts,),
    csv_aliases=("groupe de parole",),
    figures=(
        KindFigure("participants", "Participations aux groupes", tile=1, column="Participations"),
        KindFigure("first_timers", "dont premières venues", 2, "Premières venues aux groupes"),
        KindFigure("relatives", "dont proches"),
    ),
    demo_weight=45,
)
VISIT = ActivityKind(
    code="visite",
    label="Visite",
    plural="Visites",
    short="Visites",
    title="Visites",
    noun="visite",
    feminine=True,
    count_nouns=("visite", "visites"),
    default_duration=60,
    colour="#f4a259",
    fields=(
        FieldUse("requester", required="Indiquez qui a demandé la visite."),
        FieldUse("visit_place"),
        FieldUse("reference"),
    ),
    columns=(
        ListColumn("visit_place", "Lieu de visite", width=140),
        ListColumn("place", "Lieu", stretch=True),
        ListColumn("requester", "Demandeur", width=190),
        ListColumn("reference", "Référence", width=110),
        ListColumn("volunteers", "Bénévoles", width=200),
    ),
    rules=(_pseudonymous_reference,),
    csv_rules=(_csv_visit,),
    demo_weight=35,
)
INTERVENTION = ActivityKind(
    code="temoignage",
    label="Témoignage / intervention",
    plural="Interventions",
    short="Interventions",
    title="Témoignages et interventions",
    noun="intervention",
    feminine=True,
    count_nouns=("intervention", "interventions"),
    default_duration=90,
    colour="#5b8e7d",
    fields=(
        FieldUse(
            "intervention_format",
            required="Indiquez le type d'intervention.",
            default=InterventionFormat.TESTIMONY,
        ),
        FieldUse("partner_id"),
        FieldUse("audience_kind"),
        # The spreadsheet has one count column: for an intervention it is the audience.
        FieldUse("audience_size", csv_column="participants"),
    ),
    columns=(
        ListColumn("intervention_format", "Type", width=190),
        ListColumn("place", "Lieu / structure", stretch=True),
        ListColumn("audience_kind", "Public", width=120),
        ListColumn("audience_size", "Personnes", numeric=True, width=90),
        ListColumn("volunteers", "Intervenants", width=200),
    ),
    csv_aliases=("intervention",),
    figures=(KindFigure("audience", "Public touché", tile=1, column="Public"),),
    demo_weight=20,
)
BUILT_IN = (GROUP, VISIT, INTERVENTION)
ActivityKind.GROUP, ActivityKind.VISIT, ActivityKind.INTERVENTION = BUILT_IN
ActivityKind.BUILT_IN = BUILT_IN

KINDS = KindRegistry(BUILT_IN)
