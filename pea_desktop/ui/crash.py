"""Unexpected errors: written to a crash log, explained in a dialog, the window kept open.

Qt reports an exception raised in a slot through ``sys.excepthook`` and carries on, so the
window - and whatever the user was typing in it - stays as it was. The handler notes the
traceback in ``paths.log_dir()/crash.log`` (owner-only) and says what happened in French.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pea_desktop import __version__, paths

LOG_NAME = "crash.log"
# PostgreSQL's words (psycopg's messages) for a refusal by the rights, and for a lost connection.
SERVER_REFUSALS = ("permission denied", "insufficient privilege", "row-level security")
CONNECTION_LOST = (
    "server closed the connection",
    "connection is closed",
    "consuming input failed",
    "could not receive data",
    "terminating connection",
)
MAX_LOG_BYTES = 1_000_000
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def write_crash_log(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> Path:
    """Append the traceback to the crash log (the previous log is kept once, as ``.1``)."""
    import platform  # here, not at start-up: the handler is installed before the window shows
    from datetime import datetime

    folder = paths.log_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # tracebacks may quote data: the owner's eyes only
        os.chmod(folder, 0o700)
    log = folder / LOG_NAME
    if log.exists() and log.stat().st_size > MAX_LOG_BYTES:
        os.replace(log, log.with_name(LOG_NAME + ".1"))
    header = (
        f"=== {datetime.now():%Y-%m-%d %H:%M:%S} PEA Desktop {__version__}, Python "
        f"{platform.python_version()}, {platform.platform()} ===\n"
    )
    text = header + "".join(traceback.format_exception(exc_type, exc, tb)) + "\n"
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(text)
    return log


def explain(exc: BaseException) -> tuple[str, str]:
    """Title and French sentence for an error nobody expected, by what it most likely means."""
    from pea_desktop.domain.errors import BadInputError
    from pea_desktop.services.database_errors import DatabaseOpenError

    kept = "Votre saisie est conservée : la fenêtre reste ouverte."
    if isinstance(exc, DatabaseOpenError):
        return exc.title, f"{exc.message} {kept}"
    if isinstance(exc, BadInputError):
        return "Saisie incorrecte", f"{exc} {kept}"
    text = str(exc).lower()
    if "disk is full" in text or getattr(exc, "errno", None) == 28:
        return "Disque plein", (
            "Le disque est plein : la dernière modification n'a pas été enregistrée. "
            f"Libérez de la place (corbeille, téléchargements) puis enregistrez à nouveau. {kept}"
        )
    if "database is locked" in text:
        return "Base occupée", (
            "La base est momentanément occupée par un autre programme : la dernière "
            f"modification n'a pas été enregistrée. Réessayez dans un instant. {kept}"
        )
    # A base on a server: the server refused (rights of this login), or the network dropped.
    if any(marker in text for marker in SERVER_REFUSALS):
        return "Droits insuffisants", (
            "Le serveur a refusé cette modification : votre compte ne le permet pas (elle "
            "concerne une autre antenne, ou des réglages que seul l'administrateur change). "
            f"Rien n'a été enregistré. {kept}"
        )
    if any(marker in text for marker in CONNECTION_LOST):
        return "Serveur injoignable", (
            "La connexion au serveur a été perdue : la dernière modification n'a pas été "
            "enregistrée. Vérifiez le réseau, puis enregistrez à nouveau (la connexion est "
            f"rétablie d'elle-même). {kept}"
        )
    if "readonly database" in text or "read-only" in text:
        return "Base en lecture seule", (
            "La base est ouverte en lecture seule : la modification n'a pas été enregistrée. "
            f"{kept}"
        )
    return "Erreur inattendue", (
        "PEA Desktop a rencontré une erreur inattendue. Ce que vous étiez en train de faire "
        "n'a peut-être pas abouti : vérifiez-le avant de continuer. "
        f"{kept}"
    )


class CrashHandler(QObject):
    """Installed as ``sys.excepthook`` and ``threading.excepthook`` by :func:`install`."""

    _from_thread = Signal(object)  # an ExcInfo raised outside the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.showing = False
        self.last_log: Path | None = None
        self.show_dialog: Callable[[str, str, str], None] = self._message_box
        self._from_thread.connect(self._report)

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        app = QApplication.instance()
        if app is not None and QThread.currentThread() is not app.thread():
            self._from_thread.emit((exc_type, exc, tb))
        else:
            self._report((exc_type, exc, tb))

    def threading_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def _report(self, info: ExcInfo) -> None:
        exc_type, exc, tb = info
        try:
            self.last_log = write_crash_log(exc_type, exc, tb)
            where = f"Le détail a été noté dans {self.last_log}."
        except OSError:
            where = "Le détail n'a pas pu être noté (dossier des journaux inaccessible)."
        with contextlib.suppress(Exception):  # also on the terminal, if there is one
            sys.__excepthook__(exc_type, exc, tb)
        if self.showing:  # an error while the box is open: logged, not stacked
            return
        title, message = explain(exc)
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self.showing = True
        try:
            self.show_dialog(title, f"{message}\n\n{where}", details)
        finally:
            self.showing = False

    def _message_box(self, title: str, message: str, details: str) -> None:
        parent: QWidget | None = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
        box.setDetailedText(details)
        box.addButton("Continuer", QMessageBox.ButtonRole.AcceptRole)
        box.exec()


def install(parent: QObject | None = None) -> CrashHandler:
    """Route every uncaught exception to the crash log and dialog; call once at start-up."""
    handler = CrashHandler(parent or QApplication.instance())
    sys.excepthook = handler.excepthook
    threading.excepthook = handler.threading_hook
    return handler
