"""Small input widgets used by every form, each with a plain-value getter and setter."""

from __future__ import annotations

from datetime import date, time
from typing import Generic, TypeVar

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QWidget,
)

from pea_desktop.domain.enums import LabelledEnum
from pea_desktop.domain.formatting import format_duration
from pea_desktop.domain.text import parse_duration

W = TypeVar("W", bound=QWidget)
E = TypeVar("E", bound=LabelledEnum)


class EnumCombo(QComboBox, Generic[E]):
    """Choose one member of a LabelledEnum by its French label; optionally "not given"."""

    def __init__(
        self,
        enum_class: type[E],
        *,
        empty_label: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._enum_class = enum_class
        if empty_label is not None:
            self.addItem(empty_label, None)
        for member in enum_class:
            self.addItem(member.label, member.value)

    def value(self) -> E | None:
        data = self.currentData()
        return None if data is None else self._enum_class(data)

    def chosen(self) -> E:
        """The member shown, for a combo that offers no empty choice."""
        value = self.value()
        if value is None:
            raise ValueError("EnumCombo.chosen() on a combo showing its empty choice")
        return value

    def set_value(self, value: E | None) -> None:
        index = self.findData(None if value is None else value.value)
        self.setCurrentIndex(max(index, 0))


class DateEdit(QDateEdit):
    """A French date field with a calendar, never later than today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setDate(QDate.currentDate())

    def value(self) -> date:
        chosen = self.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))


class OptionalIntSpin(QSpinBox):
    """A count that may be left empty ("—" shown, None returned)."""

    def __init__(self, maximum: int = 9999, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(-1, maximum)
        self.setSpecialValueText("—")
        self.setValue(-1)
        self.setMaximumWidth(110)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def int_value(self) -> int | None:
        return None if self.value() < 0 else self.value()

    def set_int_value(self, value: int | None) -> None:
        self.setValue(-1 if value is None else value)


class DurationEdit(QLineEdit):
    """Duration typed as "90", "1h30" or "1:30"; ``minutes()`` is None when empty or wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("ex. 1h30 ou 90")

    def minutes(self) -> int | None:
        try:
            return parse_duration(self.text()) if self.text().strip() else None
        except ValueError:
            return None

    def is_valid(self) -> bool:
        return not self.text().strip() or self.minutes() is not None

    def set_minutes(self, minutes: int | None) -> None:
        self.setText("".join(format_duration(minutes).split()) if minutes else "")


class TimeEdit(QLineEdit):
    """An optional start time typed "14:30" or "14h30"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("hh:mm")
        self.setMaximumWidth(80)

    def value(self) -> time | None:
        text = self.text().strip().lower().replace("h", ":")
        if not text:
            return None
        parsed = QTime.fromString(text if ":" in text[:-1] else text + "00", "H:mm")
        return time(parsed.hour(), parsed.minute()) if parsed.isValid() else None

    def is_valid(self) -> bool:
        return not self.text().strip() or self.value() is not None

    def set_value(self, value: time | None) -> None:
        self.setText(value.strftime("%H:%M") if value else "")


def set_save_enabled(button: QPushButton, enabled: bool) -> None:
    """Enable the Save button and keep it the default one, so that Enter saves.

    Qt drops the default flag of a button that was disabled when its dialog was shown.
    """
    button.setEnabled(enabled)
    button.setDefault(enabled)


class ProblemsLabel(QLabel):
    """Why the form cannot be saved yet, in French, updated as the user types."""

    changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e;")
        self.setTextFormat(Qt.TextFormat.PlainText)

    def show_problems(self, problems: list[str]) -> None:
        self.setText("\n".join(f"• {p}" for p in problems))
        self.setVisible(bool(problems))
        self.changed.emit(not problems)


def cell_widget(table: QTableWidget, row: int, column: int, kind: type[W]) -> W:
    """The editor widget a table placed in a cell, checked to be of the class it put there."""
    widget = table.cellWidget(row, column)
    assert isinstance(widget, kind), (row, column, widget)
    return widget
