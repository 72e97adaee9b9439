"""Settings: the mileage scale of each year, and the association's own rates per km.

One table row per band; consecutive rows of the same vehicle and horsepower range make one line
of the scale. Claims already valued keep the rates copied onto them.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.enums import VehicleKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_number
from pea_desktop.domain.mileage import Band, MileageScale, ScaleRow
from pea_desktop.domain.money import parse_decimal
from pea_desktop.services.claims import scales
from pea_desktop.services.database import Database
from pea_desktop.ui.common.widgets import DateEdit, EnumCombo, cell_widget

BAND_HEADERS = ("Véhicule", "CV min", "CV max", "Jusqu'à (km)", "Taux (€/km)", "Fixe (€)")
RATE_HEADERS = ("Véhicule", "À partir du", "Taux (€/km)")
VEHICLE, MIN_CV, MAX_CV, UP_TO, RATE, FIXED = range(6)


def _text(value: Decimal | int | None, places: int = 0) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return format_number(value, places).replace("\u202f", "")


class ScaleSettingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Barème kilométrique et taux de l'association"))
        self.scales = scales.list_scales(db)
        self.year = QComboBox()
        self.new_year_button = QPushButton(self.tr("Nouvelle année…"))
        self.delete_year_button = QPushButton(self.tr("Supprimer cette année"))
        self.bonus = QLineEdit()
        self.source = QLineEdit()
        self.bands = QTableWidget(0, len(BAND_HEADERS))
        self.bands.setHorizontalHeaderLabels([self.tr(h) for h in BAND_HEADERS])
        self.bands.verticalHeader().setVisible(False)
        self.bands.horizontalHeader().setStretchLastSection(True)
        self.add_band_button = QPushButton(self.tr("Ajouter une tranche"))
        self.remove_band_button = QPushButton(self.tr("Retirer la tranche"))
        self.rates = QTableWidget(0, len(RATE_HEADERS))
        self.rates.setHorizontalHeaderLabels([self.tr(h) for h in RATE_HEADERS])
        self.rates.verticalHeader().setVisible(False)
        self.rates.horizontalHeader().setStretchLastSection(True)
        self.rates.setMaximumHeight(150)
        self.add_rate_button = QPushButton(self.tr("Ajouter un taux"))
        self.remove_rate_button = QPushButton(self.tr("Retirer le taux"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self._layout()
        self.year.currentIndexChanged.connect(self._show_year)
        self.new_year_button.clicked.connect(self.new_year)
        self.delete_year_button.clicked.connect(self.delete_year)
        self.add_band_button.clicked.connect(lambda: self._add_band(self.bands.rowCount()))
        self.remove_band_button.clicked.connect(
            lambda: self.bands.removeRow(self.bands.currentRow())
        )
        self.add_rate_button.clicked.connect(lambda: self._add_rate(None))
        self.remove_rate_button.clicked.connect(
            lambda: self.rates.removeRow(self.rates.currentRow())
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._fill_years(max(self.scales))
        for rate in scales.list_own_rates(db):
            self._add_rate(rate)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Année")))
        top.addWidget(self.year)
        top.addWidget(self.new_year_button)
        top.addWidget(self.delete_year_button)
        top.addStretch()
        form = QFormLayout()
        form.addRow(self.tr("Majoration des véhicules électriques (%)"), self.bonus)
        form.addRow(self.tr("Source"), self.source)
        band_buttons = QHBoxLayout()
        band_buttons.addWidget(self.add_band_button)
        band_buttons.addWidget(self.remove_band_button)
        band_buttons.addStretch()
        scale_box = QGroupBox(self.tr("Barème officiel (distance parcourue dans l'année : d)"))
        scale_layout = QVBoxLayout(scale_box)
        scale_layout.addLayout(top)
        scale_layout.addLayout(form)
        scale_layout.addWidget(self.bands, 1)
        scale_layout.addLayout(band_buttons)
        hint = QLabel(
            self.tr(
                "Chaque tranche vaut d × taux + fixe jusqu'à sa limite ; la dernière tranche d'une "
                "ligne n'a pas de limite. Laissez CV vides pour « toutes puissances »."
            )
        )
        hint.setWordWrap(True)
        scale_layout.addWidget(hint)
        rate_box = QGroupBox(self.tr("Taux propres de l'association (facultatif)"))
        rate_layout = QVBoxLayout(rate_box)
        rate_hint = QLabel(
            self.tr(
                "Remplace le barème pour les remboursements à partir de la date indiquée ; le "
                "barème reste le plafond des abandons de frais. Taux vide : retour au barème."
            )
        )
        rate_hint.setWordWrap(True)
        rate_layout.addWidget(rate_hint)
        rate_layout.addWidget(self.rates)
        rate_buttons = QHBoxLayout()
        rate_buttons.addWidget(self.add_rate_button)
        rate_buttons.addWidget(self.remove_rate_button)
        rate_buttons.addStretch()
        rate_layout.addLayout(rate_buttons)
        # The tables scroll, Enregistrer / Annuler stay visible: the dialog fits a 1366×768
        # screen at 125 % (issue 11).
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(scale_box, 1)
        content_layout.addWidget(rate_box)
        self.bands.setMinimumHeight(160)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.fields_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields_area, 1)
        layout.addWidget(self.buttons)
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """780 × 560 where there is room (its title bar included, that fits the 614 px a
        1366×768 screen leaves at 125 %); never larger than the screen's free area."""
        width, height = 780, 560
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, free.width() - 40), min(height, free.height() - 60)
        self.resize(width, height)

    # --- scale of a year -------------------------------------------------------------------------
    def _fill_years(self, current: int) -> None:
        self.year.blockSignals(True)
        self.year.clear()
        for year in sorted(self.scales, reverse=True):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(self.year.findData(current))
        self.year.blockSignals(False)
        self._show_year()

    def _show_year(self) -> None:
        year = self.year.currentData()
        if year is None:
            return
        scale = self.scales[year]
        self.bonus.setText(_text(scale.electric_bonus * 100, 0))
        self.source.setText(scales.scale_source(self.db, year))
        self.bands.setRowCount(0)
        for row in scale.rows:
            for band in row.bands:
                self._add_band(self.bands.rowCount(), row, band)

    def _add_band(self, at: int, row: ScaleRow | None = None, band: Band | None = None) -> None:
        self.bands.insertRow(at)
        combo = EnumCombo(VehicleKind)
        combo.removeItem(combo.findData(VehicleKind.NONE.value))
        combo.set_value(row.vehicle if row else VehicleKind.CAR)
        self.bands.setCellWidget(at, VEHICLE, combo)
        cells = (
            _text(row.min_cv) if row else "",
            _text(row.max_cv) if row else "",
            _text(band.up_to_km) if band else "",
            _text(band.rate, 3) if band else "",
            _text(band.fixed) if band and band.fixed else "",
        )
        for column, text in zip((MIN_CV, MAX_CV, UP_TO, RATE, FIXED), cells, strict=True):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.bands.setItem(at, column, item)

    def displayed_scale(self) -> MileageScale:
        """The scale as typed; :class:`BadInputError` naming the row and column otherwise."""
        problems: list[str] = []

        def number(row: int, column: int, name: str, whole: bool = False) -> Decimal | None:
            item = self.bands.item(row, column)
            text = item.text().strip() if item else ""
            if not text:
                return None
            try:
                value = parse_decimal(text)
                if whole and value != int(value):
                    raise ValueError(text)
                return value
            except ValueError:
                problems.append(f"ligne {row + 1}, colonne {name} : « {text} » n'est pas valable.")
                return None

        lines: list[tuple[tuple[VehicleKind, int | None, int | None], list[Band]]] = []
        for row in range(self.bands.rowCount()):
            vehicle = cell_widget(self.bands, row, VEHICLE, EnumCombo).chosen()
            low, high = number(row, MIN_CV, "CV min", True), number(row, MAX_CV, "CV max", True)
            key = (vehicle, None if low is None else int(low), None if high is None else int(high))
            rate = number(row, RATE, "taux")
            if rate is None:
                problems.append(f"ligne {row + 1}, colonne taux : indiquez le taux par km.")
                rate = Decimal(0)
            band = Band(
                number(row, UP_TO, "limite"), rate, number(row, FIXED, "fixe") or Decimal(0)
            )
            if lines and lines[-1][0] == key:
                lines[-1][1].append(band)
            else:
                lines.append((key, [band]))
        bonus_text = self.bonus.text().strip() or "0"
        try:
            bonus = parse_decimal(bonus_text) / 100
        except ValueError:
            problems.append(f"Majoration électrique : « {bonus_text} » n'est pas un pourcentage.")
            bonus = Decimal(0)
        if problems:
            raise BadInputError(self.tr("Le barème contient des erreurs."), problems)
        rows = tuple(ScaleRow(k[0], k[1], k[2], tuple(bands)) for k, bands in lines)
        return MileageScale(self.year.currentData(), rows, bonus)

    def new_year(self) -> None:
        latest = max(self.scales)
        year, ok = QInputDialog.getInt(
            self, self.tr("Nouvelle année"), self.tr("Année du barème :"), latest + 1, 2000, 2100
        )
        if not ok:
            return
        if year in self.scales:
            self.year.setCurrentIndex(self.year.findData(year))
            return
        try:
            shown = self.displayed_scale()
        except BadInputError as error:
            QMessageBox.warning(self, self.tr("Nouvelle année"), str(error))
            return
        self.scales[year] = MileageScale(year, shown.rows, shown.electric_bonus)
        self._fill_years(year)
        self.source.clear()

    def delete_year(self) -> None:
        year = self.year.currentData()
        answer = QMessageBox.question(
            self,
            self.tr("Supprimer le barème"),
            self.tr("Supprimer le barème {0} ? Les notes déjà valorisées le conservent.").format(
                year
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            scales.delete_scale(self.db, year)
        except BadInputError as error:
            QMessageBox.warning(self, self.tr("Supprimer le barème"), str(error))
            return
        self.scales = scales.list_scales(self.db)
        self._fill_years(max(self.scales))

    # --- own rates -------------------------------------------------------------------------------
    def _add_rate(self, rate: scales.OwnRate | None) -> None:
        at = self.rates.rowCount()
        self.rates.insertRow(at)
        combo = EnumCombo(VehicleKind)
        combo.removeItem(combo.findData(VehicleKind.NONE.value))
        day = DateEdit()
        if rate is not None:
            combo.set_value(rate.vehicle_kind)
            day.set_value(rate.valid_from)
        self.rates.setCellWidget(at, 0, combo)
        self.rates.setCellWidget(at, 1, day)
        self.rates.setItem(at, 2, QTableWidgetItem(_text(rate.rate, 3) if rate else ""))

    def displayed_rates(self) -> list[scales.OwnRate]:
        rates, problems = [], []
        for row in range(self.rates.rowCount()):
            item = self.rates.item(row, 2)
            text = item.text().strip() if item else ""
            value = None
            if text:
                try:
                    value = parse_decimal(text)
                except ValueError:
                    problems.append(
                        f"ligne {row + 1}, colonne taux : « {text} » n'est pas un taux."
                    )
            kind = cell_widget(self.rates, row, 0, EnumCombo).chosen()
            day = cell_widget(self.rates, row, 1, DateEdit).value()
            rates.append(scales.OwnRate(kind, day, value))
        if problems:
            raise BadInputError(
                self.tr("Les taux de l'association contiennent des erreurs."), problems
            )
        return rates

    def save(self) -> None:
        try:
            scale, rates = self.displayed_scale(), self.displayed_rates()
            scales.save_mileage_settings(self.db, scale, self.source.text(), rates)
        except BadInputError as error:
            QMessageBox.warning(self, self.tr("Enregistrement impossible"), str(error))
            return
        self.accept()
