"""Period, volunteer and text filters above an activity list."""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from pea_desktop.services.organisation.volunteers import VolunteerRow
from pea_desktop.ui.common.settings import read_int, read_str, write
from pea_desktop.ui.common.widgets import DateEdit

PERIODS = [
    ("all", "Toutes les dates"),
    ("this_month", "Ce mois-ci"),
    ("last_month", "Le mois dernier"),
    ("this_year", "Cette année"),
    ("last_year", "L'année dernière"),
    ("last_12_months", "Les 12 derniers mois"),
    ("custom", "Période choisie…"),
]


def period_bounds(period: str, today: date) -> tuple[date | None, date | None]:
    """First and last day of a named period (None: no bound)."""
    first_of_month = today.replace(day=1)
    if period == "this_month":
        return first_of_month, today
    if period == "last_month":
        last = first_of_month - timedelta(days=1)
        return last.replace(day=1), last
    if period == "this_year":
        return today.replace(month=1, day=1), today
    if period == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if period == "last_12_months":
        return today.replace(year=today.year - 1) + timedelta(days=1), today
    return None, None


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.period = QComboBox()
        for key, label in PERIODS:
            self.period.addItem(label, key)
        self.date_from = DateEdit()
        self.date_to = DateEdit()
        self.date_from.set_value(date.today().replace(month=1, day=1))
        self.volunteer = QComboBox()
        self.volunteer.setMinimumContentsLength(18)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Rechercher (lieu, thème, référence, notes)…")
        self.text.setClearButtonEnabled(True)
        self.text.setObjectName("search")  # Ctrl+F comes here
        self.text.setToolTip("Rechercher dans la liste (Ctrl+F)")
        self.period.setToolTip("Les activités de quelle période montrer")
        self.volunteer.setToolTip("Seulement les activités de ce bénévole")
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.changed)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Période"))
        layout.addWidget(self.period)
        self._from_label = QLabel("du")
        self._to_label = QLabel("au")
        for widget in (self._from_label, self.date_from, self._to_label, self.date_to):
            layout.addWidget(widget)
        layout.addWidget(QLabel("Bénévole"))
        layout.addWidget(self.volunteer)
        layout.addWidget(self.text, 1)

        self.period.currentIndexChanged.connect(self._period_changed)
        self.date_from.dateChanged.connect(self.changed)
        self.date_to.dateChanged.connect(self.changed)
        self.volunteer.currentIndexChanged.connect(self.changed)
        self.text.textChanged.connect(self._debounce.start)
        self._period_changed()
        self._key = ""  # where the filters are remembered (remember_as)
        self._wanted_volunteer: int | None = None  # remembered, until the list of names comes

    def remember_as(self, key: str) -> None:
        """Show the filters this list had at the last start, and keep them from now on."""
        self._key = key
        self.blockSignals(True)  # the list reads them when it first fills
        if (index := self.period.findData(read_str(f"{key}/period", "all"))) >= 0:
            self.period.setCurrentIndex(index)
        for edit, name in ((self.date_from, "from"), (self.date_to, "to")):
            with suppress(ValueError):  # never chosen: the defaults stay
                edit.set_value(date.fromisoformat(read_str(f"{key}/{name}")))
        self.text.setText(read_str(f"{key}/text"))
        self._debounce.stop()
        self.blockSignals(False)
        self._wanted_volunteer = read_int(f"{key}/volunteer")
        self.changed.connect(self._save)

    def _save(self) -> None:
        key = self._key
        write(f"{key}/period", self.period.currentData())
        write(f"{key}/from", self.date_from.value().isoformat())
        write(f"{key}/to", self.date_to.value().isoformat())
        write(f"{key}/volunteer", self.volunteer.currentData())
        write(f"{key}/text", self.text.text())

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        for widget in (self._from_label, self.date_from, self._to_label, self.date_to):
            widget.setVisible(custom)
        self.changed.emit()

    def set_volunteers(self, volunteers: list[VolunteerRow]) -> None:
        current = self.volunteer.currentData()
        if current is None and self._wanted_volunteer is not None:
            current, self._wanted_volunteer = self._wanted_volunteer, None
        self.volunteer.blockSignals(True)
        self.volunteer.clear()
        self.volunteer.addItem("Tous", None)
        for v in volunteers:
            self.volunteer.addItem(v.full_name, v.id)
        self.volunteer.setCurrentIndex(max(self.volunteer.findData(current), 0))
        self.volunteer.blockSignals(False)

    def bounds(self) -> tuple[date | None, date | None]:
        if self.period.currentData() == "custom":
            return self.date_from.value(), self.date_to.value()
        return period_bounds(self.period.currentData(), date.today())

    def volunteer_id(self) -> int | None:
        return self.volunteer.currentData()

    def search_text(self) -> str:
        return self.text.text()
