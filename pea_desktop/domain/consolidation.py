"""Plain results of a national consolidation, for the Federation view, the PDF and the XLSX."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pea_desktop.domain.enums import (
    AudienceKind,
    InterventionFormat,
    LabelledEnum,
    PartnerKind,
    Requester,
    VisitPlace,
)
from pea_desktop.domain.federation_format import (
    NOT_GIVEN_CODE,
    TOTAL_DECIMAL_FIELDS,
    kinds_of_document,
)
from pea_desktop.domain.summary import (
    CountRow,
    KeyFigure,
    KindFigures,
    MonthKindFigures,
    PerKindTotals,
    kind_key_figures,
    minutes_to_hours,
    sum_by_kind,
)

ACCEPTED, REFUSED, SUPERSEDED = "retenu", "refusé", "remplacé"

CATEGORY_ENUMS: dict[str, type[LabelledEnum]] = {
    "visits_by_requester": Requester,
    "visits_by_place": VisitPlace,
    "interventions_by_format": InterventionFormat,
    "audience_by_kind": AudienceKind,
    "partners_by_kind": PartnerKind,
}
CATEGORY_TITLES = {
    "visits_by_requester": "Visites selon le demandeur",
    "visits_by_place": "Visites selon le lieu",
    "interventions_by_format": "Interventions selon le format",
    "audience_by_kind": "Interventions selon le public",
    "partners_by_kind": "Structures partenaires touchées",
}


@dataclass(frozen=True)
class Totals(PerKindTotals):
    """An antenna's (or an area's) year: per-kind figures keyed by kind code, then the rest."""

    by_kind: dict[str, KindFigures] = field(default_factory=lambda: sum_by_kind([]))
    active_volunteers: int = 0
    volunteer_minutes: int = 0
    partners: int = 0
    volunteer_value: Decimal = Decimal("0.00")
    km: Decimal = Decimal("0.0")
    reimbursed: Decimal = Decimal("0.00")
    waived: Decimal = Decimal("0.00")

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Totals:
        """The totals of a checked export document (version 1 or 2)."""
        data = document["totals"]
        values: dict[str, Any] = {
            f.name: Decimal(data[f.name]) if f.name in TOTAL_DECIMAL_FIELDS else data[f.name]
            for f in fields(cls)
            if f.name != "by_kind"
        }
        return cls(by_kind=sum_by_kind([kinds_of_document(document)]), **values)

    @classmethod
    def sum(cls, items: Iterable[Totals]) -> Totals:
        result = cls()
        for item in items:
            result = cls(
                by_kind=sum_by_kind([result.by_kind, item.by_kind]),
                **{
                    f.name: getattr(result, f.name) + getattr(item, f.name)
                    for f in fields(cls)
                    if f.name != "by_kind"
                },
            )
        return result

    def kind_figures(self, main_only: bool = False) -> list[KeyFigure]:
        return kind_key_figures(self.by_kind, main_only)

    @property
    def volunteer_hours(self) -> Decimal:
        return minutes_to_hours(self.volunteer_minutes)


@dataclass(frozen=True)
class FileStatus:
    """What became of one file given to the consolidation."""

    path: Path
    status: str  # ACCEPTED, REFUSED or SUPERSEDED
    reason: str = ""
    antenna: str = ""
    antenna_name: str = ""
    generated_at: datetime | None = None
    signature: str = ""  # "signé (empreinte …)", "non signé", or "" when unread

    @property
    def file(self) -> str:
        return self.path.name

    def with_reason(self, reason: str) -> FileStatus:
        return replace(self, reason=reason)

    def superseded(self, reason: str) -> FileStatus:
        return replace(self, status=SUPERSEDED, reason=reason)


@dataclass(frozen=True)
class AntennaReport:
    code: str
    name: str
    department: str
    region: str
    generated_at: datetime
    file: str
    totals: Totals
    months: list[MonthKindFigures]
    categories: dict[str, dict[str, Any]]
    association: str = ""

    def category(self, name: str) -> list[CountRow]:
        """One of the category tables (e.g. "visits_by_requester") with French labels."""
        counts = {
            code: (value["count"], value["audience"]) if isinstance(value, dict) else (value, 0)
            for code, value in self.categories.get(name, {}).items()
        }
        return category_rows(name, counts)


@dataclass(frozen=True)
class AreaRow:
    label: str
    antennas: int
    totals: Totals


@dataclass
class Consolidation:
    year: int | None
    files: list[FileStatus]
    antennas: list[AntennaReport]
    missing: list[tuple[str, str]] | None  # None when the expected antennas are not known
    totals: Totals
    regions: list[AreaRow]
    departments: list[AreaRow]
    months: list[MonthKindFigures]
    categories: dict[str, list[CountRow]] = field(default_factory=dict)
    association: str = ""
    generated_at: datetime | None = None
    # Where the antennas were read: "" for exported files, else the server base's label.
    server: str = ""

    def with_status(self, status: str) -> list[FileStatus]:
        return [f for f in self.files if f.status == status]

    @property
    def refused(self) -> list[FileStatus]:
        return self.with_status(REFUSED)

    @property
    def superseded(self) -> list[FileStatus]:
        return self.with_status(SUPERSEDED)


def category_rows(name: str, counts: dict[str, tuple[int, int]]) -> list[CountRow]:
    """The rows of a category table, in the order of its list, with French labels."""
    enum = CATEGORY_ENUMS[name]
    rows = [CountRow(m.value, m.label, *counts[m.value]) for m in enum if m.value in counts]
    if NOT_GIVEN_CODE in counts:
        rows.append(CountRow(NOT_GIVEN_CODE, "Non précisé", *counts[NOT_GIVEN_CODE]))
    return rows
