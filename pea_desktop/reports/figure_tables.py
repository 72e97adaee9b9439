"""Tables of figures shared by the summary and national PDFs: plain-string cells (fast), numbers
right-aligned, a bold total row, headers that wrap."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from pea_desktop.reports.styles import FONT_BOLD, TOTAL_FILL, esc, grid_table_style, style
from pea_desktop.services.period import month_label
from pea_desktop.services.summary_data import (
    KIND_LABELS,
    KIND_SHORT,
    MonthKindFigures,
    format_figure,
    minutes_to_hours,
)

Row = Sequence[str]


def figures_table(
    header: Row,
    rows: Sequence[Row],
    widths: Sequence[float],
    *,
    total: Row | None = None,
    text_columns: int = 1,
    font_size: float = 8,
) -> Table:
    """A table whose first ``text_columns`` columns are text and the others numbers."""
    head = [
        Paragraph(esc(h), style("CellHeader" if i < text_columns else "CellHeaderRight"))
        for i, h in enumerate(header)
    ]
    data: list[list[object]] = [head, *[list(r) for r in rows]]
    if total is not None:
        data.append(list(total))
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table_style = grid_table_style()
    table_style.add("FONTSIZE", (0, 1), (-1, -1), font_size)
    table_style.add("ALIGN", (text_columns, 1), (-1, -1), "RIGHT")
    if total is not None:
        table_style.add("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)
        table_style.add("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL)
        table_style.add("LINEABOVE", (0, -1), (-1, -1), 0.75, "#1f2933")
    table.setStyle(table_style)
    return table


def n(value: int | Decimal, unit: str = "") -> str:
    """A figure as printed; zero counts print as an en dash so that the eye finds the others."""
    if not value:
        return "–"
    return format_figure(value, unit)


MONTH_HEADER = (
    "Mois",
    "Type",
    "Activités",
    "Partici-\npations",
    "1res\nvenues",
    "Proches",
    "Public",
    "Heures\nbénévoles",
    "Béné-\nvoles",
    "Km",
    "Frais\nremboursés",
    "Frais\nabandonnés",
)
MONTH_WIDTHS = [w * mm for w in (19, 22, 13, 14, 13, 12, 12, 15, 11, 14, 18, 18)]


def month_rows(rows: Sequence[MonthKindFigures]) -> list[list[str]]:
    """Lines of the month x kind table; the month is written on its first line only."""
    lines = []
    previous: tuple[int, int] | None = None
    for r in rows:
        month = month_label(r.year, r.month) if (r.year, r.month) != previous else ""
        previous = (r.year, r.month)
        lines.append(
            [
                month,
                KIND_SHORT.get(r.kind, KIND_LABELS.get(r.kind, r.kind)),
                n(r.activities),
                n(r.participants),
                n(r.first_timers),
                n(r.relatives),
                n(r.audience),
                n(r.volunteer_hours),
                n(r.volunteers),
                n(r.km, "km"),
                n(r.reimbursed, "€"),
                n(r.waived, "€"),
            ]
        )
    return lines


def month_total(rows: Sequence[MonthKindFigures], volunteers: int) -> list[str]:
    """The total line; volunteers are counted once each (``volunteers`` distinct people)."""
    minutes = sum(r.volunteer_minutes for r in rows)
    return [
        "Total",
        "",
        n(sum(r.activities for r in rows)),
        n(sum(r.participants for r in rows)),
        n(sum(r.first_timers for r in rows)),
        n(sum(r.relatives for r in rows)),
        n(sum(r.audience for r in rows)),
        n(minutes_to_hours(minutes)),
        n(volunteers),
        n(sum((r.km for r in rows), Decimal(0)), "km"),
        n(sum((r.reimbursed for r in rows), Decimal(0)), "€"),
        n(sum((r.waived for r in rows), Decimal(0)), "€"),
    ]


def month_table(rows: Sequence[MonthKindFigures], volunteers: int) -> Table:
    table = figures_table(
        MONTH_HEADER,
        month_rows(rows),
        MONTH_WIDTHS,
        total=month_total(rows, volunteers),
        text_columns=2,
        font_size=7.5,
    )
    return table
