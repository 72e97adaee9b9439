"""Tables of figures shared by the summary and national PDFs: plain-string cells (fast), numbers
right-aligned, a bold total row, headers that wrap."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.formatting import format_figure, format_hours, format_km, short_month
from pea_desktop.domain.summary import (
    OUTSIDE_ACTIVITY,
    MonthKindFigures,
    minutes_to_hours,
)
from pea_desktop.reports.styles import (
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    TOTAL_FILL,
    esc,
    grid_table_style,
    style,
)

Row = Sequence[str]
# The frame keeps 6 pt of padding on each side of the content width.
AVAILABLE_WIDTH = CONTENT_WIDTH - 12


def headline(cells: Sequence[tuple[str, str]]) -> Table:
    """A row of large figures, each with its label beneath (title pages)."""
    row = [
        [Paragraph(f"<b>{esc(value)}</b>", style("Title")), Paragraph(esc(label), style("Muted"))]
        for value, label in cells
    ]
    table = Table([row], colWidths=[AVAILABLE_WIDTH / len(cells)] * len(cells), hAlign="LEFT")
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


def side_by_side(left: list[Flowable], right: list[Flowable]) -> Table:
    """Two flowables in two columns, each aligned on its column's left edge."""
    table = Table([[left, right]], colWidths=[AVAILABLE_WIDTH / 2] * 2, hAlign="LEFT")
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


def figures_table(
    header: Row,
    rows: Sequence[Row],
    widths: Sequence[float],
    *,
    total: Row | None = None,
    text_columns: int = 1,
    font_size: float = 8,
    header_size: float | None = None,
    wrap: bool = False,
) -> Table:
    """A table whose first ``text_columns`` columns are text and the others numbers.

    Cells are plain strings (several times faster than Paragraphs); headers may hold "\n".
    With ``wrap``, the text columns of the body wrap within their width (long names).
    """
    body: list[list[object]] = [list(r) for r in rows]
    if wrap:
        cell = style("Cell")
        for line in body:
            for i in range(text_columns):
                line[i] = Paragraph(esc(line[i]), cell)
    data: list[list[object]] = [list(header), *body]
    if total is not None:
        data.append(list(total))
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    size = header_size or 7.5
    table_style = grid_table_style()
    table_style.add("FONTSIZE", (0, 1), (-1, -1), font_size)
    table_style.add("FONTNAME", (0, 0), (-1, 0), FONT_BOLD)
    table_style.add("FONTSIZE", (0, 0), (-1, 0), size)
    table_style.add("LEADING", (0, 0), (-1, 0), size * 1.2)
    table_style.add("ALIGN", (text_columns, 0), (-1, -1), "RIGHT")
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


def type_label(code: str) -> str:
    """A month row's kind in a narrow column: its short label (activity_kinds)."""
    return "Hors activité" if code == OUTSIDE_ACTIVITY else KINDS.get(code).short


MONTH_HEADER = (
    "Mois",
    "Type",
    "Acti-\nvités",
    "Partici-\npations",
    "1res\nvenues",
    "Pro-\nches",
    "Public",
    "Heures\nbénév.",
    "Béné-\nvoles",
    "Km",
    "Frais remb.\nou à rem-\nbourser",
    "Frais\nabandonnés",
)
MONTH_WIDTHS = [w * mm for w in (15, 16, 11, 13, 12, 10, 12, 15, 11, 16, 19, 18)]


def hours(value: Decimal) -> str:
    """Hours in a column headed "Heures": "20 h 15", "3 h"."""
    return format_hours(value) if value else "–"


def km(value: Decimal) -> str:
    """Kilometres in a column headed "Km": "42,5", "18"."""
    return format_km(value) if value else "–"


def _to_pay(r: MonthKindFigures) -> Decimal:
    # Reimbursed, and still to claim (the scale's estimate of unclaimed mileage included):
    # every cost but the donations, so that the column tells the month's cost whole.
    return r.reimbursed + r.pending


def month_rows(rows: Sequence[MonthKindFigures]) -> list[list[str]]:
    """Lines of the month x kind table; the month is written on its first line only."""
    lines = []
    previous: tuple[int, int] | None = None
    for r in rows:
        month = f"{short_month(r.month)} {r.year}" if (r.year, r.month) != previous else ""
        previous = (r.year, r.month)
        lines.append(
            [
                month,
                type_label(r.kind),
                n(r.activities),
                n(r.participants),
                n(r.first_timers),
                n(r.relatives),
                n(r.audience),
                hours(r.volunteer_hours),
                n(r.volunteers),
                km(r.km),
                n(_to_pay(r), "€"),
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
        hours(minutes_to_hours(minutes)),
        n(volunteers),
        km(sum((r.km for r in rows), Decimal(0))),
        n(sum((_to_pay(r) for r in rows), Decimal(0)), "€"),
        n(sum((r.waived for r in rows), Decimal(0)), "€"),
    ]


def month_table(
    rows: Sequence[MonthKindFigures], volunteers: int, *, font_size: float = 7.5
) -> Table:
    return figures_table(
        MONTH_HEADER,
        month_rows(rows),
        MONTH_WIDTHS,
        total=month_total(rows, volunteers),
        text_columns=2,
        font_size=font_size,
        header_size=6.5,
    )
