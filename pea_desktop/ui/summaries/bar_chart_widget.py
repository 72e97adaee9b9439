"""A small stacked bar chart drawn with QPainter (QtCharts is deprecated and not bundled).

One bar per period (month), split by series (activity kind), with a legend and a few
horizontal grid lines. The chart only draws what it is given: no data access here.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


def nice_top(value: int) -> tuple[int, int]:
    """Axis maximum and grid step: 0-5 by 1, then steps of 2, 5, 10, 20, 50..."""
    if value <= 5:
        return 5, 1
    step = 1
    while True:
        for factor in (2, 5, 10):
            candidate = step * factor
            if value / candidate <= 6:
                return -(-value // candidate) * candidate, candidate
        step *= 10


class StackedBarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, dict[str, int]]] = []
        self.series: list[tuple[str, str, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(170)

    def sizeHint(self) -> QSize:
        return QSize(520, 220)

    def set_data(
        self, bars: Sequence[tuple[str, dict[str, int]]], series: Sequence[tuple[str, str, str]]
    ) -> None:
        """``bars``: (label, {series code: value}); ``series``: (code, legend label, colour
        "#rrggbb", the same as the PDF charts': activity_kinds describes it)."""
        self.bars = list(bars)
        self.series = list(series)
        totals = ", ".join(f"{label} : {sum(values.values())}" for label, values in self.bars)
        self.setAccessibleDescription(totals)
        self.update()

    def total(self, index: int) -> int:
        return sum(self.bars[index][1].values())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.windowText().color()
        metrics = painter.fontMetrics()
        line = metrics.height()
        highest, step = nice_top(max((self.total(i) for i in range(len(self.bars))), default=0))
        left = metrics.horizontalAdvance(f"{highest:,}".replace(",", "\u202f")) + 10
        right, top, bottom = 8, 8, 2 * line + 14
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        if plot.width() <= 10 or plot.height() <= 10:
            return
        grid_pen = QPen(QColor(text_colour))
        grid_pen.setWidthF(0.5)
        grid_colour = QColor(text_colour)
        grid_colour.setAlpha(50)
        grid_pen.setColor(grid_colour)
        for value in range(0, highest + 1, step):
            y = plot.bottom() - plot.height() * value / highest
            painter.setPen(grid_pen)
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(0, y - line / 2, left - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:,}".replace(",", "\u202f"),
            )
        count = max(len(self.bars), 1)
        slot = plot.width() / count
        width = slot * 0.7
        for index, (label, values) in enumerate(self.bars):
            x = plot.left() + index * slot + (slot - width) / 2
            y = plot.bottom()
            for code, _, colour in self.series:
                value = values.get(code, 0)
                if not value:
                    continue
                height = plot.height() * value / highest
                painter.fillRect(QRectF(x, y - height, width, height), QColor(colour))
                y -= height
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(plot.left() + index * slot, plot.bottom() + 2, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )
        x = plot.left()
        legend_y = self.height() - line - 4
        for _, label, colour in self.series:
            painter.fillRect(QRectF(x, legend_y + 2, line - 4, line - 4), QColor(colour))
            painter.setPen(text_colour)
            painter.drawText(int(x + line), int(legend_y + metrics.ascent()), label)
            x += line + metrics.horizontalAdvance(label) + 18
        painter.end()
