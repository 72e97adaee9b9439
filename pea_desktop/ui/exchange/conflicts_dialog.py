"""The coordinator's conflicts: a record changed on both laptops, both versions side by side.

The choice gets a revision descending from both versions, so it travels back to the volunteer's
laptop with the next send (services/exchange/conflicts.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date
from pea_desktop.services.database import Database
from pea_desktop.services.exchange import conflicts
from pea_desktop.ui.common.widgets import ProblemsLabel
from pea_desktop.ui.exchange.fit import grow_to_fit

COLUMNS = ("Champ", "Cette base", "Version du bénévole")


class ConflictsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.resolved = 0
        self.views: list[conflicts.ConflictView] = []
        self.setWindowTitle("Conflits à arbitrer")
        self.resize(900, 480)
        intro = QLabel(
            "Ces enregistrements ont été modifiés ici et sur l'ordinateur d'un bénévole depuis "
            "le dernier échange. Comparez les deux versions et choisissez celle à garder ; "
            "votre choix repartira vers le bénévole avec votre prochain envoi."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.keep_button = QPushButton("&Garder la version de cette base")
        self.take_button = QPushButton("&Prendre la version du bénévole")
        choice = QHBoxLayout()
        choice.addWidget(self.keep_button)
        choice.addStretch(1)
        choice.addWidget(self.take_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(choice)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([260, 640])
        self.problems = ProblemsLabel()
        self.problems.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.keep_button.clicked.connect(lambda: self.choose(conflicts.LOCAL))
        self.take_button.clicked.connect(lambda: self.choose(conflicts.REMOTE))
        self.refresh()

    def refresh(self) -> None:
        self.views = conflicts.list_conflicts(self.db)
        self.list.clear()
        for view in self.views:
            item = QListWidgetItem(f"{view.label}\n{view.volunteer}")
            item.setToolTip(f"Reçu le {format_date(view.created_at.date())}")
            self.list.addItem(item)
        if self.views:
            self.list.setCurrentRow(0)
        else:
            self._show(-1)

    def current(self) -> conflicts.ConflictView | None:
        row = self.list.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _show(self, row: int) -> None:
        view = self.views[row] if 0 <= row < len(self.views) else None
        for button in (self.keep_button, self.take_button):
            button.setEnabled(view is not None)
        self.table.setRowCount(0)
        if view is None:
            self.heading.setText("Aucun conflit à arbitrer.")
            return
        self.heading.setText(
            f"{view.label} — modifié ici et par {view.volunteer} "
            f"(reçu le {format_date(view.created_at.date())})"
        )
        differences = view.differences()
        self.table.setRowCount(len(differences))
        for r, values in enumerate(differences):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeRowsToContents()

    def choose(self, choice: str) -> None:
        view = self.current()
        if view is None:
            return
        try:
            conflicts.resolve(self.db, view.id, choice)
        except BadInputError as exc:
            self.problems.show_problems([str(exc)])
            grow_to_fit(self)
        else:
            self.problems.show_problems([])
            self.resolved += 1
        self.refresh()
