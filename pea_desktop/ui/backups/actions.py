"""Backups from the window: menu actions, the once-a-day copy while open, the copy at close.

Call :func:`install_backup_actions` once the base is open, and
:meth:`BackupActions.backup_at_close` when the window closes.
"""

from __future__ import annotations

import sys
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget

from pea_desktop.services.backups import (
    BackupKind,
    backup_at_close,
    backup_if_due,
    check_integrity,
    export_database,
    make_backup,
    read_summary,
    repair_database,
    restore_then_open,
)
from pea_desktop.services.database_errors import DamagedIndexError, DatabaseOpenError
from pea_desktop.ui.backups.database_problem_dialog import FILE_FILTER
from pea_desktop.ui.backups.repair import ask_repair, repair_message
from pea_desktop.ui.backups.restore_dialog import RestoreDialog
from pea_desktop.ui.common.tasks import BackgroundTask, run_in_background
from pea_desktop.ui.context import AppContext

HOUR_MS = 60 * 60 * 1000
FIRST_CHECK_MS = 2 * 60 * 1000  # not during start-up


class BackupActions(QObject):
    """The three backup actions of the window and the automatic copies."""

    restored = Signal(object)  # Path of the backup put in place: forget undo history, reload
    repair_finished = Signal(bool)  # the check (and repair) is over: whether the base is sound
    daily_finished = Signal(object)  # Path of the once-a-day copy, or None (not due, failed)
    _daily_result = Signal(object)  # from the backup thread

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.window = parent
        self._warned = False
        self._daily: threading.Thread | None = None
        self._daily_running = False
        self._daily_result.connect(self._daily_done)
        writable = not context.db.read_only
        self.save_action = self._action("&Sauvegarder maintenant", self.save_now, writable)
        self.restore_action = self._action("&Restaurer une sauvegarde…", self.restore, writable)
        self.export_action = self._action("&Exporter la base…", self.export, True)
        self.repair_action = self._action(
            "&Vérifier et réparer la base…", self.check_and_repair, writable
        )
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.backup_if_due)
        if writable:
            self.timer.start(FIRST_CHECK_MS)

    def _action(self, text: str, slot: object, enabled: bool) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        return action

    @property
    def actions(self) -> list[QAction]:
        return [self.save_action, self.restore_action, self.export_action, self.repair_action]

    def add_to_menu(self, menu: QMenu) -> None:
        """Insert the actions, between separators, before "Quitter" if the menu has one."""
        before = next((a for a in menu.actions() if _is_quit(a)), None)
        if before is None:
            menu.addSeparator()
            menu.addActions(self.actions)
            return
        menu.insertActions(before, self.actions)
        menu.insertSeparator(before)

    # --- automatic copies ---------------------------------------------------------------
    def backup_if_due(self) -> threading.Thread | None:
        """The once-a-day copy, checked every hour, made in a thread: the window never waits.

        ``daily_finished`` is emitted (in the window's thread) with the copy made, or None.
        """
        self.timer.setInterval(HOUR_MS)
        if self._daily_running:  # the previous copy is not finished: nothing more to do
            return None
        self._daily_running = True
        path = self.context.db.path

        def work() -> None:
            try:
                result: object = backup_if_due(path)
            except DatabaseOpenError as error:
                result = error
            self._daily_result.emit(result)

        self._daily = threading.Thread(target=work, name="sauvegarde-quotidienne")
        self._daily.start()
        return self._daily

    def _daily_done(self, result: object) -> None:
        self._daily_running = False
        if isinstance(result, DatabaseOpenError):
            self._warn_once(result)
            result = None
        elif result is not None and isinstance(self.window, QMainWindow):
            self.window.statusBar().showMessage("Sauvegarde automatique faite.", 5000)
        self.daily_finished.emit(result)

    def backup_at_close(self) -> Path | None:
        """The copy made at close; a failure is reported but never keeps the window open."""
        self.timer.stop()
        if self._daily is not None:
            self._daily.join()
        if self.context.db.read_only:
            return None
        try:
            return backup_at_close(self.context.db.path)
        except DatabaseOpenError as error:
            print(f"pea-desktop : {error.message}", file=sys.stderr)
            QMessageBox.warning(self.window, error.title, error.message)
            return None

    def _warn_once(self, error: DatabaseOpenError) -> None:
        if isinstance(error, DamagedIndexError) and not self._warned:
            self._warned = True  # asked once; the menu action stays for later
            self.offer_repair(error)
            return
        if not self._warned:
            self._warned = True
            QMessageBox.warning(
                self.window,
                "Sauvegarde automatique impossible",
                f"{error.message}\n\nVotre travail est enregistré dans la base, mais n'est "
                "plus sauvegardé automatiquement. Utilisez « Exporter la base… » vers une clé USB.",
            )

    # --- menu actions -------------------------------------------------------------------
    def save_now(self) -> Path | None:
        path = self.context.db.path
        try:
            # The full check first, as the command does: a copy of a base whose indexes are
            # damaged would be a bad backup (issue 13).
            check_integrity(path)
            made = make_backup(path, BackupKind.MANUAL)
        except DamagedIndexError as error:
            self.offer_repair(error)
            return None
        except DatabaseOpenError as error:
            QMessageBox.warning(self.window, error.title, error.message)
            return None
        QMessageBox.information(
            self.window,
            "Sauvegarde faite",
            f"La base a été sauvegardée ({read_summary(made).describe()}) dans :\n{made}",
        )
        return made

    def restore(self) -> Path | None:
        dialog = RestoreDialog(self.context.db.path, self.window)
        if not dialog.exec() or dialog.chosen is None:
            return None
        answer = QMessageBox.question(
            self.window,
            "Restaurer une sauvegarde",
            f"Remplacer la base actuelle par la sauvegarde {dialog.chosen.name} ?\n\n"
            "La base actuelle sera d'abord copiée dans le dossier des sauvegardes.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.restore_from(dialog.chosen)

    def restore_from(self, backup: Path) -> Path | None:
        """Put ``backup`` in place of the open base; return the copy kept of the old one."""
        db = self.context.db
        db.release_connections()  # no connection may stay on the file being replaced
        try:
            kept = restore_then_open(backup, db.path).kept
        except DatabaseOpenError as error:
            QMessageBox.warning(self.window, error.title, error.message)
            return None
        db.release_connections()
        self.context.notify_changed()
        self.restored.emit(backup)
        QMessageBox.information(
            self.window,
            "Sauvegarde restaurée",
            f"La base a été remplacée par la sauvegarde {backup.name}."
            + (f"\n\nL'ancienne base est gardée dans {kept}." if kept else ""),
        )
        return kept

    # --- full check and repair ----------------------------------------------------------
    def check_and_repair(self) -> BackgroundTask:
        """The full integrity check, in a thread with a progress dialog; damaged indexes are
        offered a repair, other damage a restore."""
        path = self.context.db.path
        return run_in_background(
            self.window,
            "Contrôle d'intégrité complet de la base…",
            lambda _progress: check_integrity(path),
            self._check_passed,
            self._check_failed,
        )

    def _check_passed(self, _result: object) -> None:
        QMessageBox.information(
            self.window, "Base vérifiée", repair_message(self.context.db.path, None)
        )
        self.repair_finished.emit(True)

    def _check_failed(self, error: Exception) -> None:
        if isinstance(error, DamagedIndexError):
            self.offer_repair(error)
        elif isinstance(error, DatabaseOpenError):
            QMessageBox.warning(self.window, error.title, error.message)
            self.repair_finished.emit(False)
        else:
            raise error  # a bug: the crash dialog reports it

    def offer_repair(self, error: DamagedIndexError) -> BackgroundTask | None:
        """Ask, then repair in a thread: a backup, ``REINDEX``, the full check again."""
        if not ask_repair(error, self.window):
            self.repair_finished.emit(False)
            return None
        db = self.context.db
        db.release_connections()  # REINDEX rewrites the file this window reads
        return run_in_background(
            self.window,
            "Sauvegarde puis reconstruction des index de la base…",
            lambda _progress: repair_database(db.path),
            self._repaired,
            self._check_failed_after_repair,
        )

    def _repaired(self, backup: Path | None) -> None:
        self.context.notify_changed()  # lists counted on broken indexes are read again
        QMessageBox.information(
            self.window, "Base réparée", repair_message(self.context.db.path, backup)
        )
        self.repair_finished.emit(True)

    def _check_failed_after_repair(self, error: Exception) -> None:
        if not isinstance(error, DatabaseOpenError):
            raise error
        QMessageBox.warning(self.window, error.title, error.message)
        self.repair_finished.emit(False)

    def export(self) -> Path | None:
        db_path = self.context.db.path
        suggested = Path.home() / f"{db_path.stem}-{date.today():%Y-%m-%d}.sqlite3"
        name, _filter = QFileDialog.getSaveFileName(
            self.window, "Exporter la base", str(suggested), FILE_FILTER
        )
        if not name:
            return None
        target = Path(name)
        if target.suffix == "":
            target = target.with_suffix(".sqlite3")
        if target.absolute() == db_path.absolute():
            QMessageBox.warning(
                self.window, "Exporter la base", "Choisissez un autre fichier que la base."
            )
            return None
        try:
            export_database(db_path, target)
        except DatabaseOpenError as error:
            QMessageBox.warning(self.window, error.title, error.message)
            return None
        QMessageBox.information(
            self.window,
            "Base exportée",
            f"La base a été copiée dans :\n{target}\n\nCe fichier contient des données "
            "personnelles : gardez-le en lieu sûr.",
        )
        return target


def _is_quit(action: QAction) -> bool:
    quit_keys = QKeySequence(QKeySequence.StandardKey.Quit)
    return (
        action.menuRole() == QAction.MenuRole.QuitRole
        or (not quit_keys.isEmpty() and action.shortcut() == quit_keys)
        or action.text().replace("&", "") == "Quitter"
    )


def install_backup_actions(menu: QMenu, context: AppContext, parent: QWidget) -> BackupActions:
    """Add the backup actions to ``menu`` and start the once-a-day copy; keep the result."""
    actions = BackupActions(context, parent)
    actions.add_to_menu(menu)
    return actions
