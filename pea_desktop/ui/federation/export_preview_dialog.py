"""Show what a federation export will send, with the privacy check, before saving it."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.reports.xlsx import antenna_workbook, workbook_bytes
from pea_desktop.services.federation.consolidation import report_from_document
from pea_desktop.services.federation.export import PreparedExport, write_export
from pea_desktop.services.output_files import write_bytes_atomically
from pea_desktop.ui.common.tasks import Progress, run_in_background

OK_TEXT = (
    "Vérification de confidentialité réussie : l'export ne contient que des nombres par mois "
    "et par type d'activité — aucune personne accompagnée, aucune référence de visite, aucune "
    "note, aucun nom de bénévole."
)


def save_export(prepared: PreparedExport, json_path: Path) -> tuple[Path, Path]:
    """Write the JSON and, beside it, the spreadsheet of the same tables."""
    write_export(prepared, json_path)
    doc = prepared.document
    report = report_from_document(doc, json_path.name)
    xlsx_path = json_path.with_suffix(".xlsx")
    book = antenna_workbook(report, doc["year"], doc["sha256"], doc["hourly_rate"])
    write_bytes_atomically(xlsx_path, workbook_bytes(book))
    return json_path, xlsx_path


class ExportPreviewDialog(QDialog):
    def __init__(self, prepared: PreparedExport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prepared = prepared
        self.saved: tuple[Path, Path] | None = None
        doc = prepared.document
        antenna = doc["antenna"]
        self.setWindowTitle(self.tr("Export pour la fédération"))
        self.resize(640, 560)
        heading = QLabel(
            self.tr("<b>Export {year} — {name} ({code})</b>").format(
                year=doc["year"],
                name=html.escape(antenna["name"]),
                code=html.escape(antenna["code"]),
            )
        )
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        if prepared.ok:
            self.check_label.setText(self.tr(OK_TEXT))
            self.check_label.setStyleSheet("color: #1b6e3a;")
        else:
            problems = "".join(f"<li>{html.escape(p)}</li>" for p in prepared.problems)
            self.check_label.setText(
                self.tr("<b>L'export ne peut pas être envoyé :</b>") + f"<ul>{problems}</ul>"
            )
            self.check_label.setStyleSheet("color: #a61b1b;")
        self.totals = self._totals_table()
        self.json_text = QPlainTextEdit(prepared.text)
        self.json_text.setReadOnly(True)
        tabs = QTabWidget()
        tabs.addTab(self.totals, self.tr("Résumé"))
        tabs.addTab(self.json_text, self.tr("Contenu exact (JSON)"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(
            self.tr("Enregistrer…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setEnabled(prepared.ok)
        self.save_button.clicked.connect(self.choose_and_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.check_label)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)

    def _totals_table(self) -> QTableWidget:
        summary = self.prepared.summary
        rows = [(f.label, f.text) for f in summary.key_figures()]
        rows.append(
            (self.tr("Lignes par mois et type"), str(len(self.prepared.document["months"])))
        )
        rows.append((self.tr("Empreinte SHA-256"), self.prepared.document["sha256"][:16] + "…"))
        # Read out to the federation when it registers (or accepts a change of) this key.
        rows.append((self.tr("Signé par la clé de l'antenne"), self.prepared.fingerprint))
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Indicateur"), self.tr("Valeur envoyée")])
        for row, (label, value) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(label))
            table.setItem(row, 1, QTableWidgetItem(value))
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnToContents(0)
        return table

    def choose_and_save(self) -> None:
        doc = self.prepared.document
        suggested = f"export-federation-{doc['antenna']['code']}-{doc['year']}.json"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Enregistrer l'export"), suggested, self.tr("Export JSON (*.json)")
        )
        if path:
            self.save_to(Path(path) if path.endswith(".json") else Path(f"{path}.json"))

    def save_to(self, path: Path) -> None:
        """Write the files off the GUI thread; the dialog closes once they are written."""
        self.save_button.setEnabled(False)

        def work(progress: Progress) -> tuple[Path, Path]:
            return save_export(self.prepared, path)

        run_in_background(self, self.tr("Écriture de l'export…"), work, self._saved, self._failed)

    def _saved(self, paths: tuple[Path, Path]) -> None:
        self.saved = paths
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.save_button.setEnabled(self.prepared.ok)
        QMessageBox.warning(self, self.tr("Export non enregistré"), str(error))
