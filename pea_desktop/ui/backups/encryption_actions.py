"""Encryption from the window: the passphrase asked at opening, "Chiffrer la base…" and
"Changer la phrase secrète…" in the File menu (services/encryption.py does the work)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.database import open_database
from pea_desktop.services.database_errors import DatabaseOpenError
from pea_desktop.services.encryption import (
    PASSPHRASE_HELP,
    change_passphrase,
    check_new_passphrase,
    encrypt_database,
)
from pea_desktop.ui.context import AppContext


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PassphraseDialog(QDialog):
    """Asks for a passphrase: the current one (``ask_current``) and/or a new one, typed twice."""

    def __init__(
        self,
        title: str,
        intro: str,
        *,
        ask_current: bool,
        ask_new: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.current = _password_field() if ask_current else None
        self.new = _password_field() if ask_new else None
        self.confirmation = _password_field() if ask_new else None
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        label = QLabel(intro)
        label.setWordWrap(True)
        form = QFormLayout()
        if self.current is not None:
            form.addRow(self.tr("Phrase secrète &actuelle :"), self.current)
        if self.new is not None and self.confirmation is not None:
            form.addRow(self.tr("&Nouvelle phrase secrète :"), self.new)
            form.addRow(self.tr("&Confirmez-la :"), self.confirmation)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        for field in (self.current, self.new, self.confirmation):
            if field is not None:
                field.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        problem = ""
        if self.new is not None and self.confirmation is not None and self.new.text():
            try:
                check_new_passphrase(self.new.text())
                if self.confirmation.text():
                    check_new_passphrase(self.new.text(), self.confirmation.text())
            except BadInputError as exc:
                problem = str(exc)
        self.problem.setText(problem)
        complete = all(
            field.text() for field in (self.current, self.new, self.confirmation) if field
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(complete and not problem)

    @property
    def current_text(self) -> str:
        return self.current.text() if self.current is not None else ""

    @property
    def new_text(self) -> str:
        return self.new.text() if self.new is not None else ""


def ask_passphrase(path: Path, wrong: bool, parent: QWidget | None) -> str | None:
    """The passphrase of the encrypted base ``path``, or None if the user cancels."""
    intro = f"La base {path.name} est chiffrée. Saisissez sa phrase secrète."
    if wrong:
        intro = f"Phrase secrète incorrecte pour la base {path.name}. Réessayez."
    dialog = PassphraseDialog(
        "Base chiffrée", intro, ask_current=True, ask_new=False, parent=parent
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.current_text


class EncryptionActions(QObject):
    """ "Chiffrer la base…" or "Changer la phrase secrète…", whichever fits the open base."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.window = parent
        self.encrypt_action = QAction("&Chiffrer la base…", parent)
        self.encrypt_action.triggered.connect(self.encrypt)
        self.change_action = QAction("Changer la &phrase secrète…", parent)
        self.change_action.triggered.connect(self.change)
        self.refresh()

    def refresh(self) -> None:
        db = self.context.db
        self.encrypt_action.setVisible(not db.encrypted)
        self.change_action.setVisible(db.encrypted)
        for action in (self.encrypt_action, self.change_action):
            action.setEnabled(not db.read_only)

    def add_to_menu(self, menu: QMenu) -> None:
        before = next((a for a in menu.actions() if a.text().replace("&", "") == "Quitter"), None)
        actions = [self.encrypt_action, self.change_action]
        if before is None:
            menu.addActions(actions)
        else:
            menu.insertActions(before, actions)

    def encrypt(self) -> None:
        dialog = PassphraseDialog(
            "Chiffrer la base",
            "La base et ses sauvegardes seront chiffrées : sans la phrase secrète, plus "
            f"personne ne pourra les lire, vous non plus. Phrase secrète : {PASSPHRASE_HELP}",
            ask_current=False,
            ask_new=True,
            parent=self.window,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            passphrase = dialog.new_text
            self._run(lambda path: encrypt_database(path, passphrase).describe(), passphrase)

    def change(self) -> None:
        dialog = PassphraseDialog(
            "Changer la phrase secrète",
            f"La base et ses sauvegardes seront chiffrées avec la nouvelle phrase secrète. "
            f"Phrase secrète : {PASSPHRASE_HELP}",
            ask_current=True,
            ask_new=True,
            parent=self.window,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            old, new = dialog.current_text, dialog.new_text
            self._run(lambda path: change_passphrase(path, old, new).describe(), new)

    def _run(self, work: Callable[[Path], str], passphrase: str) -> None:
        """Close the connections, rewrite the files, reopen the base with the passphrase."""
        db = self.context.db
        db.release_connections()
        try:
            message = work(db.path)
            db.adopt(open_database(db.path, passphrase=passphrase))
        except (BadInputError, DatabaseOpenError) as exc:
            QMessageBox.warning(self.window, "Chiffrement impossible", str(exc))
            return
        finally:
            self.refresh()
        self.last_message = message
        QMessageBox.information(self.window, "Base chiffrée", message)


def install_encryption_actions(
    menu: QMenu, context: AppContext, window: QWidget
) -> EncryptionActions:
    actions = EncryptionActions(context, window)
    actions.add_to_menu(menu)
    return actions
