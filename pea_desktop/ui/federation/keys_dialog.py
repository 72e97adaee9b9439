"""The register of antenna keys, seen from the Federation tab: fingerprints, and accepting a
changed key once the antenna has confirmed its fingerprint."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date
from pea_desktop.services.federation.key_register import KeyRegister

COLUMNS = ("Antenne", "Nom", "Empreinte de la clé", "Enregistrée le", "Nouvelle clé en attente")


class KeysDialog(QDialog):
    def __init__(self, register: KeyRegister, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.setWindowTitle(self.tr("Clés des antennes"))
        self.resize(900, 360)
        intro = QLabel(
            self.tr(
                "Chaque antenne signe ses exports avec sa clé. La première clé reçue est "
                "enregistrée ; vérifiez son empreinte avec l'antenne (elle s'affiche lors de "
                "son export). Une autre clé est refusée tant que vous ne l'avez pas acceptée."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.accept_button = QPushButton(self.tr("&Accepter la nouvelle clé…"))
        self.accept_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.accept_button.clicked.connect(self.accept_selected)
        self.refresh()

    def refresh(self) -> None:
        entries = self.register.entries()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            pending = (
                self.tr("empreinte {fp} (fichier {file})").format(
                    fp=entry.pending.fingerprint, file=entry.pending.file
                )
                if entry.pending
                else ""
            )
            values = (
                entry.code,
                entry.name,
                entry.fingerprint,
                format_date(entry.registered_at.date()),
                pending,
            )
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        for column in range(len(COLUMNS) - 1):
            self.table.resizeColumnToContents(column)
        self._selection_changed()

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item else None

    def _selection_changed(self) -> None:
        code = self.selected_code()
        entry = self.register.antennas.get(code) if code else None
        self.accept_button.setEnabled(bool(entry and entry.pending))

    def accept_selected(self) -> None:
        code = self.selected_code()
        entry = self.register.antennas.get(code) if code else None
        if entry is None or entry.pending is None:
            return
        typed, ok = QInputDialog.getText(
            self,
            self.tr("Accepter la nouvelle clé"),
            self.tr(
                "Nouvelle clé de l'antenne {code} : empreinte\n{new}\n(clé actuelle : {old}).\n\n"
                "Demandez à l'antenne de vous lire l'empreinte de sa clé, puis tapez-la "
                "ici :"
            ).format(code=entry.code, new=entry.pending.fingerprint, old=entry.fingerprint),
            QLineEdit.EchoMode.Normal,
        )
        if not ok:
            return
        try:
            fingerprint = self.accept_change(entry.code, typed)
        except BadInputError as exc:
            QMessageBox.warning(self, self.tr("Clé non acceptée"), str(exc))
            return
        QMessageBox.information(
            self,
            self.tr("Clé acceptée"),
            self.tr("La nouvelle clé de l'antenne {code} est enregistrée ({fp}).").format(
                code=entry.code, fp=fingerprint
            ),
        )

    def accept_change(self, code: str, fingerprint: str) -> str:
        """Accept and save at once (raises BadInputError, French, when it does not fit)."""
        result = self.register.accept_change(code, fingerprint)
        self.register.save()
        self.refresh()
        return result
