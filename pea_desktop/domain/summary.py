"""Plain figures of an activity summary, as services hand them to screens, PDFs and exports.

Nothing here touches the database (so that reports can import it without SQLAlchemy). The
people helped never appear: only counts. Money is ``Decimal`` to the cent, km to the tenth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pea_desktop.domain.enums import ActivityKind
from pea_desktop.domain.formatting import NBSP, format_figure, format_number
from pea_desktop.domain.period import Period

# Expense lines not linked to any activity are reported under this pseudo-kind.
OUTSIDE_ACTIVITY = "hors_activite"
KIND_CODES = (*(k.value for k in ActivityKind), OUTSIDE_ACTIVITY)
KIND_LABELS = {**{k.value: k.label for k in ActivityKind}, OUTSIDE_ACTIVITY: "Frais hors activité"}
# Short labels for chart legends and narrow table columns.
KIND_SHORT = {"groupe": "Groupes", "visite": "Visites", "temoignage": "Interventions"}

ZERO_MONEY = Decimal("0.00")
ZERO_KM = Decimal("0.0")


def minutes_to_hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthKindFigures:
    """What one kind of activity amounted to in one month."""

    year: int
    month: int
    kind: str  # an ActivityKind value, or OUTSIDE_ACTIVITY for expenses without activity
    activities: int = 0
    participants: int = 0
    first_timers: int = 0
    relatives: int = 0
    audience: int = 0
    volunteer_minutes: int = 0  # duration x volunteers present
    volunteers: int = 0  # distinct volunteers involved (not additive across months)
    km: Decimal = ZERO_KM
    reimbursed: Decimal = ZERO_MONEY
    waived: Decimal = ZERO_MONEY

    @property
    def volunteer_hours(self) -> Decimal:
        return minutes_to_hours(self.volunteer_minutes)


@dataclass(frozen=True)
class CountRow:
    """A category (requester, format, audience kind...) and how many; audience if relevant."""

    code: str
    label: str
    count: int
    audience: int = 0


@dataclass(frozen=True)
class PartnerRow:
    """A partner structure (an institution, never a person) and the activities held there."""

    name: str
    kind_label: str
    town: str
    activities: int
    audience: int


@dataclass(frozen=True)
class YearValuation:
    """Volunteer time of one year valued for the accounts (864 / 875)."""

    year: int
    minutes: int
    rate: Decimal
    value: Decimal

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.minutes)


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: Decimal | int
    unit: str = ""  # "", "h", "€" or "km"

    @property
    def text(self) -> str:
        return format_figure(self.value, self.unit)


@dataclass(frozen=True)
class Comparison:
    key: str
    label: str
    unit: str
    current: Decimal | int
    previous: Decimal | int

    @property
    def change_percent(self) -> Decimal | None:
        """Relative change, to the unit; None when there was nothing the year before."""
        if not self.previous:
            return None
        change = (Decimal(self.current) - Decimal(self.previous)) * 100 / Decimal(self.previous)
        return change.quantize(Decimal(1), rounding=ROUND_HALF_UP)

    @property
    def change_text(self) -> str:
        change = self.change_percent
        if change is None:
            return "nouveau" if self.current else "–"
        sign = "+" if change > 0 else ("−" if change < 0 else "")
        return f"{sign}{format_number(abs(change), 0)}{NBSP}%"


@dataclass
class ActivitySummary:
    association: str
    scope: str  # "Lyon (LYON)" or "Toutes les antennes"
    antenna_code: str | None
    period: Period
    groups: int = 0
    participants: int = 0
    first_timers: int = 0
    relatives: int = 0
    visits: int = 0
    visits_by_requester: list[CountRow] = field(default_factory=list)
    visits_by_place: list[CountRow] = field(default_factory=list)
    interventions: int = 0
    interventions_by_format: list[CountRow] = field(default_factory=list)
    audience_by_kind: list[CountRow] = field(default_factory=list)
    audience_reached: int = 0
    active_volunteers: int = 0
    volunteer_minutes: int = 0
    valuation: list[YearValuation] = field(default_factory=list)
    km: Decimal = ZERO_KM
    reimbursed: Decimal = ZERO_MONEY
    waived: Decimal = ZERO_MONEY
    months: list[MonthKindFigures] = field(default_factory=list)
    partners: list[PartnerRow] = field(default_factory=list)
    partners_by_kind: list[CountRow] = field(default_factory=list)

    @property
    def volunteer_hours(self) -> Decimal:
        return minutes_to_hours(self.volunteer_minutes)

    @property
    def volunteer_value(self) -> Decimal:
        return sum((v.value for v in self.valuation), ZERO_MONEY)

    @property
    def activities(self) -> int:
        return self.groups + self.visits + self.interventions

    def key_figures(self) -> list[KeyFigure]:
        return [
            KeyFigure("groups", "Groupes de parole", self.groups),
            KeyFigure("participants", "Participations aux groupes", self.participants),
            KeyFigure("first_timers", "dont premières venues", self.first_timers),
            KeyFigure("relatives", "dont proches", self.relatives),
            KeyFigure("visits", "Visites", self.visits),
            KeyFigure("interventions", "Interventions", self.interventions),
            KeyFigure("audience", "Public touché", self.audience_reached),
            KeyFigure("volunteers", "Bénévoles actifs", self.active_volunteers),
            KeyFigure("hours", "Heures de bénévolat", self.volunteer_hours, "h"),
            KeyFigure("value", "Valorisation du bénévolat", self.volunteer_value, "€"),
            KeyFigure("km", "Kilomètres parcourus", self.km, "km"),
            KeyFigure("reimbursed", "Frais remboursés", self.reimbursed, "€"),
            KeyFigure("waived", "Frais abandonnés (dons)", self.waived, "€"),
        ]

    def activity_per_month(self) -> list[tuple[int, int, dict[str, int]]]:
        """(year, month, {kind: activities}) for every month of the period, empty ones too."""
        counts: dict[tuple[int, int], dict[str, int]] = {
            ym: dict.fromkeys((k.value for k in ActivityKind), 0) for ym in self.period.months()
        }
        for row in self.months:
            if row.kind in KIND_SHORT and (row.year, row.month) in counts:
                counts[(row.year, row.month)][row.kind] += row.activities
        return [(y, m, kinds) for (y, m), kinds in counts.items()]


def compare(current: ActivitySummary, previous: ActivitySummary) -> list[Comparison]:
    """Each key figure now and over the same period a year before."""
    before = {f.key: f for f in previous.key_figures()}
    return [
        Comparison(f.key, f.label, f.unit, f.value, before[f.key].value)
        for f in current.key_figures()
    ]
