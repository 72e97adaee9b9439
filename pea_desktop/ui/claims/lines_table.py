"""The editable table of a claim's expense lines (inside the claim editor).

Mileage amounts are not typed: the editor asks the services for their value on the scale and
shows it in the (read-only) amount cell as the kilometres are typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.formatting import format_euros, format_km, format_number
from pea_desktop.domain.money import parse_decimal
from pea_desktop.services.claims.expenses import ExpenseDraft
from pea_desktop.services.claims.views import ClaimLineInfo
from pea_desktop.ui.common.widgets import DateEdit, EnumCombo, cell_widget

DATE, KIND, ACTIVITY, PURPOSE, FROM, TO, KM, AMOUNT, RECEIPTS = range(9)
HEADERS = ("Date", "Nature", "Activité", "Objet", "Départ", "Arrivée", "km", "Montant", "Just.")
WIDTHS = (105, 185, 150, 180, 110, 110, 65, 85, 40)
COMPUTED = QBrush(QColor("#eef1f5"))


@dataclass
class _RowMeta:
    line_id: int | None
    activity_id: int | None
    receipts: int


def _number(text: str) -> str:
    return text.replace("\u202f", " ")


def _km(km: Decimal | None) -> str:
    return "" if km is None else _number(format_km(km))


class LiveDelegate(QStyledItemDelegate):
    """Commits every keystroke, so that totals follow the typing (not only on Enter)."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda _text, e=editor: self.commitData.emit(e))
        return editor


