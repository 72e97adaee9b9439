"""Table models shared by the lists: column specifications and an in-memory row model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.enums import LabelledEnum
from pea_desktop.domain.formatting import format_date, format_duration

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex


def display_value(value: Any) -> str:
    """How a plain value reads in a French list."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, LabelledEnum | ActivityKind):
        return value.label
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column: the row attribute it shows, its header, and how to show it."""

    key: str
    header: str
    numeric: bool = False
    formatter: Callable[[Any], str] = display_value
    width: int = 150  # pixels, at start; the user may resize
    stretch: bool = False  # takes the width left over
    tooltip: str = ""  # header tooltip, for a header that is not obvious
    cell_tooltip: str = ""  # row attribute shown as the cell's tooltip ("" none)


def duration_column(header: str = "Durée") -> Column:
    return Column("duration_minutes", header, numeric=True, formatter=format_duration, width=70)


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """Rows already in memory (small lists: volunteers, partners, the bin)."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def key_of(self, row: int) -> object:
        """The id of the record ``row`` shows (None for rows without one)."""
        return getattr(self._rows[row], "id", None)

    def row_of(self, key: object) -> int | None:
        """The row showing the record of id ``key``, or None."""
        if key is None:
            return None
        return next((i for i, r in enumerate(self._rows) if getattr(r, "id", None) == key), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].tooltip or None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.formatter(getattr(self._rows[index.row()], column.key))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.cell_tooltip:
            return getattr(self._rows[index.row()], column.cell_tooltip) or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].key
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(
            key=lambda r: (getattr(r, key) is None, display_value(getattr(r, key)).lower()),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()
