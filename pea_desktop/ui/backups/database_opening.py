"""Open the base for the window: one window per base, and a way out of every open problem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from pea_desktop.services.backups import restore_then_open
from pea_desktop.services.database import Database, open_database
from pea_desktop.services.database_errors import DatabaseOpenError, PassphraseError, Remedy
from pea_desktop.ui.backups.database_problem_dialog import Choice, ask_database_problem
from pea_desktop.ui.backups.encryption_actions import ask_passphrase
from pea_desktop.ui.backups.repair import repair_now
from pea_desktop.ui.backups.single_instance import OtherInstanceActivated, SingleInstance

Asker = Callable[[DatabaseOpenError, QWidget | None], Choice]
# (path, the last one was wrong, parent) -> the passphrase, or None when cancelled
SecretAsker = Callable[[Path, bool, QWidget | None], str | None]


@dataclass
class OpenedDatabase:
    db: Database
    instance: SingleInstance | None  # None when opened read-only (no lock needed)

    def close(self) -> None:
        self.db.close()
        if self.instance is not None:
            self.instance.release()


def open_interactively(
    path: Path,
    parent: QWidget | None = None,
    *,
    read_only: bool = False,
    ask: Asker = ask_database_problem,
    ask_secret: SecretAsker = ask_passphrase,
) -> OpenedDatabase | None:
    """Open ``path`` for the window, explaining each problem until one way out works.

    Returns None when the user quits, or when the base is already open in another window
    (which has been brought to the front): the caller should then end quietly.
    """
    passphrase: str | None = None
    while True:
        instance = None
        try:
            if not read_only:
                instance = SingleInstance.claim(path)
            db = open_database(path, read_only=read_only, passphrase=passphrase)
            return OpenedDatabase(db, instance)
        except OtherInstanceActivated:
            return None
        except PassphraseError as error:
            passphrase = ask_secret(error.path, not error.missing, parent)
            if passphrase is not None:  # try again with it, the lock released first
                if instance is not None:
                    instance.release()
                continue
            choice = ask(error, parent)
        except DatabaseOpenError as error:
            choice = ask(error, parent)
        try:  # still holding the base, if it could be taken: nobody else restores meanwhile
            if choice.remedy is Remedy.QUIT:
                return None
            if choice.remedy is Remedy.OPEN_READ_ONLY:
                read_only = True
            elif choice.remedy is Remedy.CHOOSE_FILE and choice.path is not None:
                path, read_only, passphrase = choice.path, False, None
            elif choice.remedy is Remedy.RESTORE_BACKUP and choice.path is not None:
                _restore(choice.path, path, parent)
                read_only = False
            elif choice.remedy is Remedy.REPAIR:
                repair_now(path, parent)  # then opened again: a failure is explained anew
                read_only = False
        finally:
            if instance is not None:
                instance.release()


def _restore(backup: Path, database: Path, parent: QWidget | None) -> None:
    try:
        kept = restore_then_open(backup, database).kept
    except DatabaseOpenError as error:
        QMessageBox.warning(parent, error.title, error.message)
        return
    if kept is not None:
        QMessageBox.information(
            parent,
            "Sauvegarde restaurée",
            f"La base a été remplacée par la sauvegarde {backup.name}.\n\n"
            f"L'ancienne base est gardée dans {kept}.",
        )
