"""Federation view: drop the antennas' yearly exports, see which are kept, refused (and why) or
replaced, which antennas are missing, the national totals, and produce the national PDF and
spreadsheet."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date, format_figure
from pea_desktop.domain.plurals import plural
from pea_desktop.reports.national_pdf import render_national
from pea_desktop.reports.xlsx import national_workbook, workbook_bytes
from pea_desktop.services.federation.consolidation import (
    REFUSED,
    SUPERSEDED,
    Consolidation,
    consolidate,
)
from pea_desktop.services.federation.key_register import KeyRegister, default_register_path
from pea_desktop.services.federation.signatures import UNSIGNED
from pea_desktop.services.organisation.antennas import list_antennas
from pea_desktop.services.output_files import refuse_overwriting, write_bytes_atomically
from pea_desktop.ui.common.tasks import Progress, run_in_background
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.federation.keys_dialog import KeysDialog

STATUS_COLOURS = {REFUSED: QColor("#f8d7da"), SUPERSEDED: QColor("#fff3cd")}
UNSIGNED_COLOUR = QColor("#fff3cd")
FILE_COLUMNS = ("Fichier", "Antenne", "Statut", "Généré le", "Signature", "Motif")
# Beyond this many files, checking them (checksums, JSON) runs off the GUI thread.
BACKGROUND_FROM = 40


def _item(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class FederationView(QWidget):
    title = "Fédération"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.paths: list[Path] = []
        self.result: Consolidation | None = None
        self._generation = 0
        self.setAcceptDrops(True)
        self.add_button = QPushButton(self.tr("Ajouter des exports…"))
        self.remove_button = QPushButton(self.tr("Retirer"))
        self.clear_button = QPushButton(self.tr("Tout retirer"))
        self.year = QSpinBox()
        self.year.setRange(1999, 2100)
        self.year.setSpecialValueText(self.tr("automatique"))
        self.year.setValue(1999)
        self.expected = QCheckBox(self.tr("Comparer aux antennes de la base"))
        self.expected.setChecked(True)
        self.pdf_button = QPushButton(self.tr("Bilan national (PDF)…"))
        self.xlsx_button = QPushButton(self.tr("Tableur national (XLSX)…"))
        self.keys_button = QPushButton(self.tr("Clés des antennes…"))
        self.register_warning = ""
        try:
            self.register = KeyRegister(default_register_path())
        except BadInputError as exc:  # damaged: checked in memory only, the file left alone
            self.register = KeyRegister(None)
            self.register_warning = str(exc)
        self.files = QTableWidget(0, len(FILE_COLUMNS))
        self.files.setHorizontalHeaderLabels([self.tr(c) for c in FILE_COLUMNS])
        self.files.horizontalHeader().setSectionResizeMode(
            len(FILE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.files.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.files.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.files.verticalHeader().hide()
        self.summary_label = QLabel(self.tr("Déposez ici les fichiers JSON reçus des antennes."))
        self.summary_label.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.totals = QTableWidget(0, 2)
        self.totals.setHorizontalHeaderLabels([self.tr("Total national"), self.tr("Valeur")])
        self.totals.verticalHeader().hide()
        self.totals.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.totals.horizontalHeader().setStretchLastSection(True)
        self._layout()
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button.clicked.connect(lambda: self.set_files([]))
        self.year.valueChanged.connect(self.recompute)
        self.expected.toggled.connect(self.recompute)
        self.pdf_button.clicked.connect(lambda: self._choose_output("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._choose_output("xlsx"))
        self.keys_button.clicked.connect(self.show_keys)
        self.recompute()

    def _layout(self) -> None:
        tools = QHBoxLayout()
        for widget in (self.add_button, self.remove_button, self.clear_button):
            tools.addWidget(widget)
        tools.addSpacing(16)
        tools.addWidget(QLabel(self.tr("Année :")))
        tools.addWidget(self.year)
        tools.addWidget(self.expected)
        tools.addStretch(1)
        tools.addWidget(self.pdf_button)
        tools.addWidget(self.xlsx_button)
        tools.addWidget(self.keys_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.files, 1)
        left_layout.addWidget(self.missing_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.totals)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)

    # --- files ------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        dropped = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        self.add_files(dropped)
        event.acceptProposedAction()

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Exports des antennes"), "", self.tr("Exports JSON (*.json)")
        )
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        """Add files (a folder adds the JSON files it holds); the same path is added once."""
        expanded: list[Path] = []
        for path in paths:
            expanded += sorted(path.glob("*.json")) if path.is_dir() else [path]
        self.set_files([*self.paths, *(p for p in expanded if p not in self.paths)])

    def remove_selected(self) -> None:
        rows = {index.row() for index in self.files.selectionModel().selectedRows()}
        self.set_files([p for i, p in enumerate(self.paths) if i not in rows])

    def set_files(self, paths: list[Path]) -> None:
        self.paths = list(paths)
        self.recompute()

    # --- consolidation ----------------------------------------------------------------------
    def expected_antennas(self) -> dict[str, str] | None:
        if not self.expected.isChecked():
            return None
        antennas = {a.code: a.name for a in list_antennas(self.context.db)}
        return antennas or None

    def recompute(self) -> None:
        """Check and add up the files: at once for a few, off the GUI thread for many."""
        year = None if self.year.value() == self.year.minimum() else self.year.value()
        paths, known, register = list(self.paths), self.expected_antennas(), self.register
        self._generation += 1
        if len(paths) <= BACKGROUND_FROM:
            self.result = consolidate(paths, year=year, known_antennas=known, register=register)
            self._save_register()
            self._show(self.result)
            return
        generation = self._generation

        def work(progress: Progress) -> Consolidation:
            return consolidate(
                paths, year=year, known_antennas=known, progress=progress, register=register
            )

        def done(result: Consolidation) -> None:
            self._save_register()
            if generation == self._generation:  # a later change supersedes this result
                self.result = result
                self._show(result)

        self.pdf_button.setEnabled(False)
        self.xlsx_button.setEnabled(False)
        run_in_background(self, self.tr("Vérification des exports…"), work, done, self._failed)

    def _show(self, result: Consolidation) -> None:
        self.files.setRowCount(len(result.files))
        for row, status in enumerate(result.files):
            when = format_date(status.generated_at.date()) if status.generated_at else ""
            values = (
                status.file,
                status.antenna,
                status.status,
                when,
                status.signature,
                status.reason,
            )
            for column, text in enumerate(values):
                item = _item(text)
                if status.status in STATUS_COLOURS:
                    item.setBackground(QBrush(STATUS_COLOURS[status.status]))
                elif column == 4 and status.signature == UNSIGNED:
                    item.setBackground(QBrush(UNSIGNED_COLOUR))
                item.setToolTip(str(status.path) if column == 0 else status.reason)
                self.files.setItem(row, column, item)
        for column in range(len(FILE_COLUMNS) - 1):
            self.files.resizeColumnToContents(column)
        has_result = bool(result.antennas)
        self.pdf_button.setEnabled(has_result)
        self.xlsx_button.setEnabled(has_result)
        if self.paths:
            self.summary_label.setText(
                self.tr(
                    "Année {year} : {kept}, {refused}, {replaced} par un export plus récent "
                    "ou en double."
                ).format(
                    year=result.year or "–",
                    kept=plural(len(result.antennas), "antenne consolidée"),
                    refused=plural(len(result.refused), "fichier refusé"),
                    replaced=plural(len(result.superseded), "remplacé"),
                )
            )
        if self.register_warning:
            self.summary_label.setText(self.summary_label.text() + " " + self.register_warning)
        if result.missing:
            names = ", ".join(f"{name} ({code})" if name else code for code, name in result.missing)
            self.missing_label.setText(
                self.tr("Antennes sans export : {names}").format(names=names)
            )
        else:
            self.missing_label.setText("")
        rows = [
            ("Antennes", format_figure(len(result.antennas))),
            # Each kind's count and main figures (activity_kinds).
            *((f.label, f.text) for f in result.totals.kind_figures(main_only=True)),
            ("Bénévoles actifs", format_figure(result.totals.active_volunteers)),
            ("Heures de bénévolat", format_figure(result.totals.volunteer_hours, "h")),
            ("Valorisation", format_figure(result.totals.volunteer_value, "€")),
            ("Kilomètres", format_figure(result.totals.km, "km")),
            ("Frais remboursés", format_figure(result.totals.reimbursed, "€")),
            ("Frais abandonnés", format_figure(result.totals.waived, "€")),
        ]
        self.totals.setRowCount(len(rows))
        for row, (label, value) in enumerate(rows):
            self.totals.setItem(row, 0, _item(self.tr(label)))
            self.totals.setItem(row, 1, _item(value, right=True))
        self.totals.resizeColumnToContents(0)

    # --- keys -------------------------------------------------------------------------------
    def _save_register(self) -> None:
        try:
            self.register.save()
        except BadInputError as exc:
            self.register_warning = str(exc)

    def show_keys(self) -> None:
        dialog = KeysDialog(self.register, self)
        dialog.exec()
        self.recompute()  # an accepted key lets that antenna's file in

    # --- outputs ----------------------------------------------------------------------------
    def _choose_output(self, kind: str) -> None:
        if self.result is None:
            return
        suggested = f"bilan-national-{self.result.year}.{kind}"
        filters = {"pdf": "Document PDF (*.pdf)", "xlsx": "Classeur Excel (*.xlsx)"}
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Enregistrer"), suggested, self.tr(filters[kind])
        )
        if path:
            self.write_output(Path(path), kind)

    def write_output(self, path: Path, kind: str) -> None:
        """Write the national PDF or spreadsheet off the GUI thread."""
        result = self.result
        assert result is not None
        inputs = [*self.paths, self.context.db.path]

        def work(progress: Progress) -> Path:
            refuse_overwriting(path, *inputs)  # never over an export being consolidated
            if kind == "pdf":
                buffer = io.BytesIO()
                render_national(result, buffer, generated_on=date.today())
                data = buffer.getvalue()
            else:
                data = workbook_bytes(national_workbook(result))
            write_bytes_atomically(path, data)
            return path

        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(False)
        run_in_background(
            self, self.tr("Préparation du bilan national…"), work, self._written, self._failed
        )

    def _written(self, path: Path) -> None:
        self.last_written = path
        if self.result is not None:  # always: a file is written from a result
            self._show(self.result)

    def _failed(self, error: Exception) -> None:
        if self.result is not None:
            self._show(self.result)
        QMessageBox.warning(self, self.tr("Opération impossible"), str(error))
