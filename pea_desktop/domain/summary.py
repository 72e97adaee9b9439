"""Plain figures of an activity summary, as services hand them to screens, PDFs and exports.

Nothing here touches the database (so that reports can import it without SQLAlchemy). The
people helped never appear: only counts. Money is ``Decimal`` to the cent, km to the tenth.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from pea_desktop.domain.activity_fields import MEASURES
from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.formatting import NBSP, format_date, format_figure, format_number
from pea_desktop.domain.period import Period

# Expense lines not linked to any activity are reported under this pseudo-kind.
OUTSIDE_ACTIVITY = "hors_activite"
OUTSIDE_ACTIVITY_LABEL = "Frais hors activité"


def kind_codes() -> tuple[str, ...]:
    """The codes a month row may have: every registered kind, then expenses without activity."""
    return (*KINDS.codes(), OUTSIDE_ACTIVITY)


def kind_label(code: str) -> str:
    return OUTSIDE_ACTIVITY_LABEL if code == OUTSIDE_ACTIVITY else KINDS.get(code).label


def kind_series() -> list[tuple[str, str, str]]:
    """(code, short label, colour) of every kind: the series of the charts, screens and PDFs."""
    return [(kind.code, kind.short, kind.colour) for kind in KINDS]


def kind_order(code: str) -> int:
    """Position of a month row's kind: registry order, expenses without activity last."""
    codes = kind_codes()
    return codes.index(code) if code in codes else len(codes)


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
    reimbursed: Decimal = ZERO_MONEY  # on approved or paid claims
    waived: Decimal = ZERO_MONEY  # given up by the volunteers (tax receipts)
    pending: Decimal = ZERO_MONEY  # not yet claimed or on open claims, estimate included
    estimated: Decimal = ZERO_MONEY  # the part of ``pending`` valued at the scale (estimate)

    @property
    def volunteer_hours(self) -> Decimal:
        return minutes_to_hours(self.volunteer_minutes)

    @property
    def cost(self) -> Decimal:
        return self.reimbursed + self.waived + self.pending


