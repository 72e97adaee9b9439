"""Import a spreadsheet (CSV) of activities or volunteers: choose, preview, check, import.

The file is checked as soon as it is chosen (every error listed, nothing written); the import
runs off the GUI thread with a progress bar, then the dialog shows what it created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.paths import resource_path
from pea_desktop.services import importing
from pea_desktop.services.importing import FileCheck, ImportReport
from pea_desktop.services.importing import activities as activity_import
from pea_desktop.services.importing import volunteers as volunteer_import
from pea_desktop.services.importing.newcomers import Newcomers, find_newcomers
from pea_desktop.services.output_files import write_bytes_atomically
from pea_desktop.ui.common import settings
from pea_desktop.ui.common.tasks import BackgroundTask, Progress, run_in_background
from pea_desktop.ui.context import AppContext

AnyIndex = QModelIndex | QPersistentModelIndex
PROBLEM_BACKGROUND = "#f8d7da"  # lines with an error, in the preview
LOOK_ALIKE_BACKGROUND = "#fdf1d8"  # a new name that looks like a known one


@dataclass(frozen=True)
class _Kind:
    title: str
    what: str  # "une activité"
    required: tuple[str, ...]
    optional: tuple[str, ...]
    check: Callable[[Path], FileCheck]
    run: Callable[..., ImportReport]  # (db, path, progress, aliases=...)
    key: str  # "activities" / "volunteers"
    template: str  # the CSV template's file name under resources/templates/
    columns: tuple[str, ...]


KINDS = {
    "activities": _Kind(
        "Importer des activités",
        "une activité",
        activity_import.COLUMNS.required,
        tuple(
            c for c in activity_import.COLUMNS.names if c not in activity_import.COLUMNS.required
        ),
        importing.check_activities,
        importing.import_activities,
        "activities",
        "activites.csv",
        activity_import.COLUMNS.names,
    ),
    "volunteers": _Kind(
        "Importer des bénévoles",
        "un bénévole",
        volunteer_import.COLUMNS.required,
        volunteer_import.COLUMNS.optional,
        importing.check_volunteers,
        importing.import_volunteers,
        "volunteers",
        "benevoles.csv",
        volunteer_import.COLUMNS.names,
    ),
}


class PreviewModel(QAbstractTableModel):
    """The first lines of the file, cells as read; unrecognised columns shown in italics."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[list[str]] = []
        self._lines: list[int] = []
        self._problems: dict[int, list[str]] = {}

    def set_check(self, check: FileCheck | None) -> None:
        self.beginResetModel()
        self._headers = list(check.headers) if check else []
        self._rows = list(check.rows) if check else []
        self._lines = list(check.row_lines) if check else []
        self._problems = check.problems_by_line() if check else {}
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            row = self._rows[index.row()]
            return row[index.column()] if index.column() < len(row) else ""
        problems = self._problems.get(self._lines[index.row()])
        if problems and role == Qt.ItemDataRole.BackgroundRole:
            return QColor(PROBLEM_BACKGROUND)
        if problems and role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(problems)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if section < len(self._headers) else None
        # The spreadsheet's line numbers (the header is line 1), as the error messages say.
        return str(self._lines[section]) if section < len(self._lines) else None


