"""Create or edit a volunteer: identity, contact, vehicle (used for mileage), bank account."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.bank import mask_iban
from pea_desktop.domain.enums import VehicleKind, VolunteerRole
from pea_desktop.domain.errors import BadInputError, StaleRecordError
from pea_desktop.domain.limits import VOLUNTEER_TEXTS
from pea_desktop.services.database import Database
from pea_desktop.services.organisation import volunteers
from pea_desktop.services.organisation.antennas import AntennaInfo
from pea_desktop.services.organisation.volunteers import VolunteerDraft
from pea_desktop.ui.common.guarded_dialog import GuardedDialog
from pea_desktop.ui.common.stale import refused_as_stale
from pea_desktop.ui.common.text_limits import bound_line_edits
from pea_desktop.ui.common.widgets import (
    EnumCombo,
    OptionalIntSpin,
    ProblemsLabel,
    set_save_enabled,
)


def _label(text: str, buddy: QWidget) -> QLabel:
    """A row label for a row made of several widgets: Alt+letter goes to the first one."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class MaskedIbanEdit(QLineEdit):
    """An IBAN shown masked ("FR76 •••• … 0189") unless the field is being edited.

    The full number appears only while the field has the keyboard focus, to be read or
    corrected; a screenshot or a glance at a screen shows the masked form (docs: IBANs are
    personal data and leave the base only in the SEPA file)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = ""
        self.setPlaceholderText("FR76 3000 6000 0112 3456 7890 189")
        self.setToolTip("IBAN du bénévole, pour le rembourser par virement (masqué à l'écran)")
        # What the user types is the value; what the program shows (masked) is not.
        self.textEdited.connect(self._edited)

    def _edited(self, text: str) -> None:
        self._value = text

    def value(self) -> str:
        return self._value

    def set_value(self, iban: str) -> None:
        self._value = iban
        self.setText(iban if self.hasFocus() else mask_iban(iban))

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.setText(self._value)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.setText(mask_iban(self._value))
        super().focusOutEvent(event)


class VolunteerForm(QWidget):
    """The fields of a volunteer, reused by the first-run assistant."""

    def __init__(self, antennas: list[AntennaInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.antenna = QComboBox()
        for antenna in antennas:
            self.antenna.addItem(antenna.display_name, antenna.id)
        self.role = EnumCombo(VolunteerRole)
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.postal_code = QLineEdit()
        self.postal_code.setMaximumWidth(80)
        self.city = QLineEdit()
        edits = {name: getattr(self, name) for name in VOLUNTEER_TEXTS}
        bound_line_edits(edits, VOLUNTEER_TEXTS)
        self.vehicle = EnumCombo(VehicleKind, empty_label="Non renseigné")
        self.horsepower = OptionalIntSpin(50)
        self.horsepower.setSuffix(" CV")
        self.electric = QCheckBox("électrique")
        self.active = QCheckBox("actif")
        self.active.setChecked(True)
        self.iban = MaskedIbanEdit()
        self.bic = QLineEdit()
        self.bic.setMaximumWidth(130)
        self.bic.setPlaceholderText("AGRIFRPP")
        self.bic.setToolTip("Code BIC de la banque (trouvé seul pour la plupart des IBAN français)")

        town = QHBoxLayout()
        town.addWidget(self.postal_code)
        town.addWidget(self.city, 1)
        vehicle = QHBoxLayout()
        vehicle.addWidget(self.vehicle, 1)
        vehicle.addWidget(self.horsepower)
        vehicle.addWidget(self.electric)
        form = self.form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Prénom", self.first_name)
        form.addRow("&Nom", self.last_name)
        form.addRow("&Antenne", self.antenna)
        form.addRow("&Rôle", self.role)
        form.addRow("&E-mail", self.email)
        form.addRow("Télé&phone", self.phone)
        form.addRow("A&dresse", self.address)
        form.addRow(_label("Code postal et &ville", self.postal_code), town)
        form.addRow(_label("&Véhicule", self.vehicle), vehicle)
        form.addRow("&IBAN", self.iban)
        form.addRow("BI&C", self.bic)
        form.addRow("", self.active)

    def hide_antenna(self) -> None:
        """For the first-run assistant: the volunteer joins the antenna being created."""
        self.form.setRowVisible(self.antenna, False)

    def watch(self, slot: Callable[..., object]) -> None:
        for edit in (self.first_name, self.last_name, self.email, self.iban, self.bic):
            edit.textChanged.connect(slot)
        for combo in (self.antenna, self.vehicle):
            combo.currentIndexChanged.connect(slot)
        self.horsepower.valueChanged.connect(slot)

    def fill(self, draft: VolunteerDraft) -> None:
        self.first_name.setText(draft.first_name)
        self.last_name.setText(draft.last_name)
        self.antenna.setCurrentIndex(max(self.antenna.findData(draft.antenna_id), 0))
        self.role.set_value(draft.role)
        self.email.setText(draft.email)
        self.phone.setText(draft.phone)
        self.address.setText(draft.address)
        self.postal_code.setText(draft.postal_code)
        self.city.setText(draft.city)
        self.vehicle.set_value(draft.vehicle_kind)
        self.horsepower.set_int_value(draft.fiscal_horsepower)
        self.electric.setChecked(draft.electric)
        self.active.setChecked(draft.active)
        self.iban.set_value(draft.iban)
        self.bic.setText(draft.bic)

    def draft(self, volunteer_id: int | None = None) -> VolunteerDraft:
        return VolunteerDraft(
            id=volunteer_id,
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            antenna_id=self.antenna.currentData(),
            role=self.role.value() or VolunteerRole.VOLUNTEER,
            email=self.email.text(),
            phone=self.phone.text(),
            address=self.address.text(),
            postal_code=self.postal_code.text(),
            city=self.city.text(),
            vehicle_kind=self.vehicle.value(),
            fiscal_horsepower=self.horsepower.int_value(),
            electric=self.electric.isChecked(),
            active=self.active.isChecked(),
            iban=self.iban.value(),
            bic=self.bic.text(),
        )


class VolunteerDialog(GuardedDialog):
    discard_what = "la fiche du bénévole"

    def __init__(
        self,
        db: Database,
        draft: VolunteerDraft,
        antennas: list[AntennaInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._id = draft.id
        self._version = draft.version  # as loaded: a save over a newer one is refused
        self.saved_id: int | None = None
        self.setWindowTitle("Nouveau bénévole" if draft.id is None else "Modifier le bénévole")
        self.setMinimumWidth(460)
        self.form = VolunteerForm(antennas)
        self.form.fill(draft)
        self.problems = ProblemsLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.form.watch(self.revalidate)
        self.revalidate()
        self.mark_clean()

    def reload(self) -> None:
        """Show the volunteer as now saved (by another user); the typing is dropped."""
        assert self._id is not None
        fresh = volunteers.load_volunteer(self._db, self._id)
        self._version = fresh.version
        self.form.fill(fresh)
        self.mark_clean()
        self.revalidate()

    def revalidate(self) -> None:
        problems = volunteers.validate_volunteer(self.form.draft(self._id))
        self.problems.show_problems(problems)
        set_save_enabled(self.save_button, not problems)

    def snapshot(self) -> object:
        return self.form.draft(self._id)

    def save(self) -> None:
        draft = replace(self.form.draft(self._id), version=self._version)
        try:
            self.saved_id = volunteers.save_volunteer(self._db, draft)
        except StaleRecordError as error:
            # Another user saved this volunteer since it was shown: nothing was written.
            refused_as_stale(self, error)
            return
        except BadInputError as error:
            self.problems.show_problems(error.problems or [error.message])
            return
        self.accept()
