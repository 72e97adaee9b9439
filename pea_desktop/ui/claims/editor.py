"""The claim editor: lines and receipts, the volunteer's choice, totals updated as you type,
the workflow buttons, PDFs of the claim and of its tax receipt."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.claims import ClaimAction
from pea_desktop.domain.errors import BadInputError, StaleRecordError
from pea_desktop.domain.formatting import format_date, format_euros
from pea_desktop.reports.claim_form import claim_form_pdf
from pea_desktop.reports.tax_receipt import tax_receipt_pdf
from pea_desktop.services.claims import documents as claim_documents
from pea_desktop.services.claims import receipts
from pea_desktop.services.claims import workflow as claims
from pea_desktop.services.claims.expenses import validate_expense
from pea_desktop.services.claims.views import ClaimDetail, load_claim
from pea_desktop.services.output_files import write_bytes_atomically
from pea_desktop.ui.claims import printing as claim_printing
from pea_desktop.ui.claims import workflow as claim_workflow
from pea_desktop.ui.claims.lines_table import ClaimLinesTable
from pea_desktop.ui.common.stale import refused_as_stale
from pea_desktop.ui.common.widgets import ProblemsLabel, set_save_enabled
from pea_desktop.ui.context import AppContext

WARNING_STYLE = "background: #fdf1d8; padding: 6px; border-radius: 4px;"


class ClaimEditorDialog(QDialog):
    def __init__(self, context: AppContext, claim_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.claim_id = claim_id
        self.detail: ClaimDetail = load_claim(context.db, claim_id)
        self.dirty = False
        self.resize(1050, 680)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.reimburse = QRadioButton(self.tr("Remboursement"))
        self.waive = QRadioButton(self.tr("Abandon de frais (don, reçu fiscal)"))
        self.choice = QButtonGroup(self)
        for button in (self.reimburse, self.waive):
            self.choice.addButton(button)
        self.lines = ClaimLinesTable()
        self.add_button = QPushButton(self.tr("&Ajouter une ligne"))
        self.remove_button = QPushButton(self.tr("&Retirer la ligne"))
        self.attach_button = QPushButton(self.tr("&Joindre un justificatif…"))
        self.view_button = QPushButton(self.tr("&Voir les justificatifs"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Observations"))
        self.notes.setMaximumHeight(60)
        self.problems = ProblemsLabel()
        self.total = QLabel()
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setStyleSheet("color: #5f6b7a;")
        self.actions_bar = QHBoxLayout()
        self.pdf_button = QPushButton(self.tr("Enregistrer en &PDF…"))
        self.print_button = QPushButton(self.tr("&Imprimer…"))
        self.receipt_pdf_button = QPushButton(self.tr("Reçu fiscal en PDF…"))
        self.reissue_button = QPushButton(self.tr("Annuler et réémettre le reçu…"))
        self.save_button = QPushButton(self.tr("&Enregistrer"))
        self.close_button = QPushButton(self.tr("Fermer"))
        self._preview_timer = QTimer(self, singleShot=True, interval=150)
        self._layout()
        self._connect()
        self._show()

    # --- layout and signals ------------------------------------------------------------------
    def _layout(self) -> None:
        choice = QHBoxLayout()
        choice.addWidget(QLabel(self.tr("Choix du bénévole :")))
        choice.addWidget(self.reimburse)
        choice.addWidget(self.waive)
        choice.addStretch()
        line_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.attach_button, self.view_button):
            line_buttons.addWidget(button)
        line_buttons.addStretch()
        line_buttons.addWidget(self.total)
        documents = QHBoxLayout()
        for button in (self.pdf_button, self.print_button):
            documents.addWidget(button)
        documents.addWidget(self.receipt_pdf_button)
        documents.addWidget(self.reissue_button)
        documents.addStretch()
        documents.addWidget(self.save_button)
        documents.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.warnings)
        layout.addLayout(choice)
        layout.addWidget(self.lines, 1)
        layout.addLayout(line_buttons)
        layout.addWidget(self.notes)
        layout.addWidget(self.problems)
        layout.addLayout(self.actions_bar)
        layout.addWidget(self.history)
        layout.addLayout(documents)

    def _connect(self) -> None:
        self.lines.edited.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self.choice.buttonToggled.connect(lambda *_: self._edited())
        self._preview_timer.timeout.connect(self.update_totals)
        self.add_button.clicked.connect(self.add_line)
        self.remove_button.clicked.connect(self.lines.remove_current)
        self.attach_button.clicked.connect(self.attach_receipt)
        self.view_button.clicked.connect(self.show_receipts)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close_editor)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_claim)
        self.receipt_pdf_button.clicked.connect(self.save_receipt_pdf)
        self.reissue_button.clicked.connect(self.reissue_receipt)

    def _show(self) -> None:
        """Fill every widget from ``self.detail`` (after opening and after each action)."""
        d = self.detail
        self.setWindowTitle(self.tr("Note de frais {0}").format(d.number))
        self.header.setText(
            f"<b>{d.number}</b> — {html.escape(d.volunteer_name)} — {d.period_label} — "
            + self.tr("Antenne : ")
            + html.escape(d.antenna_label)
            + " — "
            + self.tr("Statut : ")
            + f"<b>{d.status.label}</b>"
            + (self.tr(" (verrouillée)") if d.locked else "")
        )
        warnings = [w for w in (d.flag_reason, d.scale_notice) if w]
        if d.refusal_reason and not d.editable:
            warnings.append(self.tr("Motif du refus : ") + d.refusal_reason)
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self.choice.blockSignals(True)
        (self.waive if d.waiver else self.reimburse).setChecked(True)
        self.choice.blockSignals(False)
        self.notes.blockSignals(True)
        self.notes.setPlainText(d.notes)
        self.notes.blockSignals(False)
        self.lines.set_lines(d.lines, d.editable)
        for widget in (self.reimburse, self.waive, self.add_button, self.remove_button):
            widget.setEnabled(d.editable)
        self.notes.setReadOnly(not d.editable)
        self.attach_button.setEnabled(not d.locked)
        self.save_button.setVisible(d.editable)
        self.receipt_pdf_button.setVisible(d.tax_receipt_id is not None)
        self.reissue_button.setVisible(d.tax_receipt_id is not None)
        self._show_actions()
        self._show_history()
        self.dirty = False
        self.update_totals()

    def _show_actions(self) -> None:
        while self.actions_bar.count():
            item = self.actions_bar.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.action_buttons: dict[object, QPushButton] = {}
        label = QLabel(self.tr("Suite à donner :"))
        self.actions_bar.addWidget(label)
        for action in self.detail.actions:
            button = QPushButton(self.tr(action.label))
            button.clicked.connect(lambda _=False, a=action: self.run_action(a))
            self.actions_bar.addWidget(button)
            self.action_buttons[action] = button
        label.setVisible(bool(self.detail.actions))
        self.actions_bar.addStretch()

    def _show_history(self) -> None:
        entries = [
            f"{format_date(h.at.date())} {h.at:%H:%M} — {h.target.label}"
            + (f" ({h.by})" if h.by else "")
            + (f" : {h.note}" if h.note else "")
            for h in self.detail.history
        ]
        self.history.setText(self.tr("Historique : ") + " · ".join(entries))

    # --- editing -----------------------------------------------------------------------------
    def _edited(self) -> None:
        self.dirty = True
        self._preview_timer.start()

    def add_line(self) -> None:
        day = min(date.today(), self.detail.period_end)
        self.lines.add_line(max(day, self.detail.period_start))

    def edit(self) -> tuple[claims.ClaimEdit, list[str]]:
        drafts, problems = self.lines.drafts(self.detail.volunteer_id)
        for number, draft in enumerate(drafts, start=1):
            problems += validate_expense(draft, self.tr("ligne {0}").format(number))
        edit = claims.ClaimEdit(
            waiver=self.waive.isChecked(),
            notes=self.notes.toPlainText(),
            lines=drafts,
            removed=list(self.lines.removed),
            version=self.detail.version,
        )
        return edit, problems

    def update_totals(self) -> None:
        """Total of the lines as typed; mileage valued by the services without writing."""
        if not self.detail.editable:
            self.total.setText(self.tr("Total : ") + format_euros(self.detail.total))
            self.problems.show_problems([])
            return
        edit, problems = self.edit()
        try:
            preview = claims.preview_claim(self.context.db, self.claim_id, edit)
        except BadInputError as error:
            problems.append(error.message)
        else:
            self.lines.show_amounts(preview.amounts)
            self.total.setText(self.tr("Total : ") + format_euros(preview.total))
        self.problems.show_problems(problems)
        set_save_enabled(self.save_button, not problems)

    def save(self) -> bool:
        edit, problems = self.edit()
        if problems:
            self.problems.show_problems(problems)
            return False
        try:
            claims.save_claim(self.context.db, self.claim_id, edit)
        except StaleRecordError as error:
            # Another user saved this claim since it was shown: nothing was written.
            refused_as_stale(self, error)
            return False
        except BadInputError as error:
            QMessageBox.warning(self, self.tr("Enregistrement impossible"), str(error))
            return False
        self.reload()
        return True

    def reload(self) -> None:
        self.detail = load_claim(self.context.db, self.claim_id)
        self._show()
        self.context.notify_changed()

    def _saved_first(self) -> bool:
        """Unsaved edits are saved before an action; False if they cannot be."""
        return not (self.detail.editable and self.dirty) or self.save()

    def close_editor(self) -> None:
        if self._may_close():
            self.accept()

    def reject(self) -> None:
        """Esc and the window's close button ask like Fermer: nothing typed is lost."""
        if self._may_close():
            super().reject()

    def _may_close(self) -> bool:
        if self.detail.editable and self.dirty:
            answer = QMessageBox.question(
                self,
                self.tr("Modifications non enregistrées"),
                self.tr("Enregistrer les modifications de la note ?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return False
        return True

    # --- receipts ------------------------------------------------------------------------------
    def attach_receipt(self) -> None:
        title = self.tr("Joindre un justificatif")
        line_id = self.lines.line_id(self.lines.currentRow())
        if self.lines.currentRow() < 0:
            QMessageBox.information(self, title, self.tr("Choisissez d'abord une ligne."))
            return
        if not self._saved_first():
            return
        if line_id is None:  # a new line: it has just been saved, in date order
            QMessageBox.information(
                self, title, self.tr("La note est enregistrée : choisissez à nouveau la ligne.")
            )
            return
        name, _ = QFileDialog.getOpenFileName(
            self,
            title,
            "",
            self.tr("PDF et images (*.pdf *.jpg *.jpeg *.png *.gif *.webp *.tif *.tiff *.heic)"),
        )
        if not name:
            return
        try:
            receipts.attach_file(self.context.db, line_id, Path(name))
        except BadInputError as error:
            QMessageBox.warning(self, title, str(error))
            return
        self.reload()
        self.select_line(line_id)

    def select_line(self, line_id: int) -> None:
        for row in range(self.lines.rowCount()):
            if self.lines.line_id(row) == line_id:
                self.lines.selectRow(row)

    def show_receipts(self) -> None:
        row = self.lines.currentRow()
        line = next((li for li in self.detail.lines if li.id == self.lines.line_id(row)), None)
        if line is None or not line.receipts:
            QMessageBox.information(
                self, self.tr("Justificatifs"), self.tr("Cette ligne n'a aucun justificatif.")
            )
            return
        menu = QMenu(self)
        for receipt in line.receipts:
            action = menu.addAction(receipt.original_name)
            action.triggered.connect(lambda _=False, r=receipt.id: self.open_receipt(r))
        menu.popup(self.view_button.mapToGlobal(self.view_button.rect().bottomLeft()))
        self.receipts_menu = menu

    def open_receipt(self, receipt_id: int) -> None:
        try:
            path = receipts.receipt_file(self.context.db, receipt_id)
        except BadInputError as error:
            QMessageBox.warning(self, self.tr("Justificatif"), str(error))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- workflow and documents -----------------------------------------------------------------
    def run_action(self, action: ClaimAction) -> None:
        if not self._saved_first():
            return
        if claim_workflow.run_action(self, self.context.db, self.detail, action):
            self.reload()

    def _claim_pdf_work(self) -> claim_printing.PdfWork:
        db, claim_id = self.context.db, self.claim_id
        return lambda path, _progress: write_bytes_atomically(
            path, claim_form_pdf(claim_documents.claim_form(db, claim_id), date.today())
        )

    def save_pdf(self) -> None:
        if self._saved_first():
            name = f"note-de-frais-{self.detail.number}.pdf"
            self.task = claim_printing.save_pdf(
                self, self.tr("Enregistrer la note en PDF"), name, self._claim_pdf_work()
            )

    def print_claim(self) -> None:
        if self._saved_first():
            name = f"note-de-frais-{self.detail.number}.pdf"
            self.task = claim_printing.print_pdf(
                self, self.tr("Imprimer la note"), name, self._claim_pdf_work()
            )

    def save_receipt_pdf(self) -> None:
        receipt_id = self.detail.tax_receipt_id
        if receipt_id is None:
            return
        db = self.context.db
        self.task = claim_printing.save_pdf(
            self,
            self.tr("Enregistrer le reçu fiscal"),
            f"recu-fiscal-{self.detail.tax_receipt_number}.pdf",
            lambda path, _progress: write_bytes_atomically(
                path,
                tax_receipt_pdf(claim_documents.tax_receipt_form(db, receipt_id), date.today()),
            ),
        )

    def reissue_receipt(self) -> None:
        if claim_workflow.reissue_receipt(self, self.context.db, self.detail):
            self.reload()