class ImportDialog(QDialog):
    def __init__(self, context: AppContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.kind = KINDS[kind]
        self.path: Path | None = None
        self.check: FileCheck | None = None
        self.newcomers: Newcomers = Newcomers()
        self.report: ImportReport | None = None
        # The last task stays referenced: dropping its Python wrapper from inside its own
        # callback, while its deletion is pending, crashes PySide in nested event loops.
        self._task: BackgroundTask | None = None
        self._working = False
        self.setWindowTitle(self.tr(self.kind.title))
        self.resize(900, 600)
        self._build()
        self._update_buttons()

    # --- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Un fichier CSV enregistré par le tableur, {what} par ligne. "
                "Colonnes obligatoires : {required}. Facultatives : {optional}. "
                "Séparateur « ; » ou « , » ; dates JJ/MM/AAAA ; une cellule vide veut dire "
                "« non renseigné »."
            ).format(
                what=self.kind.what,
                required=", ".join(self.kind.required),
                optional=", ".join(self.kind.optional),
            )
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("Aucun fichier choisi"))
        self.choose_button = QPushButton(self.tr("&Choisir un fichier…"))
        self.choose_button.setToolTip(self.tr("Le fichier CSV enregistré par le tableur"))
        self.choose_button.clicked.connect(self.choose_file)
        self.template_button = QPushButton(self.tr("&Modèle de fichier…"))
        self.template_button.setToolTip(
            self.tr("Enregistrer un fichier CSV modèle, avec les bonnes colonnes, à remplir")
        )
        self.template_button.clicked.connect(self.save_template)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.template_button)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview_model = PreviewModel(self)
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.problems = QListWidget()
        self.problems.setVisible(False)
        # What the import would create, listed apart, look-alikes flagged with a choice.
        self.created_label = QLabel()
        self.created_label.setWordWrap(True)
        self.created = QTableWidget(0, 5)
        self.created.setHorizontalHeaderLabels(
            [
                self.tr("À créer"),
                self.tr("Nom dans le fichier"),
                self.tr("Lignes"),
                self.tr("Ressemble à"),
                self.tr("Choix"),
            ]
        )
        self.created.horizontalHeader().setStretchLastSection(True)
        self.created.verticalHeader().setVisible(False)
        self.created.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.created.setTabKeyNavigation(False)
        self.created_label.setVisible(False)
        self.created.setVisible(False)
        self.report_text = QPlainTextEdit()
        self.report_text.setReadOnly(True)
        self.report_text.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            self.tr("Importer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Fermer"))
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.created_label)
        layout.addWidget(self.created, 2)
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.report_text, 1)
        layout.addWidget(self.buttons)

    def _busy(self) -> bool:
        return self._working

    def _update_buttons(self) -> None:
        ready = self.check is not None and self.check.ok and self.report is None
        self.import_button.setEnabled(ready and not self._busy())
        self.choose_button.setEnabled(not self._busy())
        self.close_button.setEnabled(not self._busy())

    # --- choosing and checking --------------------------------------------------------------
    def save_template(self) -> None:
        """A CSV to fill in: the bundled template, or the columns the import reads."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Enregistrer le modèle"),
            str(Path(settings.last_folder("import")) / self.kind.template),
            self.tr("Fichiers CSV (*.csv)"),
        )
        if not name:
            return
        bundled = resource_path(f"templates/{self.kind.template}")
        data = (
            bundled.read_bytes()
            if bundled.is_file()
            else ("\ufeff" + ";".join(self.kind.columns) + "\r\n").encode("utf-8")
        )
        try:
            write_bytes_atomically(Path(name), data)
        except OSError as error:
            QMessageBox.warning(self, self.tr("Modèle"), str(error))
            return
        settings.remember_folder("import", name)
        self.status.setText(self.tr("Modèle enregistré : {0}").format(name))

    def choose_file(self) -> None:
        start = str(self.path.parent) if self.path else settings.last_folder("import")
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choisir le fichier CSV"),
            start,
            self.tr("Fichiers CSV (*.csv *.txt);;Tous les fichiers (*)"),
        )
        if name:
            settings.remember_folder("import", name)
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Check ``path`` in the background, then show its first lines and every error."""
        self.path = path
        self.check = None
        self.report = None
        self.path_edit.setText(str(path))
        self.status.setText(self.tr("Vérification du fichier…"))
        self.preview_model.set_check(None)
        self._show_problems([])
        self.report_text.setVisible(False)
        check, kind, db = self.kind.check, self.kind.key, self.context.db

        def work(_progress: Progress) -> tuple[FileCheck, Newcomers]:
            checked = check(path)
            return checked, (find_newcomers(db, path, kind) if checked.ok else Newcomers())

        self._run(self.tr("Vérification du fichier…"), work, self._checked)

    def _checked(self, result: tuple[FileCheck, Newcomers] | FileCheck) -> None:
        check, newcomers = result if isinstance(result, tuple) else (result, Newcomers())
        self.check = check
        self._show_newcomers(newcomers)
        self.preview_model.set_check(check)
        if check.message:
            self.status.setText(check.message)
        else:
            count, shown = check.row_count, len(check.rows)
            lines = (
                self.tr("1 ligne à importer")
                if count == 1
                else self.tr("{count} lignes à importer").format(count=count)
            )
            if shown < count:
                lines += self.tr(" (aperçu des {shown} premières)").format(shown=shown)
            self.status.setText(
                self.tr(
                    "{lines} · encodage {encoding} · séparateur « {separator} ». "
                    "Aucune erreur trouvée."
                ).format(lines=lines, encoding=check.encoding, separator=check.separator)
                + self._newcomers_summary()
            )
        self._show_problems(check.problems)

    def _newcomers_summary(self) -> str:
        n = self.newcomers
        if not (n.antennas or n.volunteers):
            return ""
        text = self.tr(
            " L'import créera {a} antenne(s) et {v} bénévole(s), listés ci-dessous."
        ).format(a=len(n.antennas), v=len(n.volunteers))
        if n.look_alikes:
            text += self.tr(
                " ⚠ {0} nom(s) ressemblent à des noms connus : vérifiez la colonne « Choix »."
            ).format(len(n.look_alikes))
        return text

    def _show_newcomers(self, newcomers: Newcomers) -> None:
        self.newcomers = newcomers
        rows = [*newcomers.antennas, *newcomers.volunteers]
        self.created.setRowCount(len(rows))
        self.choices: dict[str, QComboBox] = {}
        for row, new in enumerate(rows):
            lines = ", ".join(str(n) for n in new.lines[:6]) + ("…" if len(new.lines) > 6 else "")
            kind = (
                self.tr("Antenne")
                if new.antenna
                else self.tr("Bénévole ({0})").format(new.antenna_code)
            )
            cells = [
                kind,
                new.name,
                lines,
                f"⚠ {new.look_alike} ({new.reason})" if new.look_alike else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if new.look_alike:
                    item.setBackground(QColor(LOOK_ALIKE_BACKGROUND))
                self.created.setItem(row, column, item)
            if new.look_alike:
                choice = QComboBox()
                choice.addItem(self.tr("Utiliser « {0} »").format(new.look_alike), new.look_alike)
                choice.addItem(self.tr("Créer « {0} »").format(new.name), None)
                choice.setToolTip(
                    self.tr("Le nom du fichier est-il une faute de frappe pour le nom connu ?")
                )
                self.created.setCellWidget(row, 4, choice)
                self.choices[new.alias_key] = choice
            else:
                self.created.setItem(row, 4, QTableWidgetItem(self.tr("Créer")))
        self.created.resizeColumnsToContents()
        visible = bool(rows)
        self.created.setVisible(visible)
        self.created_label.setVisible(visible)
        self.created_label.setText(
            self.tr("<b>Ce que l'import va créer</b> (rien d'autre n'est créé) :")
        )

    def aliases(self) -> dict[str, str]:
        """The names of the file mapped to known ones, as chosen in the list."""
        return {
            key: combo.currentData()
            for key, combo in getattr(self, "choices", {}).items()
            if combo.currentData()
        }

    def _show_problems(self, problems: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(problems)
        self.problems.setVisible(bool(problems))

    # --- importing --------------------------------------------------------------------------
    def start_import(self) -> None:
        if self.path is None or self.check is None or not self.check.ok or self._busy():
            return
        path, run, db = self.path, self.kind.run, self.context.db
        aliases = self.aliases()
        self._run(
            self.tr("Import de {name}…").format(name=path.name),
            lambda progress: run(db, path, progress, aliases=aliases),
            self._imported,
        )

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self.status.setText(self.tr("Import terminé."))
        self.report_text.setPlainText(report.summary())
        self.report_text.setVisible(True)
        self.context.notify_changed()

    # --- background work --------------------------------------------------------------------
    def _run(
        self, label: str, work: Callable[[Progress], Any], done: Callable[[Any], None]
    ) -> None:
        def succeeded(result: Any) -> None:
            self._working = False
            done(result)
            self._update_buttons()

        self._working = True
        self._task = run_in_background(self, label, work, succeeded, self._failed)
        self._update_buttons()

    def _failed(self, error: Exception) -> None:
        self._working = False
        if isinstance(error, BadInputError):
            # The file changed since it was checked, or a check only the import can make.
            self.status.setText(error.message)
            self._show_problems(error.problems)
            self.check = None
        else:
            self.status.setText(self.tr("L'import a échoué ; rien n'a été modifié."))
            QMessageBox.critical(
                self,
                self.tr("Import impossible"),
                self.tr("L'import a échoué et rien n'a été modifié :\n{error}").format(error=error),
            )
        self._update_buttons()

    def reject(self) -> None:
        if not self._busy():  # never close while the import is writing
            super().reject()
