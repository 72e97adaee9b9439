""" "Données personnelles et conservation…": how long visit details are kept per antenna (with
a preview before purging), and a volunteer's data exported or erased when they leave."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.database_errors import DatabaseOpenError
from pea_desktop.services.organisation.antennas import list_antennas
from pea_desktop.services.organisation.volunteers import list_volunteers
from pea_desktop.services.output_files import write_text_atomically
from pea_desktop.services.retention import (
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
    erase_volunteer,
    purge_old_details,
    retention_preview,
    retention_years,
    set_retention_years,
    volunteer_data_json,
)
from pea_desktop.ui.context import AppContext


class PrivacyDialog(QDialog):
    def __init__(
        self, context: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today or date.today()
        self.setWindowTitle(self.tr("Données personnelles et conservation"))
        self.antenna = QComboBox()
        for antenna in list_antennas(context.db):
            self.antenna.addItem(antenna.display_name, antenna.code)
        self.years = QSpinBox()
        self.years.setRange(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)
        self.years.setSuffix(self.tr(" ans"))
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.purge_button = QPushButton(self.tr("&Purger maintenant…"))
        retention = QGroupBox(self.tr("Conservation des références de visite et des notes"))
        form = QFormLayout(retention)
        form.addRow(self.tr("&Antenne :"), self.antenna)
        form.addRow(self.tr("&Durée de conservation :"), self.years)
        form.addRow(self.preview)
        form.addRow(self.purge_button)

        self.volunteer = QComboBox()
        self.export_button = QPushButton(self.tr("E&xporter ses données…"))
        self.erase_button = QPushButton(self.tr("&Effacer ses données (départ)…"))
        people = QGroupBox(self.tr("Données d'un bénévole"))
        people_layout = QVBoxLayout(people)
        explanation = QLabel(
            self.tr(
                "Exporter : ses données en JSON, pour son droit d'accès. Effacer : à son départ, "
                "ses coordonnées disparaissent ; ses activités restent comptées, anonymes ; son "
                "nom et son adresse restent tant que ses notes de frais ou reçus fiscaux doivent "
                "être conservés."
            )
        )
        explanation.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.volunteer, 1)
        row.addWidget(self.export_button)
        row.addWidget(self.erase_button)
        people_layout.addWidget(explanation)
        people_layout.addLayout(row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(retention)
        layout.addWidget(people)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

        self.antenna.currentIndexChanged.connect(self._antenna_changed)
        self.years.valueChanged.connect(self._years_changed)
        self.purge_button.clicked.connect(self.purge)
        self.export_button.clicked.connect(self.export_data)
        self.erase_button.clicked.connect(self.erase)
        self._antenna_changed()
        self._load_volunteers()
        writable = not context.db.read_only
        for button in (self.purge_button, self.erase_button):
            button.setEnabled(button.isEnabled() and writable)
        self.years.setEnabled(writable)

    # --- retention ----------------------------------------------------------------------
    @property
    def code(self) -> str | None:
        value = self.antenna.currentData()
        return str(value) if value else None

    def _antenna_changed(self) -> None:
        if self.code is None:
            self.preview.setText(self.tr("Aucune antenne."))
            self.purge_button.setEnabled(False)
            return
        self.years.blockSignals(True)
        self.years.setValue(retention_years(self.context.db, self.code))
        self.years.blockSignals(False)
        self._refresh_preview()

    def _years_changed(self, years: int) -> None:
        if self.code is not None:
            set_retention_years(self.context.db, self.code, years)
            self._refresh_preview()

    def _refresh_preview(self) -> None:
        assert self.code is not None
        preview = retention_preview(self.context.db, self.code, self.today)
        self.preview.setText(preview.describe())
        self.purge_button.setEnabled(bool(preview.activities) and not self.context.db.read_only)

    def purge(self) -> None:
        if self.code is None:
            return
        preview = retention_preview(self.context.db, self.code, self.today)
        answer = QMessageBox.question(
            self,
            self.tr("Purger les anciennes données"),
            preview.describe() + "\n\n" + self.tr("Une sauvegarde est faite avant. Purger ?"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            result = purge_old_details(self.context.db, [self.code], self.today)
        except (BadInputError, DatabaseOpenError) as exc:
            QMessageBox.warning(self, self.tr("Purge impossible"), str(exc))
            return
        self.context.notify_changed()
        self._refresh_preview()
        QMessageBox.information(self, self.tr("Purge faite"), result.describe())

    # --- a volunteer --------------------------------------------------------------------
    def _load_volunteers(self) -> None:
        self.volunteer.clear()
        for row in list_volunteers(self.context.db):
            self.volunteer.addItem(f"{row.full_name} ({row.antenna_code})", row.id)
        has = self.volunteer.count() > 0
        self.export_button.setEnabled(has)
        self.erase_button.setEnabled(has and not self.context.db.read_only)

    def _volunteer(self) -> tuple[int, str] | None:
        value = self.volunteer.currentData()
        return (int(value), self.volunteer.currentText()) if value is not None else None

    def export_data(self) -> None:
        chosen = self._volunteer()
        if chosen is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Exporter ses données"), "donnees-benevole.json", "JSON (*.json)"
        )
        if not name:
            return
        if Path(name).resolve() == self.context.db.path.resolve():
            QMessageBox.warning(self, self.tr("Export impossible"), self.tr("C'est la base."))
            return
        try:
            write_text_atomically(Path(name), volunteer_data_json(self.context.db, chosen[0]))
        except BadInputError as exc:
            QMessageBox.warning(self, self.tr("Export impossible"), str(exc))
            return
        self.last_export = Path(name)
        QMessageBox.information(
            self,
            self.tr("Données exportées"),
            self.tr("Données de {who} écrites dans {file}.").format(who=chosen[1], file=name),
        )

    def erase(self) -> None:
        chosen = self._volunteer()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Effacer les données d'un bénévole"),
            self.tr(
                "Effacer les données personnelles de {who} ? Exportez-les d'abord s'il les a "
                "demandées. Une sauvegarde est faite avant ; l'effacement ne s'annule pas "
                "autrement."
            ).format(who=chosen[1]),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            result = erase_volunteer(self.context.db, chosen[0], self.today)
        except (BadInputError, DatabaseOpenError) as exc:
            QMessageBox.warning(self, self.tr("Effacement impossible"), str(exc))
            return
        self._load_volunteers()
        QMessageBox.information(self, self.tr("Données effacées"), result.describe())
