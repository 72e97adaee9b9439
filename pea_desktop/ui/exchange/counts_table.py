"""What a file carries (or brings), per kind of record: new, changed, deleted."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHeaderView, QSizePolicy, QTableWidget, QTableWidgetItem, QWidget

from pea_desktop.services.exchange.rows import ACTIVITY, EXPENSE, RECEIPT
from pea_desktop.services.exchange.sending import Counts

ROWS = ((ACTIVITY, "Activités"), (EXPENSE, "Dépenses"), (RECEIPT, "Justificatifs"))
COLUMNS = ("Nouveaux", "Modifiés", "Supprimés")


class CountsTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(ROWS), len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setVerticalHeaderLabels([label for _, label in ROWS])
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.show_counts(Counts())

        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _height(self) -> int:
        """Every row shown, no scrolling: the height follows the font (zoom, 125 %)."""
        header = self.horizontalHeader().sizeHint().height()
        return header + self.verticalHeader().length() + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height())

    def show_counts(self, counts: Counts) -> None:
        for row, (kind, _) in enumerate(ROWS):
            for column, numbers in enumerate((counts.new, counts.changed, counts.deleted)):
                item = QTableWidgetItem(str(numbers[kind]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(row, column, item)

    def value(self, kind: str, column: int) -> int:
        row = [k for k, _ in ROWS].index(kind)
        item = self.item(row, column)
        return int(item.text()) if item is not None else 0
