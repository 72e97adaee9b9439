"""The association's details and new antennas (also pages of the first-run assistant)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services import association
from pea_desktop.services.database import Database
from pea_desktop.services.organisation import antennas
from pea_desktop.services.organisation.antennas import AntennaInfo
from pea_desktop.ui.common.widgets import ProblemsLabel


class AssociationForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for name, label in (
            ("name", "&Nom de l'association"),
            ("address", "&Adresse"),
            ("postal_code", "&Code postal"),
            ("city", "&Ville"),
            ("rna", "N° &RNA"),
            ("siren", "N° &SIREN"),
        ):
            self.edits[name] = QLineEdit()
            form.addRow(label, self.edits[name])
        self.edits["rna"].setPlaceholderText("ex. W691234567")
        self.purpose = QPlainTextEdit()
        self.purpose.setTabChangesFocus(True)
        self.purpose.setMaximumHeight(60)
        self.purpose.setPlaceholderText("Objet (imprimé sur les reçus fiscaux)")
        form.addRow("&Objet", self.purpose)
        for name, label in (("signatory_name", "Si&gnataire"), ("signatory_title", "&Qualité")):
            self.edits[name] = QLineEdit()
            form.addRow(label, self.edits[name])
        self.edits["signatory_title"].setPlaceholderText("ex. Président(e)")

    def fill(self, info: AssociationInfo) -> None:
        for name, edit in self.edits.items():
            edit.setText(getattr(info, name))
        self.purpose.setPlainText(info.purpose)

    def info(self) -> AssociationInfo:
        values = {name: edit.text() for name, edit in self.edits.items()}
        return AssociationInfo(**values, purpose=self.purpose.toPlainText())


class FormDialog(QDialog):
    """A form, the reason it was refused, and Save / Cancel; subclasses implement ``save``."""

    def __init__(self, title: str, form: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = form
        self.problems = ProblemsLabel()
        self.problems.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)

    def save(self) -> None:
        raise NotImplementedError


class AssociationDialog(FormDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        self.form: AssociationForm
        super().__init__("Association", AssociationForm(), parent)
        self._db = db
        self.setMinimumWidth(480)
        self.form.fill(association.load_association(db))

    def save(self) -> None:
        try:
            association.save_association(self._db, self.form.info())
        except BadInputError as error:
            self.problems.show_problems([error.message])
            return
        self.accept()


class AntennaForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = QLineEdit()
        self.code.setPlaceholderText("ex. LYON")
        self.code.setMaxLength(32)
        self.name = QLineEdit()
        self.department = QLineEdit()
        self.department.setMaxLength(3)
        self.department.setMaximumWidth(60)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Code", self.code)
        form.addRow("&Nom", self.name)
        form.addRow("&Département", self.department)


class AntennaDialog(FormDialog):
    """A new antenna, or changes to ``antenna`` (its code, name, department)."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, antenna: AntennaInfo | None = None
    ) -> None:
        self.form: AntennaForm
        title = "Nouvelle antenne" if antenna is None else f"Modifier l'antenne {antenna.code}"
        super().__init__(title, AntennaForm(), parent)
        self._db = db
        self._antenna_id = None if antenna is None else antenna.id
        self.created_id: int | None = None
        if antenna is not None:
            self.form.code.setText(antenna.code)
            self.form.name.setText(antenna.name)
            self.form.department.setText(antenna.department)

    def save(self) -> None:
        try:
            antenna = antennas.save_antenna(
                self._db,
                self.form.code.text(),
                self.form.name.text(),
                self.form.department.text(),
                self._antenna_id,
            )
        except BadInputError as error:
            self.problems.show_problems([error.message])
            return
        self.created_id = antenna.id
        self.accept()
