"""Open the base for the window: one window per base, and a way out of every open problem.

A base on a server is connected to off the GUI thread (``ui/bases/connecting.py``); its password
is asked when the server wants one and asked again when refused. A server base takes no local
lock: several people, and several computers, work on it at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from pea_desktop.services.backups import restore_then_open
from pea_desktop.services.database import Database, ServerAddress, open_database
from pea_desktop.services.database_errors import (
    DatabaseOpenError,
    PassphraseError,
    Remedy,
    ServerPasswordError,
)
from pea_desktop.ui.backups.database_problem_dialog import Choice, ask_database_problem
from pea_desktop.ui.backups.encryption_actions import ask_passphrase
from pea_desktop.ui.backups.repair import repair_now
from pea_desktop.ui.backups.single_instance import OtherInstanceActivated, SingleInstance
from pea_desktop.ui.bases.connecting import ask_server_password, connect_to_server

Asker = Callable[[DatabaseOpenError, QWidget | None], Choice]
# (path, the last one was wrong, parent) -> the passphrase, or None when cancelled
SecretAsker = Callable[[Path, bool, QWidget | None], str | None]
# (address, why it is asked, parent) -> the server password, or None when cancelled
PasswordAsker = Callable[[ServerAddress, ServerPasswordError, QWidget | None], str | None]


@dataclass
class OpenedDatabase:
    db: Database
    instance: SingleInstance | None  # None when opened read-only (no lock needed)

    def close(self) -> None:
        self.db.close()
        if self.instance is not None:
            self.instance.release()


def open_interactively(
    location: Path | ServerAddress,
    parent: QWidget | None = None,
    *,
    read_only: bool = False,
    ask: Asker = ask_database_problem,
    ask_secret: SecretAsker = ask_passphrase,
    ask_password: PasswordAsker = ask_server_password,
) -> OpenedDatabase | None:
    """Open ``location`` (a file, or a base on a server) for the window, explaining each
    problem until one way out works.

    Returns None when the user quits, or when the base is already open in another window
    (which has been brought to the front): the caller should then end quietly.
    """
    passphrase: str | None = None
    password: str | None = None
    while True:
        if isinstance(location, ServerAddress):
            try:
                db = connect_to_server(location, password, parent, read_only=read_only)
                return OpenedDatabase(db, None)
            except ServerPasswordError as error:
                password = ask_password(location, error, parent)
                if password is not None:
                    continue
                choice = ask(error, parent)
            except DatabaseOpenError as error:
                choice = ask(error, parent)
            if choice.remedy is Remedy.QUIT:
                return None
            if choice.remedy is Remedy.CHOOSE_FILE and choice.path is not None:
                location, read_only, password = choice.path, False, None
            continue  # RETRY (or a read-only attempt): connect again
        instance = None
        path = location
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
                location, read_only, passphrase = choice.path, False, None
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
