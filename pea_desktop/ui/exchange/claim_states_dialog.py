"""Notes de frais › État chez la coordination… : on a volunteer's laptop, their claims as the
coordinator last sent them back (read-only: the coordinator's laptop decides)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.formatting import format_date, format_euros
from pea_desktop.services.database import Database
from pea_desktop.services.exchange import claim_states

COLUMNS = ("N°", "Période", "Statut", "Montant", "Payée le")
AMOUNT, REASON = 3, 2


class ClaimStatesDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mes notes de frais (état chez la coordination)")
        self.resize(720, 360)
        self.rows = claim_states.my_claims(db)
        last = claim_states.last_update(db)
        if not self.rows:
            text = (
                "La coordination n'a encore envoyé l'état d'aucune de vos notes de frais. "
                "Il arrive avec son prochain fichier (Fichier › Recevoir…)."
            )
        else:
            text = (
                "Vos notes de frais telles que la coordination les a traitées, d'après son "
                "dernier fichier reçu"
                + (f" (le {format_date(last.date())})" if last is not None else "")
                + ". Elles se mettent à jour à chaque fichier reçu de la coordination."
            )
        self.intro = QLabel(text)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(self.rows):
            values = (
                row.number,
                row.period_label,
                row.status_text,
                format_euros(row.amount),
                format_date(row.paid_on) if row.paid_on else "",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == AMOUNT:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c == REASON:
                    item.setToolTip(value)  # a long refusal reason reads in full
                self.table.setItem(r, c, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
