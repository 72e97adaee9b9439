"""The assistant shown when the database is empty: association, first antenna, first volunteer.

It writes only when finished. "Essayer d'abord avec des données fictives" closes it with
:attr:`FirstRunWizard.DEMO` and leaves this base untouched: the caller opens the separate
demonstration base instead. Cancelling writes nothing either.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.text import suggest_code
from pea_desktop.services.database import Database
from pea_desktop.services.organisation import setup
from pea_desktop.services.organisation.antennas import AntennaInfo
from pea_desktop.ui.common.widgets import ProblemsLabel
from pea_desktop.ui.organisation.settings_dialogs import AntennaForm, AssociationForm
from pea_desktop.ui.organisation.volunteer_dialog import VolunteerForm


class CheckedPage(QWizardPage):
    """A page that says what is missing on it before "Suivant" moves on."""

    def __init__(
        self, title: str, subtitle: str, content: QWidget, check: Callable[[], list[str]]
    ) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self._check = check
        self.problems = ProblemsLabel()
        self.problems.hide()
        # The fields scroll when the screen is short (1366 × 768 at 125 %), never squeezed.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)

    def validatePage(self) -> bool:
        problems = self._check()
        self.problems.show_problems(problems)
        return not problems


class FirstRunWizard(QWizard):
    DEMO = 2  # exec() result: the user asked for the demonstration base instead

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.antenna_id: int | None = None
        self.setWindowTitle("Bienvenue dans PEA Desktop")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(560, 480)
        # As tall as the pages want, within the screen's free area (they scroll beyond it).
        if (screen := QGuiApplication.primaryScreen()) is not None:
            self.resize(720, min(760, screen.availableGeometry().height() - 40))
        self.association = AssociationForm()
        self.antenna = AntennaForm()
        # Approving without the submit step is a choice made later, in Paramètres only.
        self.antenna.direct_approval.hide()
        # The volunteer form lists antennas; the one being created is the only choice.
        self.volunteer = VolunteerForm([AntennaInfo(0, "", "(nouvelle antenne)", "")])
        self.volunteer.active.hide()
        self.volunteer.hide_antenna()
        intro = QLabel(
            "Ces informations figurent sur les notes de frais et les reçus fiscaux. "
            "Vous pourrez les compléter plus tard (menu Paramètres)."
        )
        intro.setWordWrap(True)
        self.demo_button = QPushButton("Essayer d'abord avec des données fictives")
        self.demo_button.setToolTip(
            "Ouvre une base de démonstration séparée : une association imaginaire (4 antennes, "
            "3 ans d'activité) pour découvrir le logiciel. Votre base n'est pas touchée."
        )
        self.demo_button.clicked.connect(self.use_demo_data)
        self.join_button = QPushButton("Rejoindre une antenne (invitation de la coordination)…")
        self.join_button.setToolTip(
            "Sur l'ordinateur d'un bénévole : le fichier d'invitation et le code donnés par la "
            "coordination installent l'association, l'antenne et ses bénévoles."
        )
        self.join_button.clicked.connect(self.join_antenna)
        first = QWidget()
        first_layout = QVBoxLayout(first)
        first_layout.setContentsMargins(0, 0, 0, 0)
        first_layout.addWidget(intro)
        first_layout.addWidget(self.association)
        first_layout.addStretch()
        first_layout.addWidget(self.join_button)
        first_layout.addWidget(self.demo_button)
        self.addPage(
            CheckedPage(
                "L'association",
                "Qui tient ce registre ?",
                first,
                lambda: setup.association_problems(self.association.info()),
            )
        )
        self.addPage(
            CheckedPage(
                "La première antenne",
                "L'antenne locale dont vous saisissez l'activité.",
                self.antenna,
                lambda: setup.antenna_problems(self._first_antenna()),
            )
        )
        last = CheckedPage(
            "Le premier bénévole",
            "Vous, par exemple. Les autres s'ajoutent ensuite.",
            self.volunteer,
            lambda: setup.volunteer_problems(self.volunteer.draft()),
        )
        self.addPage(last)
        # Problems found when saving (all pages) show on the last page.
        self.problems = last.problems
        self.antenna.name.textChanged.connect(self._suggest_code)

    def _suggest_code(self, name: str) -> None:
        if not self.antenna.code.isModified():
            self.antenna.code.setText(suggest_code(name))

    def _first_antenna(self) -> setup.FirstAntenna:
        return setup.FirstAntenna(
            self.antenna.code.text(), self.antenna.name.text(), self.antenna.department.text()
        )

    def use_demo_data(self) -> None:
        """Leave this base as it is: the caller opens the demonstration base."""
        # QWizard.done() checks the current page first; an empty page must not stop this.
        QDialog.done(self, self.DEMO)

    def join_antenna(self) -> None:
        """A volunteer's laptop: the invitation sets the base up, nothing is left to type."""
        from PySide6.QtWidgets import QMessageBox

        from pea_desktop.ui.exchange.join_dialog import JoinDialog

        dialog = JoinDialog(self._db, self)
        if dialog.exec():
            QMessageBox.information(self, "Rejoindre une antenne", dialog.summary())
            # The invitation set the base up: the pages, left empty, are not checked.
            QDialog.done(self, QWizard.DialogCode.Accepted)

    def accept(self) -> None:
        try:
            self.antenna_id = setup.set_up(
                self._db,
                self.association.info(),
                self._first_antenna(),
                self.volunteer.draft(),
            )
        except BadInputError as error:
            self.problems.show_problems(error.problems or [error.message])
            return
        super().accept()
