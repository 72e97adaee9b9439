"""Choose the period of a summary: a year, a quarter, a month, or any range of days."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QSpinBox, QWidget

from pea_desktop.domain.formatting import MONTH_NAMES
from pea_desktop.domain.period import Period

KINDS = (
    ("year", "Année"),
    ("quarter", "Trimestre"),
    ("month", "Mois"),
    ("custom", "Période libre"),
)


class PeriodChooser(QWidget):
    changed = Signal(object)  # the new Period

    def __init__(self, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = today or date.today()
        self.kind = QComboBox()
        for code, name in KINDS:
            self.kind.addItem(self.tr(name), code)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.quarter = QComboBox()
        for number in range(1, 5):
            self.quarter.addItem(
                self.tr(f"{'1er' if number == 1 else f'{number}e'} trimestre"), number
            )
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.month = QComboBox()
        for number, name in enumerate(MONTH_NAMES, start=1):
            self.month.addItem(name.capitalize(), number)
        self.month.setCurrentIndex(today.month - 1)
        self.start = self._date_edit(date(today.year, 1, 1))
        self.end = self._date_edit(today)
        self.dash = QLabel("→")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("&Période :"))
        label.setBuddy(self.kind)
        widgets: tuple[QWidget, ...] = (
            label,
            self.kind,
            self.year,
            self.quarter,
            self.month,
            self.start,
            self.dash,
            self.end,
        )
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for combo in (self.quarter, self.month):
            combo.currentIndexChanged.connect(self._emit)
        self.year.valueChanged.connect(self._emit)
        self.start.dateChanged.connect(self._emit)
        self.end.dateChanged.connect(self._emit)
        self._kind_changed()

    @staticmethod
    def _date_edit(value: date) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        return edit

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.year.setVisible(kind != "custom")
        self.quarter.setVisible(kind == "quarter")
        self.month.setVisible(kind == "month")
        for widget in (self.start, self.dash, self.end):
            widget.setVisible(kind == "custom")
        self._emit()

    def _emit(self) -> None:
        period = self.period()
        if period is not None:
            self.changed.emit(period)

    def period(self) -> Period | None:
        """The period chosen, or None while a custom range ends before it starts."""
        kind = self.kind.currentData()
        year = self.year.value()
        if kind == "quarter":
            return Period.for_quarter(year, self.quarter.currentData())
        if kind == "month":
            return Period.for_month(year, self.month.currentData())
        if kind == "custom":
            start, end = _day(self.start), _day(self.end)
            return Period.custom(start, end) if start <= end else None
        return Period.for_year(year)

    def set_period(self, kind: str, year: int, number: int = 1) -> None:
        """Choose a period in code (tests, restoring the last choice)."""
        self.blockSignals(True)
        self.year.setValue(year)
        if kind == "quarter":
            self.quarter.setCurrentIndex(number - 1)
        elif kind == "month":
            self.month.setCurrentIndex(number - 1)
        self.blockSignals(False)
        index = self.kind.findData(kind)
        if index != self.kind.currentIndex():
            self.kind.setCurrentIndex(index)  # emits through _kind_changed
        else:
            self._emit()


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())
