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
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from pea_desktop.domain.money import format_euros, format_number
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


def _figures(connection: sqlite3.Connection, year: int, antenna_id: int) -> dict[str, object]:
    span = (f"{year}-01-01", f"{year}-12-31", antenna_id)
    months: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0] * 10)
    categories: dict[str, dict[object, int]] = defaultdict(lambda: defaultdict(int))
    partners: dict[int, int] = defaultdict(int)
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
    ) in connection.execute(FACETS, span):
        row = months[(month, kind)]
        row[0] += n
        row[1] += part
        row[2] += first
        row[3] += rel
        row[4] += public
        for name, value in (("req", req), ("place", place), ("fmt", fmt), ("aud", aud)):
            if value is not None:
                categories[name][value] += n
        if partner is not None:
            partners[partner] += n
    people = set()
    for month, kind, volunteer, minutes in connection.execute(VOLUNTEERS, span):
        months[(month, kind)][5] += minutes
        months[(month, kind)][6] += 1
        people.add(volunteer)
    for month, kind, km, paid, waived in connection.execute(EXPENSES, span):
        row = months[(month, kind or "hors_activite")]
        row[7], row[8], row[9] = (km or 0) / 10, (paid or 0) / 100, (waived or 0) / 100
    names = {pid: (name, kind, town) for pid, name, kind, town in connection.execute(PARTNERS)}
    return {"months": months, "categories": categories, "partners": partners,
            "people": len(people), "names": names}  # fmt: skip


def _table(rows: list[list[str]]) -> Table:
    """A plain table with the same look (shared TableStyle commands) as the report's."""
    table = Table(rows, repeatRows=1)
    table_style = grid_table_style()
    table_style.add("FONTNAME", (0, 0), (-1, 0), FONT_BOLD)
    table_style.add("FONTSIZE", (0, 1), (-1, -1), 7.5)
    table_style.add("ALIGN", (1, 1), (-1, -1), "RIGHT")
    table.setStyle(table_style)
    return table


def baseline_pdf(path: Path, antenna_id: int, year: int) -> bytes:
    connection = sqlite3.connect(path)
    try:
        now = _figures(connection, year, antenna_id)
        before = _figures(connection, year - 1, antenna_id)
    finally:
        connection.close()
    register_fonts()
    story: list[object] = [Paragraph(f"Bilan d'activité {year}", style("Title")), PageBreak()]
    key = [["Indicateur", str(year), str(year - 1)]]
    for index, label in enumerate(("Activités", "Participations", "1res venues", "Proches")):
        values = [sum(r[index] for r in f["months"].values()) for f in (now, before)]  # type: ignore[attr-defined]
        key.append([label, *(format_number(v, 0) for v in values)])
    key.append(["Bénévoles", str(now["people"]), str(before["people"])])
    story += [_table(key), Spacer(1, 10)]
    chart_data: dict[str, list[int]] = {
        "groupe": [0] * 12,
        "visite": [0] * 12,
        "temoignage": [0] * 12,
    }
    for (month, kind), row in now["months"].items():  # type: ignore[attr-defined]
        if kind in chart_data:
            chart_data[kind][int(month[5:7]) - 1] += int(row[0])
    drawing = Drawing(480, 170)
    drawing.initialFontName = FONT
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 30, 440, 120
    chart.data = list(chart_data.values())
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [str(m) for m in range(1, 13)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    drawing.add(chart)
    story.append(drawing)
    header = ["Mois", "Type", "Act.", "Part.", "1res", "Proches", "Public", "Heures", "Bén.",
              "Km", "Remb.", "Aband."]  # fmt: skip
    rows = [header]
    for (month, kind), r in sorted(now["months"].items()):  # type: ignore[attr-defined]
        rows.append([month, kind, *(format_number(v, 0) for v in r[:5]),
                     format_number(r[5] / 60), format_number(r[6], 0), format_number(r[7], 1),
                     format_euros(r[8]), format_euros(r[9])])  # fmt: skip
    story += [_table(rows), PageBreak()]
    for name, counts in now["categories"].items():  # type: ignore[attr-defined]
        story += [_table([[name, "Nombre"], *([str(k), str(v)] for k, v in counts.items())])]
    partners = [["Structure", "Type", "Commune", "Activités"]]
    for pid, count in sorted(now["partners"].items(), key=lambda i: -i[1]):  # type: ignore[attr-defined]
        name, kind, town = now["names"][pid]  # type: ignore[index]
        partners.append([name, kind, town, str(count)])
    story += [
        _table(partners),
        _table([["Année", "Heures", "Taux", "Valorisation"], [str(year), "", "", ""]]),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=FONT).build(story)
    return buffer.getvalue()
