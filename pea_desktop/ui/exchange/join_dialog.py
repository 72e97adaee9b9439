"""Fichier › Rejoindre une antenne… (a volunteer's laptop): the invitation file and its code."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.os_errors import describe_os_error
from pea_desktop.services.database import Database
from pea_desktop.services.exchange import invitations
from pea_desktop.ui.common.widgets import ProblemsLabel, set_save_enabled
from pea_desktop.ui.exchange.file_field import FileField
from pea_desktop.ui.exchange.fit import grow_to_fit


class JoinDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.joined: invitations.Joined | None = None
        self.setWindowTitle("Rejoindre une antenne")
        self.resize(600, 0)
        intro = QLabel(
            "La coordination de votre antenne vous a remis un fichier d'invitation (.pea) et "
            "vous a donné un code de 12 caractères. Cette base recevra l'association, l'antenne, "
            "ses bénévoles, ses structures partenaires et les barèmes ; vous pourrez ensuite "
            "envoyer vos "
            "activités à la coordination (Fichier › Envoyer…)."
        )
        intro.setWordWrap(True)
        self.file = FileField("Ouvrir une invitation", save=False)
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKMN")
        form = QFormLayout()
        form.addRow("&Invitation :", self.file)
        form.addRow("&Code :", self.code)
        self.problems = ProblemsLabel()
        self.problems.hide()
        self.join_button = QPushButton("&Rejoindre")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.join_button.clicked.connect(self.join)
        layout = QVBoxLayout(self)
        # The dialog grows when a message or the result appears, instead of clipping it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.file.changed.connect(self._update)
        self.code.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        set_save_enabled(self.join_button, bool(self.file.path() and self.code.text().strip()))

    def join(self) -> None:
        path = self.file.path()
        if path is None or not self.code.text().strip():
            return
        try:
            self.joined = invitations.join(self.db, path, self.code.text().strip())
        except BadInputError as exc:
            self.problems.show_problems([str(exc)])
            grow_to_fit(self)
            return
        except OSError as exc:
            self.problems.show_problems([f"{path} : {describe_os_error(exc)}"])
            grow_to_fit(self)
            return
        self.accept()

    def summary(self) -> str:
        joined = self.joined
        if joined is None:
            return ""
        verb = "a rejoint à nouveau" if joined.rejoined else "a rejoint"
        return (
            f"Cette base {verb} l'antenne {joined.antenna} pour {joined.volunteer} "
            f"({joined.volunteers} bénévoles, {joined.partners} structures partenaires).\n\n"
            "Saisissez vos activités, puis Fichier › Envoyer… écrit le fichier à remettre à "
            "la coordination de votre antenne."
        )
