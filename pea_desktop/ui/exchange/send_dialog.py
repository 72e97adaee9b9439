"""Fichier › Envoyer… : the file for the other laptop, with the count of what goes.

On a volunteer's laptop the file goes to the coordinator; on the coordinator's, the user chooses
the volunteer (whose laptop has already sent a first file here).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.os_errors import describe_os_error
from pea_desktop.services.database import Database
from pea_desktop.services.exchange import peers, sending
from pea_desktop.services.output_files import (
    database_and_backups,
    refuse_overwriting,
    write_bytes_atomically,
)
from pea_desktop.ui.common.widgets import ProblemsLabel, set_save_enabled
from pea_desktop.ui.exchange.counts_table import CountsTable
from pea_desktop.ui.exchange.file_field import FileField
from pea_desktop.ui.exchange.fit import grow_to_fit


class SendDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.coordinator = peers.is_coordinator(db)
        self.sent: sending.Outgoing | None = None
        self.preview: sending.Outgoing | None = None
        self.setWindowTitle("Envoyer")
        self.resize(620, 0)
        intro = QLabel(
            "Le fichier contient tout ce qui est nouveau ou modifié depuis le dernier envoi, "
            "chiffré : seul "
            + ("l'ordinateur de ce bénévole" if self.coordinator else "votre coordinateur")
            + " peut le lire. Remettez-le par clé USB ou courriel."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.volunteer = QComboBox()
        if self.coordinator:
            self.volunteer.addItems(peers.exchanging_volunteers(db))
            form.addRow("&Pour le bénévole :", self.volunteer)
        else:
            form.addRow("Pour :", QLabel("la coordination de votre antenne"))
        self.file = FileField("Enregistrer l'envoi", save=True)
        form.addRow("&Fichier à écrire :", self.file)
        self.table = CountsTable()
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.what.setObjectName("what-goes")
        self.problems = ProblemsLabel()
        self.problems.hide()
        self.send_button = QPushButton("&Écrire le fichier")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.send_button.clicked.connect(self.send)
        layout = QVBoxLayout(self)
        # The dialog grows when a message or the result appears, instead of clipping it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(QLabel("Ce qui part :"))
        layout.addWidget(self.table)
        layout.addWidget(self.what)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.volunteer.currentIndexChanged.connect(self.refresh)
        self.file.changed.connect(self._update)
        self.refresh()

    def recipient(self) -> str | None:
        return (self.volunteer.currentText() or None) if self.coordinator else None

    def refresh(self) -> None:
        """Count what would go, recording nothing."""
        self.preview = None
        if self.coordinator and self.recipient() is None:
            self.problems.show_problems(
                [
                    "Aucun ordinateur de bénévole n'a encore envoyé de fichier à cette base : "
                    "invitez le bénévole (Bénévoles › Inviter sur un autre ordinateur…), puis "
                    "recevez son premier envoi."
                ]
            )
        else:
            try:
                self.preview = sending.prepare(self.db, self.recipient(), commit=False)
            except BadInputError as exc:
                self.problems.show_problems([str(exc)])
                grow_to_fit(self)
            else:
                self.problems.show_problems([])
                self.table.show_counts(self.preview.counts)
                self.what.setText(f"En tout : {self.preview.describe()}.")
                self._suggest()
        self._update()
        grow_to_fit(self)

    def _suggest(self) -> None:
        if self.preview is None:
            return
        who = "-".join((self.recipient() or "coordination").split())
        current = self.file.path()
        folder = current.parent if current is not None else Path.home()
        self.file.set_path(folder / f"envoi-{who}-{date.today():%Y-%m-%d}-{self.preview.seq}.pea")

    def _update(self) -> None:
        set_save_enabled(self.send_button, self.preview is not None and bool(self.file.path()))

    def send(self) -> None:
        output = self.file.path()
        if output is None or self.preview is None:
            return
        try:
            refuse_overwriting(output, *database_and_backups(self.db.path))
            outgoing = sending.prepare(self.db, self.recipient())
            write_bytes_atomically(output, outgoing.data)
        except BadInputError as exc:
            self.problems.show_problems([str(exc)])
            grow_to_fit(self)
            return
        except OSError as exc:
            self.problems.show_problems([f"{output} : {describe_os_error(exc)}"])
            grow_to_fit(self)
            return
        self.sent = outgoing
        self.accept()

    def summary(self) -> str:
        if self.sent is None:
            return ""
        return (
            f"Envoi n° {self.sent.seq} pour {self.sent.recipient} écrit dans "
            f"{self.file.path()} : {self.sent.describe()}."
        )
