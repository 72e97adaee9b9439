"""The bin: deleted activities and volunteers, to restore or delete for good."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.plurals import plural
from pea_desktop.services.activities import records as activities
from pea_desktop.services.activities.records import ActivityFilter, ActivityRow
from pea_desktop.services.organisation import partners, volunteers
from pea_desktop.services.organisation.partners import PartnerDraft
from pea_desktop.services.organisation.volunteers import VolunteerRow
from pea_desktop.ui.common.table_models import Column, RowsTableModel
from pea_desktop.ui.context import AppContext

BIN_LIMIT = 2000
ACTIVITY_COLUMNS = [
    Column("kind", "Type"),
    Column("date", "Date"),
    Column("place", "Lieu"),
    Column("volunteers", "Bénévoles"),
    Column("antenna_code", "Antenne"),
]
VOLUNTEER_COLUMNS = [
    Column("last_name", "Nom"),
    Column("first_name", "Prénom"),
    Column("antenna_code", "Antenne"),
]
PARTNER_COLUMNS = [Column("name", "Structure"), Column("kind", "Type"), Column("town", "Ville")]


def _table(model: RowsTableModel[Any]) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class BinDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("Corbeille")
        self.resize(720, 420)
        self.activity_model: RowsTableModel[ActivityRow] = RowsTableModel(ACTIVITY_COLUMNS, self)
        self.volunteer_model: RowsTableModel[VolunteerRow] = RowsTableModel(VOLUNTEER_COLUMNS, self)
        self.partner_model: RowsTableModel[PartnerDraft] = RowsTableModel(PARTNER_COLUMNS, self)
        self.activity_table = _table(self.activity_model)
        self.volunteer_table = _table(self.volunteer_model)
        self.partner_table = _table(self.partner_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.activity_table, "Activités")
        self.tabs.addTab(self.volunteer_table, "Bénévoles")
        self.tabs.addTab(self.partner_table, "Partenaires")
        self.restore_button = QPushButton("&Restaurer")
        self.purge_button = QPushButton("Supprimer &définitivement")
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.tabs.currentChanged.connect(lambda index: self.purge_button.setVisible(index == 0))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        db = self._context.db
        flt = ActivityFilter(antenna_id=self._context.antenna_id, deleted=True)
        self.activity_model.set_rows(activities.fetch_activities(db, flt, limit=BIN_LIMIT))
        self.volunteer_model.set_rows(
            volunteers.list_volunteers(db, self._context.antenna_id, deleted=True)
        )
        self.partner_model.set_rows(partners.list_partners(db, deleted=True))

    def _selected(self) -> tuple[str, list[int]]:
        index = self.tabs.currentIndex()
        pairs: list[tuple[QTableView, RowsTableModel[Any]]] = [
            (self.activity_table, self.activity_model),
            (self.volunteer_table, self.volunteer_model),
            (self.partner_table, self.partner_model),
        ]
        table, model = pairs[index]
        rows = {i.row() for i in table.selectionModel().selectedRows()}
        return ("activity", "volunteer", "partner")[index], [model.row_at(r).id for r in rows]

    def restore_selected(self) -> None:
        what, ids = self._selected()
        if not ids:
            return
        restore = {
            "activity": activities.restore_activities,
            "volunteer": volunteers.restore_volunteers,
            "partner": partners.restore_partners,
        }[what]
        restore(self._context.db, ids)
        self._context.notify_changed()
        self.refresh()

    def purge_selected(self) -> None:
        what, ids = self._selected()
        if what != "activity" or not ids:
            return
        answer = QMessageBox.question(
            self,
            "Supprimer définitivement",
            f"Supprimer définitivement {plural(len(ids), 'activité')} ? Cette opération est "
            "irréversible.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            activities.purge_activities(self._context.db, ids)
            self.refresh()
