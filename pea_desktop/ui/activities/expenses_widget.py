"""The "Frais engagés" group of the activity form: kilometres and four amounts, French typing."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.formatting import format_euros
from pea_desktop.domain.money import parse_decimal
from pea_desktop.services.activities.expenses import LABELS, ActivityExpenses, expense_problems

# Label with its keyboard shortcut, unit, and place in the grid (row, column pair).
_FIELDS = {
    ExpenseKind.MILEAGE: ("&Kilomètres", "km", 1, 0),
    ExpenseKind.TOLL: ("Péa&ge", "€", 2, 0),
    ExpenseKind.PARKING: ("Stati&onnement", "€", 2, 1),
    ExpenseKind.TRANSPORT: ("Transport en co&mmun", "€", 3, 0),
    ExpenseKind.MEAL: ("R&epas", "€", 3, 1),
}
_HINT_STYLE = "color: palette(placeholder-text);"


def _field_rank(problem: str) -> int:
    ranks = (i for i, kind in enumerate(_FIELDS) if problem.startswith(f"{LABELS[kind]} :"))
    return next(ranks, len(_FIELDS))


class DecimalEdit(QLineEdit):
    """A quantity typed the French way ("3,20", "1 234,5"); empty means none."""

    def __init__(self, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._unit = unit
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0" if unit == "km" else "0,00")
        self.setFixedWidth(96)
        self.setMaxLength(16)

    def value(self) -> Decimal | None:
        """The number typed, None when empty; ValueError when it is not a number."""
        text = self.text().strip()
        if self._unit == "km":
            text = text.removesuffix("km").removesuffix("KM").strip()
        return parse_decimal(text) if text else None

    def set_value(self, value: Decimal | None) -> None:
        if value is None:
            self.setText("")
        else:
            places = 1 if self._unit == "km" else 2
            text = f"{value:.{places}f}".replace(".", ",")
            self.setText(text.removesuffix(",0") if self._unit == "km" else text)


class ActivityExpensesWidget(QGroupBox):
    """What the first volunteer spent for the activity; read-only where a claim forbids edits.

    Forms watch :attr:`fields` (their ``textChanged``) to validate as the user types. No Python
    signal is emitted per keystroke: PySide6 6.12.0's ``SignalInstance.emit`` drops a reference
    to ``True`` on each call, which ends in a crash after a few thousand.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Frais engagés (premier bénévole)", parent)
        self._loaded = ActivityExpenses()
        self.owner = QLabel()
        self.owner.setStyleSheet(_HINT_STYLE)
        self.mileage_amount = QLabel()
        self.mileage_amount.setWordWrap(True)
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)
        self.lock_label.setTextFormat(Qt.TextFormat.PlainText)
        self.lock_label.setStyleSheet(_HINT_STYLE)
        self.fields: dict[ExpenseKind, DecimalEdit] = {}

        grid = QGridLayout(self)
        grid.addWidget(self.owner, 0, 0, 1, 6)
        for kind, (label_text, unit, row, pair) in _FIELDS.items():
            edit = DecimalEdit(unit)
            edit.setAccessibleName(LABELS[kind])
            label = QLabel(label_text)
            label.setBuddy(edit)
            grid.addWidget(label, row, pair * 3, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(edit, row, pair * 3 + 1)
            grid.addWidget(QLabel(unit), row, pair * 3 + 2)
            edit.textChanged.connect(self._show_mileage)
            self.fields[kind] = edit
        grid.addWidget(self.mileage_amount, 1, 3, 1, 3)
        grid.addWidget(self.lock_label, 4, 0, 1, 6)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(5, 1)
        self.set_expenses(ActivityExpenses())

    # --- values -------------------------------------------------------------------------
    def set_expenses(self, expenses: ActivityExpenses) -> None:
        self._loaded = expenses
        for kind, edit in self.fields.items():
            edit.blockSignals(True)
            edit.set_value(expenses.value(kind))
            edit.blockSignals(False)
            reason = expenses.locks.get(kind, "")
            edit.setReadOnly(bool(reason))
            edit.setToolTip(reason[:1].upper() + reason[1:] + "." if reason else "")
            edit.setStyleSheet("background: palette(window);" if reason else "")
        self.lock_label.setText(expenses.lock_reason)
        self.lock_label.setVisible(expenses.locked)
        self._show_mileage()

    def set_owner(self, name: str) -> None:
        """The first volunteer listed, whose expenses these are."""
        self.owner.setText(f"Au nom de {name}" if name else "Choisissez d'abord un bénévole.")

    def expenses(self) -> ActivityExpenses:
        """The values typed (unreadable ones as none: :meth:`problems` reports them)."""
        result = replace(self._loaded, locks=dict(self._loaded.locks))
        for kind, edit in self.fields.items():
            if kind not in result.locks:
                try:
                    result.set_value(kind, edit.value())
                except ValueError:
                    result.set_value(kind, None)
        return result

    def problems(self, first_volunteer_id: int | None) -> list[str]:
        problems = []
        for kind, edit in self.fields.items():
            try:
                edit.value()
            except ValueError:
                unit = "une distance (ex. 42,5)" if kind is ExpenseKind.MILEAGE else "un montant"
                problems.append(f"{LABELS[kind]} : « {edit.text().strip()} » n'est pas {unit}.")
        problems += expense_problems(self.expenses(), first_volunteer_id)
        return sorted(problems, key=_field_rank)  # in the order of the fields

    # --- display ------------------------------------------------------------------------
    def _show_mileage(self) -> None:
        loaded = self._loaded
        try:
            km = self.fields[ExpenseKind.MILEAGE].value()
        except ValueError:
            km = None
        if not km or km <= 0:
            text = ""
        elif loaded.mileage_amount is not None and km == loaded.km:
            text = f"soit {format_euros(loaded.mileage_amount)} (note {loaded.mileage_claim})"
        else:
            text = "valorisé au barème sur la note de frais"
        self.mileage_amount.setText(text)
        self.mileage_amount.setStyleSheet("" if loaded.mileage_amount is not None else _HINT_STYLE)
