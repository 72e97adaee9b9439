"""The baseline of the summary benchmark: the same figures and tables, done directly.

Raw sqlite3 aggregate queries (the same ones: activities by month, kind and category,
volunteer time, expenses, partners, for the year and the year before), then ReportLab
building the same tables and chart straight from those rows, with the same embedded fonts.
No SQLAlchemy, no dataclasses, no report modules beyond the shared fonts and table look: what
the application's layers add is what the ratio measures.
"""

from __future__ import annotations

import io
import sqlite3
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from pea_desktop.domain.enums import AudienceKind, InterventionFormat, Requester, VisitPlace
from pea_desktop.domain.formatting import format_euros, format_number
from pea_desktop.reports.styles import FONT, FONT_BOLD, grid_table_style, register_fonts, style

FACETS = """
SELECT substr(date, 1, 7), kind, requester, visit_place, intervention_format, audience_kind,
       partner_id, count(*), coalesce(sum(participants), 0), coalesce(sum(first_timers), 0),
       coalesce(sum(relatives), 0), coalesce(sum(audience_size), 0)
  FROM activity
 WHERE deleted_at IS NULL AND date BETWEEN ? AND ? AND antenna_id = ?
 GROUP BY 1, 2, 3, 4, 5, 6, 7
"""
VOLUNTEERS = """
SELECT substr(a.date, 1, 7), a.kind, av.volunteer_id, coalesce(sum(a.duration_minutes), 0)
  FROM activity a JOIN activity_volunteer av ON av.activity_id = a.id
  JOIN volunteer v ON v.id = av.volunteer_id AND v.deleted_at IS NULL
 WHERE a.deleted_at IS NULL AND a.date BETWEEN ? AND ? AND a.antenna_id = ?
 GROUP BY 1, 2, 3
"""
EXPENSES = """
SELECT substr(e.date, 1, 7), a.kind,
       sum(e.km) FILTER (WHERE e.kind = 'km'),
       sum(e.amount) FILTER (WHERE c.id IS NULL OR c.status NOT IN ('abandon', 'refusee')),
       sum(e.amount) FILTER (WHERE c.status = 'abandon')
  FROM expense_line e JOIN volunteer v ON v.id = e.volunteer_id
  LEFT JOIN activity a ON a.id = e.activity_id
  LEFT JOIN expense_claim c ON c.id = e.claim_id
 WHERE e.deleted_at IS NULL AND v.deleted_at IS NULL AND (a.id IS NULL OR a.deleted_at IS NULL)
   AND e.date BETWEEN ? AND ? AND coalesce(a.antenna_id, v.antenna_id) = ?
 GROUP BY 1, 2
"""
PARTNERS = "SELECT id, name, kind, town FROM partner WHERE deleted_at IS NULL"


def postgresql(statement: str) -> str:
    """A statement above as PostgreSQL writes it (psycopg placeholders, real dates)."""
    return (
        statement.replace("substr(", "to_char(")
        .replace(", 1, 7)", ", 'YYYY-MM')")
        .replace("?", "%s")
    )


