"""Bar charts for the summary and national PDFs (reportlab.graphics, fonts embedded)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from pea_desktop.domain.formatting import format_number
from pea_desktop.reports.styles import FONT, INK, MUTED, register_fonts

SINGLE_COLOUR = colors.HexColor("#1d4e89")


def french_integer(value: float) -> str:
    """Axis and bar labels with French grouping: 200000 -> "200 000"."""
    return format_number(round(value), 0)


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose initial font is the embedded DejaVu (not the non-embedded Helvetica)."""
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT
    drawing.initialFontSize = 8
    return drawing


def _nice_max(value: float) -> tuple[float, float]:
    """An axis maximum and step that read well (0, 5, 10... or 0, 20, 40...)."""
    if value <= 5:
        return 5, 1
    for step in (2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value / step <= 8:
            top = (int(value / step) + (0 if value % step == 0 else 1)) * step
            return top, step
    step = 10 ** (len(str(int(value))) - 1)
    return (int(value / step) + 1) * step, step


def stacked_months_chart(
    months: Sequence[tuple[str, dict[str, int]]],
    kinds: Sequence[tuple[str, str, str]],
    *,
    width: float,
    height: float = 62 * mm,
    title: str = "",
) -> Drawing:
    """Activities per month, one stacked bar per month split by kind (code, legend label,
    "#rrggbb" colour: the kind's, as activity_kinds describes it)."""
    register_fonts()
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 16 * mm, 16 * mm
    chart.width, chart.height = width - 20 * mm, height - 24 * mm
    chart.data = [
        [kinds_of_month.get(code, 0) for _, kinds_of_month in months] for code, _, _ in kinds
    ]
    chart.categoryAxis.categoryNames = [label for label, _ in months]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.angle = 0 if len(months) <= 13 else 45
    chart.categoryAxis.labels.boxAnchor = "n" if len(months) <= 13 else "ne"
    totals = [sum(k.values()) for _, k in months] or [0]
    top, step = _nice_max(max(totals))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = french_integer
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d9e2ec")
    chart.valueAxis.visibleGrid = True
    chart.barSpacing = 0
    chart.groupSpacing = 4
    for index, (_, _, colour) in enumerate(kinds):
        chart.bars[index].fillColor = colors.HexColor(colour)
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.fontName = FONT
    legend.fontSize = 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.boxAnchor = "sw"
    legend.x, legend.y = 12 * mm, 4
    legend.dxTextSpace = 4
    legend.deltax = 38 * mm
    legend.colorNamePairs = [(colors.HexColor(colour), label) for _, label, colour in kinds]
    drawing.add(legend)
    if title:
        drawing.add(String(12 * mm, height - 6, title, fontName=FONT, fontSize=8, fillColor=MUTED))
    return drawing


def horizontal_bars(
    items: Sequence[tuple[str, float]],
    *,
    width: float,
    bar_height: float = 5.5 * mm,
    label_width: float = 45 * mm,
) -> Drawing:
    """One horizontal bar per item (label, value), largest first as given, values at the end."""
    register_fonts()
    count = max(len(items), 1)
    height = count * bar_height + 12 * mm
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 8 * mm
    chart.width, chart.height = width - label_width - 14 * mm, count * bar_height
    # Drawn bottom-up: reverse so that the first item is on top.
    chart.data = [[value for _, value in reversed(items)] or [0]]
    chart.categoryAxis.categoryNames = [label for label, _ in reversed(items)] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    top, step = _nice_max(max([v for _, v in items] or [0]))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = french_integer
    chart.bars[0].fillColor = SINGLE_COLOUR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = french_integer
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing
