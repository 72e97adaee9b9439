"""Fichier › Recevoir… : what a file from the other laptop brings, then merging it.

The preview runs the whole merge and rolls it back (``receive(apply=False)``), so it shows
exactly what « Recevoir » will do: new, changed, deleted, conflicts, refused changes.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
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
from pea_desktop.services.exchange import receiving
from pea_desktop.ui.common.widgets import ProblemsLabel, set_save_enabled
from pea_desktop.ui.exchange.counts_table import CountsTable
from pea_desktop.ui.exchange.file_field import FileField
from pea_desktop.ui.exchange.fit import grow_to_fit


def _details(received: receiving.Received) -> str:
    lines = []
    if received.conflicts:
        many = "s" if received.conflicts > 1 else ""
        lines.append(
            f"{received.conflicts} conflit{many} : modifié{many} des deux côtés depuis le dernier "
            "échange ; votre version reste en place tant que vous n'avez pas choisi."
        )
    if received.already_here:
        lines.append(f"{received.already_here} déjà présent(s) ici, inchangé(s).")
    lines.extend(f"• {line}" for line in received.refused + received.notices)
    return "\n".join(lines)


class ReceiveDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.preview: receiving.Received | None = None
        self.received: receiving.Received | None = None
        self.conflicts_wanted = False  # « Arbitrer les conflits… » closes this dialog first
        self.setWindowTitle("Recevoir")
        self.resize(640, 0)
        intro = QLabel(
            "Choisissez le fichier reçu (.pea). Ce qu'il apporte est montré avant d'être "
            "enregistré ; rien n'est modifié tant que vous n'avez pas cliqué sur « Recevoir »."
        )
        intro.setWordWrap(True)
        self.file = FileField("Ouvrir un envoi", save=False)
        form = QFormLayout()
        form.addRow("&Fichier reçu :", self.file)
        self.origin = QLabel()
        self.table = CountsTable()
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.problems = ProblemsLabel()
        self.problems.hide()
        self.receive_button = QPushButton("&Recevoir")
        self.conflicts_button = QPushButton("&Arbitrer les conflits…")
        self.conflicts_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.receive_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.conflicts_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.receive_button.clicked.connect(self.receive)
        self.conflicts_button.clicked.connect(self._arbitrate)
        layout = QVBoxLayout(self)
        # The dialog grows when a message or the result appears, instead of clipping it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.origin)
        layout.addWidget(self.table)
        layout.addWidget(self.what)
        layout.addWidget(self.details)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.file.changed.connect(self.refresh)
        self.refresh()

    def _show(self, received: receiving.Received, done: bool) -> None:
        joined = " (premier envoi : son ordinateur sera enregistré)" if received.joined else ""
        verb = "reçu" if done else "à recevoir"
        self.origin.setText(f"Envoi n° {received.seq} de {received.sender}, {verb}{joined}.")
        self.table.show_counts(received.counts)
        self.what.setText(("Reçu : " if done else "Il apporte : ") + received.describe() + ".")
        self.details.setText(_details(received))
        grow_to_fit(self)

    def refresh(self) -> None:
        self.preview = None
        self.received = None
        path = self.file.path()
        self.origin.clear()
        self.what.clear()
        self.details.clear()
        self.problems.show_problems([])
        self.conflicts_button.hide()
        if path is not None and path.is_file():
            try:
                self.preview = receiving.receive(self.db, path, apply=False)
            except BadInputError as exc:
                self.problems.show_problems([str(exc)])
                grow_to_fit(self)
            except OSError as exc:
                self.problems.show_problems([f"{path} : {describe_os_error(exc)}"])
                grow_to_fit(self)
            else:
                self._show(self.preview, done=False)
        set_save_enabled(self.receive_button, self.preview is not None)

    def receive(self) -> None:
        path = self.file.path()
        if path is None or self.preview is None:
            return
        try:
            received = receiving.receive(self.db, path)
        except BadInputError as exc:
            self.problems.show_problems([str(exc)])
            grow_to_fit(self)
            return
        except OSError as exc:
            self.problems.show_problems([f"{path} : {describe_os_error(exc)}"])
            grow_to_fit(self)
            return
        self.received, self.preview = received, None
        self._show(received, done=True)
        set_save_enabled(self.receive_button, False)
        self.conflicts_button.setVisible(received.conflicts > 0)
        self.conflicts_button.setDefault(received.conflicts > 0)

    def _arbitrate(self) -> None:
        self.conflicts_wanted = True
        self.accept()