class ClaimLinesTable(QTableWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        for column, width in enumerate(WIDTHS):
            self.setColumnWidth(column, width)
        self.horizontalHeader().setSectionResizeMode(PURPOSE, QHeaderView.ResizeMode.Stretch)
        self._live = LiveDelegate(self)
        for column in (KM, AMOUNT):
            self.setItemDelegateForColumn(column, self._live)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self._meta: list[_RowMeta] = []
        self.removed: list[int] = []
        self._editable = True
        self._loading = False
        self.itemChanged.connect(self._changed)

    # --- filling ------------------------------------------------------------------------------
    def set_lines(self, lines: tuple[ClaimLineInfo, ...], editable: bool) -> None:
        self._loading = True
        self._editable = editable
        self.setRowCount(0)
        self._meta = []
        self.removed = []
        for line in lines:
            self._append(
                _RowMeta(line.id, line.activity_id, len(line.receipts)),
                line.day,
                line.kind,
                line.description,
                line.trip_from,
                line.trip_to,
                line.km,
                line.amount,
                line.activity_label,
            )
        self._loading = False

    def add_line(self, day: date, kind: ExpenseKind = ExpenseKind.MILEAGE) -> int:
        self._append(_RowMeta(None, None, 0), day, kind, "", "", "", None, None, "")
        row = self.rowCount() - 1
        self.setCurrentCell(row, PURPOSE)
        self.edited.emit()
        return row

    def remove_current(self) -> None:
        row = self.currentRow()
        if row < 0:
            return
        meta = self._meta.pop(row)
        if meta.line_id is not None:
            self.removed.append(meta.line_id)
        self.removeRow(row)
        self.edited.emit()

    def _append(
        self,
        meta: _RowMeta,
        day: date,
        kind: ExpenseKind,
        description: str,
        trip_from: str,
        trip_to: str,
        km: Decimal | None,
        amount: Decimal | None,
        activity_label: str,
    ) -> None:
        was_loading, self._loading = self._loading, True
        row = self.rowCount()
        self.insertRow(row)
        self._meta.append(meta)
        date_edit = DateEdit()
        date_edit.set_value(day)
        date_edit.setEnabled(self._editable)
        date_edit.dateChanged.connect(self._changed)
        self.setCellWidget(row, DATE, date_edit)
        combo = EnumCombo(ExpenseKind)
        combo.set_value(kind)
        combo.setEnabled(self._editable)
        combo.currentIndexChanged.connect(lambda _i, r=date_edit: self._kind_changed(r))
        self.setCellWidget(row, KIND, combo)
        activity = QTableWidgetItem(activity_label)
        activity.setFlags(activity.flags() & ~Qt.ItemFlag.ItemIsEditable)
        activity.setToolTip(activity_label)
        activity.setBackground(COMPUTED)
        self.setItem(row, ACTIVITY, activity)
        self.setItem(row, PURPOSE, QTableWidgetItem(description))
        self.setItem(row, FROM, QTableWidgetItem(trip_from))
        self.setItem(row, TO, QTableWidgetItem(trip_to))
        self.setItem(row, KM, self._right(_km(km)))
        mileage = kind is ExpenseKind.MILEAGE
        shown = (format_euros(amount) if mileage else format_number(amount)) if amount else ""
        self.setItem(row, AMOUNT, self._right(_number(shown)))
        receipts = self._right(str(meta.receipts) if meta.receipts else "")
        receipts.setFlags(receipts.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.setItem(row, RECEIPTS, receipts)
        if not self._editable:
            for column in (PURPOSE, FROM, TO, KM, AMOUNT):
                item = self._cell(row, column)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self._style_row(row)
        self._loading = was_loading

    @staticmethod
    def _right(text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _row_of(self, date_edit: QWidget) -> int:
        for row in range(self.rowCount()):
            if self.cellWidget(row, DATE) is date_edit:
                return row
        return -1

    def _kind_changed(self, date_edit: QWidget) -> None:
        row = self._row_of(date_edit)
        if row >= 0:
            self._style_row(row)
            self._changed()

    def _style_row(self, row: int) -> None:
        """Mileage: km typed, amount computed. Other kinds: amount typed, no km."""
        mileage = self.kind(row) is ExpenseKind.MILEAGE
        was_loading, self._loading = self._loading, True
        amount, km = self._cell(row, AMOUNT), self._cell(row, KM)
        editable = Qt.ItemFlag.ItemIsEditable
        if self._editable:
            amount.setFlags(amount.flags() & ~editable if mileage else amount.flags() | editable)
            km.setFlags(km.flags() | editable if mileage else km.flags() & ~editable)
        amount.setBackground(COMPUTED if mileage else QBrush())
        km.setBackground(QBrush() if mileage else COMPUTED)
        amount.setToolTip(self.tr("Calculé sur le barème kilométrique") if mileage else "")
        if not mileage:
            km.setText("")
        self._loading = was_loading

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    # --- reading ------------------------------------------------------------------------------
    def kind(self, row: int) -> ExpenseKind:
        kind: ExpenseKind = cell_widget(self, row, KIND, EnumCombo).chosen()
        return kind

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        """The item of a cell; every cell of a loaded row has one."""
        item = self.item(row, column)
        assert item is not None, (row, column)
        return item

    def line_id(self, row: int) -> int | None:
        return self._meta[row].line_id if 0 <= row < len(self._meta) else None

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item else ""

    def drafts(self, volunteer_id: int) -> tuple[list[ExpenseDraft], list[str]]:
        """The rows as drafts, and the numbers that could not be read (French, row named)."""
        drafts, problems = [], []
        for row in range(self.rowCount()):
            kind = self.kind(row)
            values: dict[str, Decimal | None] = {}
            for column, name in ((KM, "km"), (AMOUNT, "montant")):
                text = self.text(row, column)
                values[name] = None
                if text and (kind is ExpenseKind.MILEAGE) == (column == KM):
                    try:
                        values[name] = parse_decimal(text)
                    except ValueError:
                        problems.append(
                            self.tr("ligne {0}, colonne {1} : « {2} » n'est pas un nombre.").format(
                                row + 1, name, text
                            )
                        )
            drafts.append(
                ExpenseDraft(
                    volunteer_id=volunteer_id,
                    day=cell_widget(self, row, DATE, DateEdit).value(),
                    kind=kind,
                    km=values["km"],
                    amount=values["montant"],
                    trip_from=self.text(row, FROM),
                    trip_to=self.text(row, TO),
                    description=self.text(row, PURPOSE),
                    activity_id=self._meta[row].activity_id,
                    id=self._meta[row].line_id,
                )
            )
        return drafts, problems

    def show_amounts(self, amounts: list[Decimal | None]) -> None:
        """Show the computed amounts of mileage rows (one value per row, in order)."""
        was_loading, self._loading = self._loading, True
        for row, amount in enumerate(amounts):
            if row < self.rowCount() and self.kind(row) is ExpenseKind.MILEAGE:
                self._cell(row, AMOUNT).setText(_number(format_euros(amount)) if amount else "")
        self._loading = was_loading
