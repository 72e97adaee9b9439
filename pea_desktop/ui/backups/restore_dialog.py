"""Pick a backup to restore: each listed with its date, its kind and what it holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.services.backups import BackupInfo, describe_backup, list_backups
from pea_desktop.ui.backups.database_problem_dialog import FILE_FILTER

HEADERS = ("Date", "Type", "Contenu")


class RestoreDialog(QDialog):
    """The backups of ``database``, newest first; ``chosen`` is set when one is accepted."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restaurer une sauvegarde")
        self.resize(640, 420)
        self.database = database
        self.chosen: Path | None = None
        self.backups: list[BackupInfo] = list_backups(database)

        intro = QLabel(
            "Choisissez la sauvegarde à remettre en place. La base actuelle sera d'abord "
            "copiée dans le dossier des sauvegardes : rien n'est perdu."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.backups), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, backup in enumerate(self.backups):
            cells = (
                f"{backup.taken_at:%d/%m/%Y %H:%M}",
                backup.kind.label + (f" (schéma {backup.detail})" if backup.detail else ""),
                describe_backup(backup.path),
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(self.accept)
        self.empty = QLabel("Aucune sauvegarde de cette base pour l'instant.")
        self.empty.setVisible(not self.backups)

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            "Restaurer", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.other_button = self.buttons.addButton(
            "Autre fichier…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.other_button.clicked.connect(self.choose_other_file)
        self.restore_button.setEnabled(bool(self.backups))
        if self.backups:
            self.table.selectRow(0)

        layout = QVBoxLayout(self)
        for widget in (intro, self.table, self.empty, self.buttons):
            layout.addWidget(widget)

    def accept(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if self.chosen is None and rows:
            self.chosen = self.backups[rows[0].row()].path
        if self.chosen is not None:
            super().accept()

    def choose_other_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Choisir une sauvegarde", str(self.database.parent), FILE_FILTER
        )
        if name:
            self.chosen = Path(name)
            super().accept()