@dataclass(frozen=True)
class KindFigures:
    """What one kind of activity amounted to: its count and the figures it sums (MEASURES)."""

    activities: int = 0
    participants: int = 0
    first_timers: int = 0
    relatives: int = 0
    audience: int = 0

    def __add__(self, other: KindFigures) -> KindFigures:
        return KindFigures(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def measure(self, name: str) -> int:
        if name not in MEASURES:
            raise KeyError(name)
        return int(getattr(self, name))

    @classmethod
    def of_month(cls, row: MonthKindFigures) -> KindFigures:
        return cls(row.activities, row.participants, row.first_timers, row.relatives, row.audience)


def sum_by_kind(items: Iterable[Mapping[str, KindFigures]]) -> dict[str, KindFigures]:
    """Per-kind figures added up, every registered kind present (zeros), in registry order."""
    total = {code: KindFigures() for code in KINDS.codes()}
    for item in items:
        for code, figures in item.items():
            total[code] = total.get(code, KindFigures()) + figures
    return total


def kind_key_figures(
    by_kind: Mapping[str, KindFigures], main_only: bool = False
) -> list[KeyFigure]:
    """Each kind's count, then the figures its description lists (registry order);
    ``main_only`` keeps the figures shown beside the count (dashboard, tables of antennas)."""
    out: list[KeyFigure] = []
    for kind in KINDS:
        figures = by_kind.get(kind.code, KindFigures())
        out.append(KeyFigure(kind.figure_key(), kind.plural, figures.activities))
        out += [
            KeyFigure(kind.figure_key(f.measure), f.label, figures.measure(f.measure))
            for f in kind.figures
            if f.tile == 1 or not main_only
        ]
    return out


def main_figure_columns() -> list[str]:
    """Headers of ``kind_key_figures(..., main_only=True)``: tables of antennas and areas."""
    out: list[str] = []
    for kind in KINDS:
        out.append(kind.short)
        out += [f.column or f.label for f in kind.figures if f.tile == 1]
    return out


def total_measure(by_kind: Mapping[str, KindFigures], name: str) -> int:
    return sum(figures.measure(name) for figures in by_kind.values())


class PerKindTotals:
    """Totals read from ``by_kind`` (kind code -> figures), shared by summaries and the
    federation's totals so that "how many participants" is answered in one place."""

    by_kind: Mapping[str, KindFigures]

    def count(self, code: str) -> int:
        """How many activities of the kind ``code``."""
        return self.by_kind.get(code, KindFigures()).activities

    @property
    def activities(self) -> int:
        return sum(figures.activities for figures in self.by_kind.values())

    @property
    def participants(self) -> int:
        return total_measure(self.by_kind, "participants")

    @property
    def first_timers(self) -> int:
        return total_measure(self.by_kind, "first_timers")

    @property
    def relatives(self) -> int:
        return total_measure(self.by_kind, "relatives")

    @property
    def audience(self) -> int:
        return total_measure(self.by_kind, "audience")


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
class ActivitySummary(PerKindTotals):
    association: str
    scope: str  # "Lyon (LYON)" or "Toutes les antennes"
    antenna_code: str | None
    period: Period
    # Per kind code (every registered kind, in display order): its count and figures.
    by_kind: dict[str, KindFigures] = field(default_factory=lambda: sum_by_kind([]))
    visits_by_requester: list[CountRow] = field(default_factory=list)
    visits_by_place: list[CountRow] = field(default_factory=list)
    interventions_by_format: list[CountRow] = field(default_factory=list)
    audience_by_kind: list[CountRow] = field(default_factory=list)
    active_volunteers: int = 0
    volunteer_minutes: int = 0
    valuation: list[YearValuation] = field(default_factory=list)
    km: Decimal = ZERO_KM
    reimbursed: Decimal = ZERO_MONEY  # on approved or paid claims
    waived: Decimal = ZERO_MONEY  # given up by the volunteers (tax receipts)
    pending: Decimal = ZERO_MONEY  # not yet claimed or on open claims, estimate included
    estimated: Decimal = ZERO_MONEY  # the part of ``pending`` valued at the scale
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
    def cost(self) -> Decimal:
        """The whole cost of the volunteers' expenses, whatever the claims' state."""
        return self.reimbursed + self.waived + self.pending

    def kind_figures(self) -> list[KeyFigure]:
        return kind_key_figures(self.by_kind)

    def key_figures(self) -> list[KeyFigure]:
        return [
            *self.kind_figures(),
            KeyFigure("volunteers", "Bénévoles actifs", self.active_volunteers),
            KeyFigure("hours", "Heures de bénévolat", self.volunteer_hours, "h"),
            KeyFigure("value", "Valorisation du bénévolat", self.volunteer_value, "€"),
            KeyFigure("km", "Kilomètres parcourus", self.km, "km"),
            KeyFigure("reimbursed", "Frais remboursés (notes approuvées)", self.reimbursed, "€"),
            KeyFigure("waived", "Frais abandonnés (dons)", self.waived, "€"),
            KeyFigure("pending", "Frais pas encore réclamés (estimation)", self.pending, "€"),
            KeyFigure("cost", "Coût total des frais", self.cost, "€"),
        ]

    def activity_per_month(self) -> list[tuple[int, int, dict[str, int]]]:
        """(year, month, {kind: activities}) for every month of the period, empty ones too."""
        codes = KINDS.codes()
        counts: dict[tuple[int, int], dict[str, int]] = {
            ym: dict.fromkeys(codes, 0) for ym in self.period.months()
        }
        for row in self.months:
            if row.kind in codes and (row.year, row.month) in counts:
                counts[(row.year, row.month)][row.kind] += row.activities
        return [(y, m, kinds) for (y, m), kinds in counts.items()]


def compare(current: ActivitySummary, previous: ActivitySummary) -> list[Comparison]:
    """Each key figure now and over the same period a year before."""
    before = {f.key: f for f in previous.key_figures()}
    return [
        Comparison(f.key, f.label, f.unit, f.value, before[f.key].value)
        for f in current.key_figures()
    ]


def comparison_note(current: ActivitySummary, previous: ActivitySummary) -> str:
    """What the year-before column compares with, said plainly (dates when cut short)."""
    if (
        previous.period.end < current.period.end
        and previous.period.kind == "custom"
        and (current.period.kind != "custom")
    ):
        return (
            f"{current.period.label} en cours : comparaison à dates égales avec la même période "
            f"de l'année précédente, du {format_date(previous.period.start)} au "
            f"{format_date(previous.period.end)}."
        )
    return "Comparaison avec la même période de l'année précédente."
