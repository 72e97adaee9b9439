"""Forms that never throw away what was typed: Esc, Annuler and the window's close button ask
first when something changed since the form was filled."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


def confirm_discard(parent: QWidget, what: str = "la saisie") -> bool:
    """True when the user chooses to abandon the changes (the safe answer is the default)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Modifications non enregistrées")
    box.setText(f"Abandonner {what} ? Ce qui a été tapé sera perdu.")
    discard = box.addButton("&Abandonner", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Continuer la saisie", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


class GuardedDialog(QDialog):
    """A form dialog: subclasses return their current values from :meth:`snapshot` and call
    :meth:`mark_clean` once filled (and after saving)."""

    discard_what = "la saisie"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clean: object = None

    def snapshot(self) -> object:
        raise NotImplementedError

    def mark_clean(self) -> None:
        self._clean = self.snapshot()

    def has_changes(self) -> bool:
        return self.snapshot() != self._clean

    def reject(self) -> None:  # Esc, Annuler and the close button all come here
        if self.has_changes() and not confirm_discard(self, self.discard_what):
            return
        super().reject()