def _figures(connection: Any, year: int, antenna_id: int, server: bool = False) -> dict[str, Any]:
    span: tuple[Any, ...] = (f"{year}-01-01", f"{year}-12-31", antenna_id)
    if server:
        span = (date(year, 1, 1), date(year, 12, 31), antenna_id)

    def rows(statement: str, parameters: tuple[Any, ...] = ()) -> Any:
        return connection.execute(postgresql(statement) if server else statement, parameters)

    months: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0] * 10)
    categories: dict[str, dict[object, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    partners: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (
        month,
        kind,
        req,
        place,
        fmt,
        aud,
        partner,
        n,
        part,
        first,
        rel,
        public,
    ) in rows(FACETS, span):
        row = months[(month, kind)]
        for index, value in enumerate((n, part, first, rel, public)):
            row[index] += value
        for name, value in (("req", req), ("place", place), ("fmt", fmt), ("aud", aud)):
            if value is not None:
                categories[name][value][0] += n
                categories[name][value][1] += public
        if partner is not None:
            partners[partner][0] += n
            partners[partner][1] += public
    people = set()
    for month, kind, volunteer, minutes in rows(VOLUNTEERS, span):
        months[(month, kind)][5] += minutes
        months[(month, kind)][6] += 1
        people.add(volunteer)
    for month, kind, km, paid, waived in rows(EXPENSES, span):
        row = months[(month, kind or "hors_activite")]
        row[7], row[8], row[9] = (km or 0) / 10, (paid or 0) / 100, (waived or 0) / 100
    names = {pid: (name, kind, town) for pid, name, kind, town in rows(PARTNERS)}
    totals = [sum(r[i] for r in months.values()) for i in range(10)]
    totals[6] = len(people)
    return {"months": months, "categories": categories, "partners": partners,
            "names": names, "totals": totals}  # fmt: skip


def _table(rows: list[list[str]], total: bool = True) -> Table:
    """A plain table with the same look (shared TableStyle commands) as the report's."""
    table = Table(rows, repeatRows=1, hAlign="LEFT")
    table_style = grid_table_style()
    table_style.add("FONTNAME", (0, 0), (-1, 0), FONT_BOLD)
    table_style.add("FONTSIZE", (0, 1), (-1, -1), 7.5)
    table_style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
    if total:
        table_style.add("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)
    table.setStyle(table_style)
    return table


def _change(now: float, before: float) -> str:
    return f"{(now - before) * 100 / before:+.0f} %" if before else "nouveau"


def _chart(months: dict[tuple[str, str], list[float]]) -> Drawing:
    data: dict[str, list[int]] = {"groupe": [0] * 12, "visite": [0] * 12, "temoignage": [0] * 12}
    for (month, kind), row in months.items():
        if kind in data:
            data[kind][int(month[5:7]) - 1] += int(row[0])
    drawing = Drawing(480, 170)
    drawing.initialFontName = FONT
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, 430, 120
    chart.data = list(data.values())
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [str(m) for m in range(1, 13)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    for index, colour in enumerate(("#1d4e89", "#f4a259", "#5b8e7d")):
        chart.bars[index].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    legend = Legend()
    legend.fontName = FONT
    legend.x, legend.y, legend.columnMaximum = 40, 10, 1
    legend.colorNamePairs = [(chart.bars[i].fillColor, k) for i, k in enumerate(data)]
    drawing.add(legend)
    return drawing


LABELS = {
    "req": {m.value: m.label for m in Requester},
    "place": {m.value: m.label for m in VisitPlace},
    "fmt": {m.value: m.label for m in InterventionFormat},
    "aud": {m.value: m.label for m in AudienceKind},
}


def baseline_pdf(path: Path, antenna_id: int, year: int) -> bytes:
    connection = sqlite3.connect(path)
    try:
        now = _figures(connection, year, antenna_id)
        before = _figures(connection, year - 1, antenna_id)
    finally:
        connection.close()
    return _pdf(now, before, year)


def baseline_pdf_on_server(connection: Any, antenna_id: int, year: int) -> bytes:
    """The same, with the figures read by psycopg from a PostgreSQL base."""
    now = _figures(connection, year, antenna_id, server=True)
    before = _figures(connection, year - 1, antenna_id, server=True)
    connection.rollback()  # end the read's transaction, as the application's session does
    return _pdf(now, before, year)


def _pdf(now: dict[str, Any], before: dict[str, Any], year: int) -> bytes:
    register_fonts()
    story: list[object] = [
        Paragraph("Bilan d'activité", style("Title")),
        Paragraph(f"Année {year}", style("Heading")),
        PageBreak(),
    ]
    key = [["Indicateur", str(year), str(year - 1), "Évolution"]]
    labels = ("Activités", "Participations", "1res venues", "Proches", "Public", "Minutes",
              "Bénévoles", "Km", "Remboursés", "Abandonnés")  # fmt: skip
    for index, label in enumerate(labels):
        a, b = now["totals"][index], before["totals"][index]
        key.append([label, format_number(a), format_number(b), _change(a, b)])
    story += [_table(key, total=False), Spacer(1, 10), _chart(now["months"])]
    header = ["Mois", "Type", "Acti-\nvités", "Partici-\npations", "1res\nvenues", "Pro-\nches",
              "Public", "Heures\nbénév.", "Béné-\nvoles", "Km", "Frais\nremboursés",
              "Frais\nabandonnés"]  # fmt: skip
    rows = [header]
    for (month, kind), r in sorted(now["months"].items()):
        rows.append([month, kind, *(format_number(v, 0) for v in r[:5]),
                     format_number(r[5] / 60), format_number(r[6], 0), format_number(r[7], 1),
                     format_euros(r[8]), format_euros(r[9])])  # fmt: skip
    t = now["totals"]
    total = [*(format_number(v, 0) for v in t[:5]), format_number(t[5] / 60), str(t[6])]
    total += [format_number(t[7], 1), format_euros(t[8]), format_euros(t[9])]
    rows.append(["Total", "", *total])
    story += [_table(rows), PageBreak()]
    for name, counts in now["categories"].items():
        lines = [[LABELS[name][code], str(c), str(a)] for code, (c, a) in counts.items()]
        total = ["Total", str(sum(c for c, _ in counts.values())), ""]
        story.append(_table([[name, "Nombre", "Public"], *lines, total]))
    partners = [["Structure", "Type", "Commune", "Activités", "Public"]]
    for pid, (count, audience) in sorted(now["partners"].items(), key=lambda i: -i[1][0]):
        name, kind, town = now["names"][pid]
        partners.append([Paragraph(name, style("Cell")), kind, town, str(count), str(audience)])
    valuation = [["Année", "Heures", "Taux horaire", "Valorisation"],
                 [str(year), format_number(t[5] / 60), format_euros(11.88),
                  format_euros(t[5] * 11.88 / 60)]]  # fmt: skip
    expenses = [["", "Montant"], ["Kilomètres", format_number(t[7], 1)],
                ["Remboursés", format_euros(t[8])], ["Abandonnés", format_euros(t[9])]]  # fmt: skip
    story += [_table(partners, total=False), _table(valuation), _table(expenses)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=FONT).build(story)
    return buffer.getvalue()
