"""« Virements SEPA… »: the month's approved claims to pay, the transfer file, its confirmation.

The treasurer writes the pain.001 file (services/claims/sepa.py records it as a pending batch),
sends it to the bank, then comes back here: « Confirmer » marks its claims paid by transfer,
« Annuler » frees them for another file (the file was not sent, or the bank refused it).
IBANs are shown masked; the full numbers only go into the file.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date, format_euros, month_label
from pea_desktop.domain.plurals import plural
from pea_desktop.services.claims import sepa
from pea_desktop.services.claims.sepa import BatchRow
from pea_desktop.services.output_files import write_bytes_atomically
from pea_desktop.ui.common import settings
from pea_desktop.ui.context import AppContext

TITLE = "Virements SEPA"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], right: set[int]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class SepaDialog(QDialog):
    def __init__(
        self, context: AppContext, year: int, month: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.year, self.month = context, year, month
        self.batches: list[BatchRow] = []
        self.setWindowTitle(TITLE)
        self.setMinimumSize(720, 520)
        label = month_label(year, month)
        self.to_pay_title = QLabel(f"<b>Notes approuvées de {label} à rembourser par virement</b>")
        self.to_pay = _table(["Note", "Bénévole", "IBAN", "Montant"])
        self.left_out = QLabel()
        self.left_out.setWordWrap(True)
        self.left_out.setStyleSheet("color: #5f6b7a;")
        self.write_button = QPushButton("&Écrire le fichier de virement…")
        self.write_button.setToolTip(
            "Le fichier SEPA (pain.001) à transmettre à la banque ; les notes restent "
            "approuvées jusqu'à la confirmation du virement"
        )
        self.batches_table = _table(["Créé le", "Mois", "Virements", "Total", "État"])
        self.confirm_button = QPushButton("&Confirmer : notes payées…")
        self.confirm_button.setToolTip(
            "La banque a accepté le fichier : ses notes sont marquées payées par virement"
        )
        self.cancel_button = QPushButton("&Annuler ce virement…")
        self.cancel_button.setToolTip(
            "Le fichier n'a pas été transmis ou la banque l'a refusé : ses notes pourront "
            "aller dans un autre virement"
        )
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.write_button.clicked.connect(self.write_file)
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.batches_table.itemSelectionChanged.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.to_pay_title)
        layout.addWidget(self.to_pay, 2)
        layout.addWidget(self.left_out)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.write_button)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>Virements préparés</b>"))
        layout.addWidget(self.batches_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.confirm_button)
        row.addWidget(self.cancel_button)
        row.addStretch()
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    # --- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        db = self.context.db
        lines, left_out = sepa.transfer_candidates(
            db, self.year, self.month, self.context.antenna_id
        )
        rows = [
            [ln.claim_number, ln.volunteer, ln.iban_masked, format_euros(ln.amount)] for ln in lines
        ]
        _fill(self.to_pay, rows, right={3})
        self.left_out.setText("Non inclus : " + " ; ".join(left_out) + "." if left_out else "")
        self.left_out.setVisible(bool(left_out))
        self.write_button.setEnabled(bool(lines))
        if lines:
            total = format_euros(sum((ln.amount for ln in lines), Decimal("0.00")))
            self.write_button.setText(
                f"&Écrire le fichier de virement ({plural(len(lines), 'note')}, {total})…"
            )
        self.batches = sepa.list_batches(db)
        _fill(
            self.batches_table,
            [
                [b.created_at, b.period, str(b.transfers), format_euros(b.total), b.state]
                for b in self.batches
            ],
            right={2, 3},
        )
        self._update_buttons()

    def selected_batch(self) -> BatchRow | None:
        rows = self.batches_table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        batch = self.selected_batch()
        pending = batch is not None and batch.pending
        self.confirm_button.setEnabled(pending)
        self.cancel_button.setEnabled(pending)

    # --- acting ----------------------------------------------------------------------------
    def _ask_path(self) -> Path | None:
        suggested = f"virement-{self.year}-{self.month:02d}.xml"
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Enregistrer le fichier de virement",
            str(Path(settings.last_folder("sepa")) / suggested),
            "Virement SEPA (*.xml)",
        )
        if not name:
            return None
        settings.remember_folder("sepa", name)
        path = Path(name)
        return path if path.suffix.lower() == ".xml" else path.with_suffix(".xml")

    def write_file(self) -> None:
        target = self._ask_path()
        if target is None:
            return
        db = self.context.db
        try:
            transfer = sepa.prepare_transfer(db, self.year, self.month, self.context.antenna_id)
        except BadInputError as error:
            QMessageBox.warning(self, TITLE, str(error))
            return
        try:
            write_bytes_atomically(target, transfer.xml)
        except BadInputError as error:
            sepa.cancel_batch(db, transfer.batch_id)  # no file, no pending batch
            QMessageBox.warning(self, TITLE, str(error))
            return
        finally:
            self.refresh()
        self.context.notify_changed()
        QMessageBox.information(
            self,
            TITLE,
            f"Fichier écrit : {target}\n{transfer.summary()}.\n\nTransmettez-le à la banque, "
            "puis revenez ici confirmer le virement : ses notes seront alors marquées payées.",
        )

    def confirm_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or not batch.pending:
            return
        today = date.today()
        question = (
            f"La banque a-t-elle accepté le virement de {batch.period} "
            f"({plural(batch.transfers, 'note')}, {format_euros(batch.total)}) ?\n"
            f"Ses notes seront marquées payées par virement le {format_date(today)}."
        )
        if not self._yes(question):
            return
        try:
            paid = sepa.confirm_batch(self.context.db, batch.id, today)
        except BadInputError as error:
            QMessageBox.warning(self, TITLE, str(error))
        else:
            QMessageBox.information(
                self, TITLE, f"{plural(len(paid), 'note marquée payée', 'notes marquées payées')}."
            )
        self.refresh()
        self.context.notify_changed()

    def cancel_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or not batch.pending:
            return
        question = (
            f"Annuler le virement de {batch.period} ({format_euros(batch.total)}) ?\n"
            "Ne le faites que si le fichier n'a pas été transmis ou si la banque l'a refusé : "
            "ses notes restent approuvées et pourront aller dans un autre virement."
        )
        if not self._yes(question):
            return
        try:
            sepa.cancel_batch(self.context.db, batch.id)
        except BadInputError as error:
            QMessageBox.warning(self, TITLE, str(error))
        self.refresh()
        self.context.notify_changed()

    def _yes(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            TITLE,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
