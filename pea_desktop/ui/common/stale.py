"""A form whose record another user saved meanwhile (optimistic locking, issue 14).

The save was refused and nothing was written; the user chooses: « Recharger » shows the values
now in the base (what was typed is lost, said plainly), « Annuler » leaves the form as it is, so
that the typing can be copied before reloading. Nothing is ever overwritten in silence.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from pea_desktop.domain.errors import StaleRecordError
from pea_desktop.services.concurrency import LastChange, describe_last_change
from pea_desktop.ui.common.widgets import ProblemsLabel

TITLE = "Modifiée entre-temps"


def ask_reload(parent: QWidget, error: StaleRecordError) -> bool:
    """Tell the refusal; True when the user chooses « Recharger »."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(TITLE)
    box.setText(error.message)
    box.setInformativeText(
        "« Recharger » affiche les valeurs enregistrées par l'autre personne (ce que vous avez "
        "tapé sera perdu). « Annuler » laisse le formulaire tel quel, pour recopier vos "
        "changements avant de recharger."
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    reload = box.addButton("&Recharger", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is reload


@runtime_checkable
class Reloadable(Protocol):
    """A form that can show the values now in the base and list why a save was refused."""

    problems: ProblemsLabel

    def reload(self) -> None: ...


def refused_as_stale(form: QWidget, error: StaleRecordError) -> None:
    """The refused save of ``form`` (a :class:`Reloadable` dialog): reload on « Recharger »,
    else keep what was typed and say why it was not saved."""
    assert isinstance(form, Reloadable)
    if ask_reload(form, error):
        form.reload()
    else:
        form.problems.show_problems([error.message])


class LastChangeLabel(QLabel):
    """« Dernière modification par X le 12/03/2025 à 14 h 05 », grey, under a form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("color: palette(placeholder-text);")
        self.setVisible(False)

    def show_change(self, change: LastChange | None) -> None:
        text = describe_last_change(change) if change is not None else ""
        self.setText(text)
        self.setVisible(bool(text))
