"""Reaching a server base from the window: connecting off the GUI thread, asking a password.

Connecting can take seconds (a distant server, a timeout of ``CONNECT_TIMEOUT_SECONDS``): the
work runs in a thread while the window shows a busy cursor, and a progress dialog when it lasts.
A password typed here is kept in memory for this run only (the store's ``remember_password``):
nothing here ever writes it anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.services.database import Database, ServerAddress, open_database
from pea_desktop.services.database_errors import ServerPasswordError

T = TypeVar("T")

PGPASS_HELP = (
    "Le mot de passe n'est jamais enregistré par PEA Desktop : il est demandé à chaque "
    "démarrage, sauf s'il figure dans le fichier ~/.pgpass de votre compte (format "
    "serveur:port:base:utilisateur:mot-de-passe, lisible par vous seul)."
)
ERROR_STYLE = "color: #b00020"


class Relay(QObject):
    """Carries a thread's outcome back to the GUI thread (queued: emitted from the thread)."""

    done = Signal(object)


def in_thread(work: Callable[[], Any], on_done: Callable[[tuple[bool, Any]], None]) -> Relay:
    """Run ``work`` in a thread; ``on_done((True, result))`` or ``on_done((False, exception))``
    is then called in the GUI thread. Keep the returned relay until it is done."""
    relay = Relay()
    relay.done.connect(on_done)

    def target() -> None:
        try:
            outcome: tuple[bool, Any] = (True, work())
        except Exception as exc:  # handed to the GUI thread, which explains or re-raises it
            outcome = (False, exc)
        relay.done.emit(outcome)

    threading.Thread(target=target, name="connexion-serveur", daemon=True).start()
    return relay


def wait_with_progress(work: Callable[[], T], label: str, parent: QWidget | None) -> T:
    """``work()`` in a thread, the window responsive meanwhile (busy cursor, then a progress
    dialog if it lasts); its result is returned, its exception raised, here."""
    loop = QEventLoop()
    outcome: list[tuple[bool, Any]] = []

    def finished(result: tuple[bool, Any]) -> None:
        outcome.append(result)
        loop.quit()

    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setWindowTitle("Connexion au serveur")
    progress.setCancelButton(None)  # psycopg cannot be interrupted: the timeout ends it
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(400)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        relay = in_thread(work, finished)
        if not outcome:
            loop.exec()
    finally:
        QApplication.restoreOverrideCursor()
        progress.close()
        progress.deleteLater()
    del relay
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    return cast(T, value)


def connect_to_server(
    address: ServerAddress, password: str | None, parent: QWidget | None, *, read_only: bool
) -> Database:
    """Open the server base ``address`` (raise its DatabaseOpenError), the window waiting."""
    return wait_with_progress(
        lambda: open_database(address, password=password, read_only=read_only),
        f"Connexion à {address.label}…",
        parent,
    )


class ServerPasswordDialog(QDialog):
    """The password of a server base: asked when the server wants one, again when refused."""

    def __init__(
        self, address: ServerAddress, problem: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mot de passe du serveur")
        intro = QLabel(
            f"Base <b>{address.database}</b> sur le serveur <b>{address.host}</b> "
            f"(port {address.port})."
        )
        intro.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("password")
        self.problem = QLabel(problem)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        help_text = QLabel(PGPASS_HELP)
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: palette(placeholder-text)")
        form = QFormLayout()
        form.addRow(f"&Mot de passe de {address.user or 'l’utilisateur'} :", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Se &connecter")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(help_text)
        layout.addWidget(buttons)
        self.setMinimumWidth(500)
        self.password.setFocus()


def ask_server_password(
    address: ServerAddress, error: ServerPasswordError, parent: QWidget | None
) -> str | None:
    """The password to try for ``address``, or None when the user gives up. A refused
    password is said (the server's answer, in French) before asking again."""
    dialog = ServerPasswordDialog(address, "" if error.missing else error.message, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password.text()
