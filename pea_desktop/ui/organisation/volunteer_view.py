"""The volunteers of the chosen antenna."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.plurals import plural
from pea_desktop.reports.attestation_pdf import attestation_pdf
from pea_desktop.services.organisation import antennas, volunteers
from pea_desktop.services.organisation.attestations import volunteer_attestation
from pea_desktop.services.organisation.volunteers import VolunteerDraft, VolunteerRow
from pea_desktop.services.output_files import write_bytes_atomically
from pea_desktop.ui.claims import printing
from pea_desktop.ui.common.list_view import ListView
from pea_desktop.ui.common.table_models import Column, RowsTableModel
from pea_desktop.ui.common.tasks import BackgroundTask
from pea_desktop.ui.common.undo import MoveToBinCommand
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.organisation.volunteer_dialog import VolunteerDialog

COLUMNS = [
    Column("last_name", "Nom", width=140),
    Column("first_name", "Prénom", width=120),
    Column("role", "Rôle", width=170),
    Column("antenna_code", "Antenne", width=110),
    Column("phone", "Téléphone", width=120),
    Column("email", "E-mail", stretch=True),
    Column("city", "Ville", width=140),
    Column(
        "vehicle_kind",
        "Véhicule",
        width=110,
        formatter=lambda v: v.label if v else "non renseigné",
    ),
    Column("fiscal_horsepower", "CV", numeric=True, width=50),
    Column("active", "Actif", width=60),
]


class VolunteerView(ListView):
    title = "Bénévoles"

    def __init__(
        self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._undo = undo_stack
        self.search = QLineEdit()
        self.search.setPlaceholderText("Rechercher un nom…")
        self.search.setObjectName("search")  # Ctrl+F comes here
        self.search.setToolTip("Rechercher un bénévole par son nom (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.show_inactive = QCheckBox("Afficher les inactifs")
        self.show_inactive.setChecked(True)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_inactive)
        self.layout_.insertLayout(0, bar)
        self.task: BackgroundTask | None = None
        self.attestation_button = QPushButton("A&ttestation de bénévolat…")
        self.attestation_button.setToolTip(
            "Attestation d'activité bénévole du bénévole choisi pour une année (PDF)"
        )
        self.attestation_button.clicked.connect(self.save_attestation)
        self.buttons_layout.insertWidget(
            4, self.attestation_button
        )  # after Supprimer, before the count
        self.model: RowsTableModel[VolunteerRow] = RowsTableModel(COLUMNS, self)
        self.set_model(self.model)
        self.table.setSortingEnabled(False)  # already sorted by name
        debounce = QTimer(self, singleShot=True, interval=200)
        debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(debounce.start)
        self.show_inactive.toggled.connect(self.refresh)
        context.antenna_changed.connect(self.request_refresh)
        context.data_changed.connect(self.request_refresh)

    def refresh(self) -> None:
        rows = volunteers.list_volunteers(
            self._context.db,
            self._context.antenna_id,
            text=self.search.text(),
            include_inactive=self.show_inactive.isChecked(),
        )
        self.model.set_rows(rows)
        self.count_label.setText(f"{len(rows)} bénévole{'s' if len(rows) > 1 else ''}")

    def _open(self, draft: VolunteerDraft) -> None:
        dialog = VolunteerDialog(
            self._context.db, draft, antennas.list_antennas(self._context.db), self
        )
        if dialog.exec():
            self._context.notify_changed()

    def new_entry(self) -> None:
        if not antennas.list_antennas(self._context.db):
            QMessageBox.information(self, "Aucune antenne", "Créez d'abord une antenne.")
            return
        self._open(VolunteerDraft(antenna_id=self._context.antenna_id))

    def _selected_ids(self) -> list[int]:
        return [self.model.row_at(row).id for row in self.selected_rows()]

    def edit_selected(self) -> None:
        if ids := self._selected_ids():
            self._open(volunteers.load_volunteer(self._context.db, ids[0]))

    def delete_selected(self) -> None:
        if not (ids := self._selected_ids()):
            return
        db = self._context.db
        self._undo.push(
            MoveToBinCommand(
                self._context,
                f"Supprimer {plural(len(ids), 'bénévole')}",
                ids,
                lambda chosen: volunteers.delete_volunteers(db, chosen),
                lambda chosen: volunteers.restore_volunteers(db, chosen),
            )
        )

    def save_attestation(self) -> None:
        """The chosen volunteer's attestation for a year the user picks, saved as PDF."""
        title = "Attestation de bénévolat"
        if not (ids := self._selected_ids()):
            QMessageBox.information(self, title, "Choisissez d'abord un bénévole dans la liste.")
            return
        today = date.today()
        # Early in the year, the attestation asked for is the one of the year just ended.
        default = today.year - 1 if today.month <= 3 else today.year
        year, chosen = QInputDialog.getInt(
            self, title, "Année de l'attestation :", default, 2000, today.year
        )
        if not chosen:
            return
        try:
            attestation = volunteer_attestation(self._context.db, ids[0], year)
        except BadInputError as error:
            QMessageBox.warning(self, title, str(error))
            return
        name = f"attestation-benevolat-{year}-{attestation.volunteer_name}.pdf".replace(" ", "-")
        self.task = printing.save_pdf(
            self,
            title,
            name,
            lambda path, _progress: write_bytes_atomically(path, attestation_pdf(attestation)),
        )
