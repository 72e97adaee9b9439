"""Bénévoles › Inviter sur un autre ordinateur… (the coordinator's base).

The invitation file goes by USB stick or e-mail; the code, shown here once, goes by another
channel (phone, in person): whoever finds the file alone cannot open it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
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
from pea_desktop.services.organisation.volunteers import list_volunteers
from pea_desktop.services.output_files import (
    database_and_backups,
    refuse_overwriting,
    write_bytes_atomically,
)
from pea_desktop.ui.common.widgets import ProblemsLabel
from pea_desktop.ui.exchange.file_field import FileField
from pea_desktop.ui.exchange.fit import grow_to_fit


def _file_name(full_name: str) -> str:
    return "invitation-" + "-".join(full_name.split()) + ".pea"


class InviteDialog(QDialog):
    def __init__(
        self, db: Database, parent: QWidget | None = None, antenna_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.invitation: invitations.Invitation | None = None
        self.setWindowTitle("Inviter sur un autre ordinateur")
        self.resize(620, 0)
        intro = QLabel(
            "Le bénévole pourra saisir ses activités sur son propre ordinateur et vous les "
            "envoyer. Créez son invitation, remettez-lui le fichier (clé USB, courriel) et "
            "donnez-lui le code par un autre moyen (téléphone, de vive voix)."
        )
        intro.setWordWrap(True)
        self.volunteer = QComboBox()
        for row in list_volunteers(db, antenna_id, include_inactive=False):
            self.volunteer.addItem(f"{row.full_name} ({row.antenna_code})", row)
        self.file = FileField("Enregistrer l'invitation", save=True)
        self.volunteer.currentIndexChanged.connect(self._suggest)
        self._suggest()
        form = QFormLayout()
        form.addRow("&Bénévole :", self.volunteer)
        form.addRow("&Fichier d'invitation :", self.file)
        self.problems = ProblemsLabel()
        self.problems.hide()
        self.create_button = QPushButton("&Créer l'invitation")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_invitation)
        self.create_button.setEnabled(self.volunteer.count() > 0)
        if self.volunteer.count() == 0:
            self.problems.show_problems(["Aucun bénévole actif à inviter dans cette antenne."])

        # Shown once the invitation is written.
        self.result_box = QWidget()
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setReadOnly(True)
        self.code.setObjectName("invitation-code")
        font = QFont("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.code.setFont(font)
        self.copy_button = QPushButton("Co&pier le code")
        self.copy_button.clicked.connect(self.copy_code)
        code_row = QHBoxLayout()
        code_row.addWidget(QLabel("Code d'invitation :"))
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.copy_button)
        self.next_steps = QLabel()
        self.next_steps.setWordWrap(True)
        result_layout = QVBoxLayout(self.result_box)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.done_label)
        result_layout.addLayout(code_row)
        result_layout.addWidget(self.next_steps)
        self.result_box.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # The dialog grows when a message or the result appears, instead of clipping it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.result_box)
        layout.addWidget(buttons)

    def _suggest(self) -> None:
        row = self.volunteer.currentData()
        if row is not None:
            current = self.file.path()
            folder = current.parent if current is not None else Path.home()
            self.file.set_path(folder / _file_name(row.full_name))

    def create_invitation(self) -> None:
        row = self.volunteer.currentData()
        output = self.file.path()
        if row is None or output is None:
            self.problems.show_problems(["Choisissez le bénévole et le fichier à écrire."])
            return
        try:
            refuse_overwriting(output, *database_and_backups(self.db.path))
            invitation = invitations.invite(self.db, row.full_name, row.antenna_code)
            write_bytes_atomically(output, invitation.data)
        except BadInputError as exc:
            self.problems.show_problems([str(exc)])
            grow_to_fit(self)
            return
        except OSError as exc:
            self.problems.show_problems([f"{output} : {describe_os_error(exc)}"])
            grow_to_fit(self)
            return
        self.invitation = invitation
        self.problems.show_problems([])
        self.done_label.setText(f"Invitation de {invitation.volunteer} écrite dans {output}.")
        self.code.setText(invitation.code)
        self.next_steps.setText(
            "Ensuite :\n"
            f"1. Remettez le fichier {output.name} à {invitation.volunteer} (clé USB, courriel).\n"
            "2. Donnez-lui ce code par un autre moyen que le fichier (téléphone, de vive voix) ; "
            "il n'est montré qu'une fois.\n"
            "3. Sur son ordinateur : Fichier › Rejoindre une antenne…, le fichier, puis le code.\n"
            "4. Son premier envoi (Fichier › Envoyer…), reçu ici avec Fichier › Recevoir…, "
            "enregistre son ordinateur.\n"
            f"L'invitation est valable jusqu'au {invitation.expires_at:%d/%m/%Y}."
        )
        self.result_box.show()
        grow_to_fit(self)
        self.create_button.setText("&Créer une autre invitation")
        self.code.setFocus()
        self.code.selectAll()

    def copy_code(self) -> None:
        QGuiApplication.clipboard().setText(self.code.text())
        self.copy_button.setText("Code co&pié")
