"""Spreadsheets (openpyxl) of the federation export and of the national consolidation.

The same tables as the JSON and the PDF, for people to read and re-use. Numbers are real
numbers with French-looking formats; any text a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pea_desktop.domain.consolidation import (
    CATEGORY_TITLES,
    AntennaReport,
    AreaRow,
    Consolidation,
    Totals,
)
from pea_desktop.domain.summary import (
    MonthKindFigures,
    kind_label,
    main_figure_columns,
    minutes_to_hours,
)

INT, HOURS, KM, EUROS, TEXT = "0", "#,##0.00", "#,##0.0", '#,##0.00" €"', "@"
# A month is the real date of its first day, so that it sorts and filters as a date; the
# locale tag makes every spreadsheet show it "janvier 2025" whatever its own language.
MONTH = "[$-40C]mmmm yyyy"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E4E9EF")
TOTAL_FILL = PatternFill("solid", fgColor="D9E2EC")


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _table(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: Sequence[str],
    *,
    total: Sequence[Any] | None = None,
    start: int | None = None,
    title: str = "",
    autofilter: bool = False,
) -> int:
    """Write a titled table from row ``start`` (default: after what is there); next free row.

    ``autofilter`` puts the sheet's filter buttons on the header over the data rows only: the
    total row stays out, so that sorting or filtering never moves or hides it. A sheet has one
    filter, so only sheets holding a single table ask for it."""
    row = start if start is not None else (sheet.max_row + 2 if sheet.max_row > 1 else 1)
    if title:
        sheet.cell(row, 1, title).font = Font(bold=True, size=12)
        row += 1
    for col, name in enumerate(header, start=1):
        cell = sheet.cell(row, col, name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    lines = [*rows, *([total] if total is not None else [])]
    for offset, values in enumerate(lines, start=1):
        for col, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
            cell = sheet.cell(row + offset, col, _cell_value(value))
            if value is not None and not isinstance(value, str):
                cell.number_format = fmt
            if total is not None and offset == len(lines):
                cell.font, cell.fill = HEADER_FONT, TOTAL_FILL
    if autofilter:
        last = get_column_letter(len(header))
        sheet.auto_filter.ref = f"A{row}:{last}{row + len(rows)}"
    return row + len(lines) + 1


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width


def _totals_rows(totals: Totals) -> list[tuple[str, Any, str]]:
    return [
        ("Activités", totals.activities, INT),
        *((f.label, f.value, INT) for f in totals.kind_figures()),
        ("Bénévoles actifs", totals.active_volunteers, INT),
        ("Heures de bénévolat", totals.volunteer_hours, HOURS),
        ("Valorisation du bénévolat", totals.volunteer_value, EUROS),
        ("Kilomètres parcourus", totals.km, KM),
        ("Frais remboursés", totals.reimbursed, EUROS),
        ("Frais abandonnés (dons)", totals.waived, EUROS),
        ("Structures partenaires", totals.partners, INT),
    ]


def _write_totals(sheet: Worksheet, totals: Totals, title: str) -> None:
    rows = _totals_rows(totals)
    _table(
        sheet,
        ("Indicateur", "Valeur"),
        [(label, value) for label, value, _ in rows],
        [TEXT, INT],
        title=title,
    )
    first = sheet.max_row - len(rows) + 1
    for offset, (_, _, fmt) in enumerate(rows):
        sheet.cell(first + offset, 2).number_format = fmt


MONTH_HEADER = (
    "Mois",
    "Type d'activité",
    "Activités",
    "Participations",
    "Premières venues",
    "Proches",
    "Public",
    "Heures bénévoles",
    "Bénévoles",
    "Km",
    "Frais remboursés",
    "Frais abandonnés",
)
MONTH_FORMATS = (MONTH, TEXT, INT, INT, INT, INT, INT, HOURS, INT, KM, EUROS, EUROS)


def _month_values(row: MonthKindFigures) -> list[Any]:
    return [
        date(row.year, row.month, 1),
        kind_label(row.kind),
        row.activities,
        row.participants,
        row.first_timers,
        row.relatives,
        row.audience,
        row.volunteer_hours,
        row.volunteers,
        row.km,
        row.reimbursed,
        row.waived,
    ]


def _write_months(sheet: Worksheet, months: Sequence[MonthKindFigures], totals: Totals) -> None:
    total = [
        "Total",
        "",
        sum(r.activities for r in months),
        sum(r.participants for r in months),
        sum(r.first_timers for r in months),
        sum(r.relatives for r in months),
        sum(r.audience for r in months),
        minutes_to_hours(sum(r.volunteer_minutes for r in months)),
        totals.active_volunteers,
        sum((r.km for r in months), Decimal("0.0")),
        sum((r.reimbursed for r in months), Decimal("0.00")),
        sum((r.waived for r in months), Decimal("0.00")),
    ]
    rows = [_month_values(r) for r in months]
    _table(sheet, MONTH_HEADER, rows, MONTH_FORMATS, total=total, start=1, autofilter=True)
    _widths(sheet, (16, 26, 10, 14, 14, 10, 10, 14, 11, 11, 16, 16))
    sheet.freeze_panes = "C2"


def _write_categories(sheet: Worksheet, report_like: Any) -> None:
    for name, title in CATEGORY_TITLES.items():
        rows = report_like.category(name)
        with_audience = name in ("interventions_by_format", "audience_by_kind")
        header = ("", "Nombre", "Public") if with_audience else ("", "Nombre")
        values = [[r.label, r.count, *([r.audience] if with_audience else [])] for r in rows]
        _table(sheet, header, values, (TEXT, INT, INT)[: len(header)], title=title)
    _widths(sheet, (34, 12, 12))


def antenna_workbook(report: AntennaReport, year: int, checksum: str, hourly_rate: str) -> Workbook:
    """The spreadsheet sent beside an antenna's yearly JSON export (same figures)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Synthèse"
    identity = [
        ("Association", report.association),
        ("Antenne", f"{report.name} ({report.code})" if report.name else report.code),
        ("Département", report.department),
        ("Année", year),
        ("Généré le", report.generated_at),
        ("Taux horaire du bénévolat", Decimal(hourly_rate)),
        ("Empreinte SHA-256 du fichier JSON", checksum),
    ]
    _table(sheet, ("Export annuel pour la fédération", ""), identity, (TEXT, INT), start=1)
    sheet.cell(6, 2).number_format = "dd/mm/yyyy hh:mm"
    sheet.cell(7, 2).number_format = EUROS
    _write_totals(sheet, report.totals, "Chiffres de l'année")
    _widths(sheet, (36, 70))
    _write_months(book.create_sheet("Par mois"), report.months, report.totals)
    _write_categories(book.create_sheet("Catégories"), report)
    return book


