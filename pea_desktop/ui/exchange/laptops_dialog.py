"""Bénévoles › Ordinateurs des bénévoles… : the laptops this base exchanges with, and revoking
a lost one (its files are refused from then on; a new invitation lets the volunteer rejoin)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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
from pea_desktop.domain.formatting import format_date
from pea_desktop.services.database import Database
from pea_desktop.services.exchange import peers
from pea_desktop.ui.common.widgets import ProblemsLabel

COLUMNS = ("Bénévole", "Enregistré le", "Envois reçus / écrits", "État")


class LaptopsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.rows: list[peers.PeerInfo] = []
        self.revoked = 0
        self.setWindowTitle("Ordinateurs des bénévoles")
        self.resize(760, 360)
        intro = QLabel(
            "Les ordinateurs qui ont rejoint l'antenne par une invitation. Un ordinateur perdu "
            "ou volé se révoque : ses fichiers seront refusés. Le bénévole pourra rejoindre à "
            "nouveau depuis un autre ordinateur avec une nouvelle invitation."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.revoke_button = QPushButton("&Révoquer…")
        self.problems = ProblemsLabel()
        self.problems.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.revoke_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.refresh()

    def refresh(self) -> None:
        self.rows = [p for p in peers.list_peers(self.db) if p.volunteer != peers.COORDINATION]
        self.table.setRowCount(len(self.rows))
        for r, peer in enumerate(self.rows):
            state = (
                "actif"
                if peer.revoked_at is None
                else f"révoqué le {format_date(peer.revoked_at.date())}"
            )
            values = (
                peer.volunteer,
                format_date(peer.joined_at.date()),
                f"n° {peer.last_received} / n° {peer.last_sent}",
                state,
            )
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self._selection_changed()

    def selected(self) -> peers.PeerInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        peer = self.selected()
        self.revoke_button.setEnabled(peer is not None and peer.revoked_at is None)

    def revoke_selected(self) -> None:
        peer = self.selected()
        if peer is None or peer.revoked_at is not None:
            return
        answer = QMessageBox.question(
            self,
            "Révoquer un ordinateur",
            f"Refuser désormais les fichiers de l'ordinateur de {peer.volunteer} ?\n\n"
            "Ses envois non encore reçus ne pourront plus l'être. Le bénévole pourra rejoindre "
            "l'antenne depuis un autre ordinateur avec une nouvelle invitation.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.revoked += peers.revoke(self.db, peer.volunteer)
        except BadInputError as exc:
            self.problems.show_problems([str(exc)])
            return
        self.problems.show_problems([])
        self.refresh()
