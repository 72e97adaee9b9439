"""The association's details and new antennas (also pages of the first-run assistant)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.association import AssociationInfo, AssociationStatus, DonationForm
from pea_desktop.domain.bank import mask_iban
from pea_desktop.domain.errors import BadInputError, StaleRecordError
from pea_desktop.domain.limits import ANTENNA_TEXTS, ASSOCIATION_TEXTS
from pea_desktop.services import association
from pea_desktop.services.database import Database
from pea_desktop.services.organisation import antennas
from pea_desktop.services.organisation.antennas import AntennaInfo
from pea_desktop.ui.common.guarded_dialog import GuardedDialog
from pea_desktop.ui.common.stale import refused_as_stale
from pea_desktop.ui.common.text_limits import bound_line_edits
from pea_desktop.ui.common.widgets import EnumCombo, ProblemsLabel


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
        self.status = EnumCombo(AssociationStatus)
        self.status.set_value(AssociationStatus.GENERAL_INTEREST)
        self.status.setMaximumWidth(420)
        form.addRow("Qualité de l'&organisme", self.status)
        self.donation_form = EnumCombo(DonationForm)
        self.donation_form.set_value(DonationForm.MANUAL_GIFT)
        form.addRow("&Forme des dons", self.donation_form)
        self.article_978 = QCheckBox("Les dons ouvrent droit à l'article 978 du CGI (IFI)")
        form.addRow("", self.article_978)
        for name, label in (("signatory_name", "Si&gnataire"), ("signatory_title", "&Qualité")):
            self.edits[name] = QLineEdit()
            form.addRow(label, self.edits[name])
        self.edits["signatory_title"].setPlaceholderText("ex. Présidence, Trésorerie")
        # The bank account is typed anew to change it; the saved one is only shown masked.
        for name, label in (("iban", "&IBAN du compte"), ("bic", "&BIC")):
            self.edits[name] = QLineEdit()
            form.addRow(label, self.edits[name])
        bound_line_edits(self.edits, ASSOCIATION_TEXTS)
        self._saved = AssociationInfo()

    def fill(self, info: AssociationInfo) -> None:
        self._saved = info
        for name, edit in self.edits.items():
            if name == "iban":
                edit.clear()
                edit.setPlaceholderText(
                    f"{mask_iban(info.iban)} (saisir pour changer)" if info.iban else ""
                )
            else:
                edit.setText(getattr(info, name))
        self.purpose.setPlainText(info.purpose)
        self.status.set_value(info.status_enum)
        self.donation_form.set_value(info.donation_form_enum)
        self.article_978.setChecked(info.article_978)

    def info(self) -> AssociationInfo:
        values = {name: edit.text() for name, edit in self.edits.items()}
        if not values["iban"].strip():
            values["iban"] = self._saved.iban
            values["bic"] = values["bic"] if values["bic"].strip() else self._saved.bic
        return AssociationInfo(
            **values,
            purpose=self.purpose.toPlainText(),
            status=self.status.chosen().value,
            donation_form=self.donation_form.chosen().value,
            article_978=self.article_978.isChecked(),
        )


class FormDialog(GuardedDialog):
    """A form, the reason it was refused, and Save / Cancel; subclasses implement ``save`` and
    :meth:`snapshot`, and call :meth:`mark_clean` once filled (Esc asks when it changed)."""

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
        # The signature printed on tax receipts and attestations, chosen from a file.
        self._signature = association.signature_image(db)
        self._signature_changed = False
        self.signature_state = QLabel()
        choose = QPushButton("&Choisir une image…")
        choose.clicked.connect(self.choose_signature)
        remove = QPushButton("Re&tirer")
        remove.clicked.connect(self.remove_signature)
        row = QHBoxLayout()
        row.addWidget(self.signature_state, 1)
        row.addWidget(choose)
        row.addWidget(remove)
        layout = self.form.layout()
        assert isinstance(layout, QFormLayout)
        layout.addRow("Signature scannée", row)
        self._show_signature()
        self.mark_clean()

    discard_what = "les modifications de l'association"

    def snapshot(self) -> object:
        return (self.form.info(), self._signature)

    def _show_signature(self) -> None:
        if self._signature is None:
            self.signature_state.setText("aucune (signature à la main)")
        else:
            size = max(1, len(self._signature) // 1024)
            self.signature_state.setText(f"image enregistrée ({size} Ko)")

    def choose_signature(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Image de la signature", "", "Images (*.png *.jpg *.jpeg)"
        )
        if not name:
            return
        data = Path(name).read_bytes()
        problem = association.image_problem(data)
        if problem:
            self.problems.show_problems([problem])
            return
        self._signature, self._signature_changed = data, True
        self._show_signature()

    def remove_signature(self) -> None:
        self._signature, self._signature_changed = None, True
        self._show_signature()

    def save(self) -> None:
        try:
            association.save_association(self._db, self.form.info())
            if self._signature_changed:
                association.set_signature_image(self._db, self._signature)
        except BadInputError as error:
            self.problems.show_problems(error.problems or [error.message])
            return
        self.accept()


class AntennaForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = QLineEdit()
        self.code.setPlaceholderText("ex. LYON")
        self.name = QLineEdit()
        bound_line_edits({"code": self.code, "name": self.name}, ANTENNA_TEXTS)
        self.department = QLineEdit()
        self.department.setMaxLength(3)
        self.department.setMaximumWidth(60)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Code", self.code)
        form.addRow("&Nom", self.name)
        form.addRow("&Département", self.department)
        self.direct_approval = QCheckBox("&Approuver sans l'étape de soumission")
        self.direct_approval.setToolTip(
            "Pour une antenne où une seule personne tient les notes de frais : un brouillon "
            "s'approuve directement. L'historique garde les deux étapes (soumise, puis "
            "approuvée), avec qui et quand."
        )
        form.addRow("", self.direct_approval)


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
        self._version: int | None = None
        self.created_id: int | None = None
        if antenna is not None:
            self._fill(antenna)
        self.mark_clean()

    def _fill(self, antenna: AntennaInfo) -> None:
        self._version = antenna.version  # as loaded: a save over a newer one is refused
        self.form.code.setText(antenna.code)
        self.form.name.setText(antenna.name)
        self.form.department.setText(antenna.department)
        self.form.direct_approval.setChecked(antenna.direct_approval)

    def reload(self) -> None:
        """Show the antenna as now saved (by another user); the typing is dropped."""
        assert self._antenna_id is not None
        self._fill(antennas.load_antenna(self._db, self._antenna_id))
        self.problems.show_problems([])
        self.mark_clean()

    discard_what = "la fiche de l'antenne"

    def snapshot(self) -> object:
        return (
            self.form.code.text(),
            self.form.name.text(),
            self.form.department.text(),
            self.form.direct_approval.isChecked(),
        )

    def save(self) -> None:
        try:
            antenna = antennas.save_antenna(
                self._db,
                self.form.code.text(),
                self.form.name.text(),
                self.form.department.text(),
                self._antenna_id,
                self.form.direct_approval.isChecked(),
                expected_version=self._version,
            )
        except StaleRecordError as error:
            # Another user saved this antenna since it was shown: nothing was written.
            refused_as_stale(self, error)
            return
        except BadInputError as error:
            self.problems.show_problems([error.message])
            return
        self.created_id = antenna.id
        self.accept()