def _area_rows(areas: Sequence[AreaRow]) -> list[list[Any]]:
    return [
        [
            a.label,
            a.antennas,
            a.totals.activities,
            *(f.value for f in a.totals.kind_figures(main_only=True)),
            a.totals.active_volunteers,
            a.totals.volunteer_hours,
            a.totals.volunteer_value,
            a.totals.km,
            a.totals.reimbursed,
            a.totals.waived,
        ]
        for a in areas
    ]


def _area_header() -> tuple[str, ...]:
    kinds = main_figure_columns()
    return (
        "Antennes",
        "Activités",
        *kinds,
        "Bénévoles",
        "Heures bénévoles",
        "Valorisation",
        "Km",
        "Frais remboursés",
        "Frais abandonnés",
    )


def _area_formats() -> tuple[str, ...]:
    kinds = len(main_figure_columns())
    return (TEXT, INT, INT, *[INT] * kinds, INT, HOURS, EUROS, KM, EUROS, EUROS)


def _write_areas(sheet: Worksheet, first: str, areas: Sequence[AreaRow], totals: Totals) -> None:
    total = _area_rows([AreaRow("Total", sum(a.antennas for a in areas), totals)])[0]
    header = (first, *_area_header())
    _table(sheet, header, _area_rows(areas), _area_formats(), total=total, start=1, autofilter=True)
    kinds = len(main_figure_columns())
    _widths(sheet, (30, 10, 10, *[13] * kinds, 11, 15, 14, 11, 16, 16))
    sheet.freeze_panes = "B2"


class _NationalCategories:
    def __init__(self, result: Consolidation) -> None:
        self.result = result

    def category(self, name: str) -> list[Any]:
        return self.result.categories.get(name, [])


def national_workbook(result: Consolidation) -> Workbook:
    """The national consolidation's tables, one sheet each."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Synthèse"
    sheet.cell(1, 1, f"Bilan national {result.year or ''}".strip()).font = Font(bold=True, size=14)
    sheet.cell(2, 1, result.association)
    _write_totals(sheet, result.totals, "Totaux nationaux")
    _widths(sheet, (36, 18))
    per_antenna = [
        AreaRow(f"{a.name} ({a.code})" if a.name else a.code, 1, a.totals) for a in result.antennas
    ]
    _write_areas(book.create_sheet("Antennes"), "Antenne", per_antenna, result.totals)
    _write_areas(book.create_sheet("Régions"), "Région", result.regions, result.totals)
    _write_areas(
        book.create_sheet("Départements"), "Département", result.departments, result.totals
    )
    _write_months(book.create_sheet("Par mois"), result.months, result.totals)
    _write_categories(book.create_sheet("Catégories"), _NationalCategories(result))
    files = book.create_sheet("Fichiers reçus")
    rows = [[f.file, f.antenna, f.status, f.generated_at, f.reason] for f in result.files]
    _table(
        files,
        ("Fichier", "Antenne", "Statut", "Généré le", "Motif"),
        rows,
        (TEXT, TEXT, TEXT, "dd/mm/yyyy hh:mm", TEXT),
        start=1,
        autofilter=True,
    )
    _widths(files, (30, 12, 12, 18, 90))
    if result.missing is not None:
        missing = book.create_sheet("Antennes manquantes")
        _table(missing, ("Code", "Antenne"), result.missing, (TEXT, TEXT), start=1, autofilter=True)
        _widths(missing, (14, 40))
    return book


def keep_text_as_text(book: Workbook) -> None:
    """Every cell written here is data. openpyxl turns a text starting with "=" (a place or a
    name typed as ``=HYPERLINK(...)``) into a formula: store it back as text, with the quote
    prefix a spreadsheet sets when one types ``'=...``, so that it is shown and never run.
    Other texts are stored as strings, which no spreadsheet evaluates when opening a file."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True


def workbook_bytes(book: Workbook) -> bytes:
    keep_text_as_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
