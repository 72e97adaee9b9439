"""An unexpected error is logged and explained; the window and the user's input stay."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from pea_desktop import paths
from pea_desktop.services.server.setup import add_account, initialise_server
from pea_desktop.store.location import ServerAddress
from pea_desktop.store.server import open_server_database
from pea_desktop.ui import crash
from tests import factories
from tests.postgres_server import PostgresServer


class Form(QWidget):
    """A form whose "Enregistrer" button fails, as a bug in a save would."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        self.name = QLineEdit()
        self.save = QPushButton("Enregistrer")
        self.save.clicked.connect(self.fail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.save)

    def fail(self) -> None:
        raise self.error


@pytest.fixture
def handler(qapp: object) -> crash.CrashHandler:  # type: ignore[misc]
    saved = sys.excepthook, threading.excepthook
    handler = crash.install()
    shown: list[tuple[str, str, str]] = []
    handler.show_dialog = lambda *args: shown.append(args)
    handler.shown = shown  # type: ignore[attr-defined]
    yield handler
    sys.excepthook, threading.excepthook = saved


@pytest.mark.qt_no_exception_capture
def test_error_in_a_slot_is_logged_and_explained_and_the_input_stays(
    qtbot, handler: crash.CrashHandler
) -> None:  # type: ignore[no-untyped-def]
    form = Form(ValueError("colonne inconnue"))
    qtbot.addWidget(form)
    form.show()
    form.name.setText("Élodie Martin, visite du 14/03")

    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)

    ((title, message, details),) = handler.shown  # type: ignore[attr-defined]
    assert title == "Erreur inattendue"
    assert "Votre saisie est conservée" in message
    assert f"noté dans {paths.log_dir() / 'crash.log'}" in message
    assert "ValueError: colonne inconnue" in details
    assert form.isVisible() and form.name.text() == "Élodie Martin, visite du 14/03"
    log = paths.log_dir() / "crash.log"
    assert "ValueError: colonne inconnue" in log.read_text(encoding="utf-8")
    assert "in fail" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600


@pytest.mark.qt_no_exception_capture
def test_full_disk_while_saving_gets_its_own_message(qtbot, handler: crash.CrashHandler) -> None:  # type: ignore[no-untyped-def]
    full = OperationalError("INSERT INTO activity ...", {}, Exception("database or disk is full"))
    form = Form(full)
    qtbot.addWidget(form)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    ((title, message, _details),) = handler.shown  # type: ignore[attr-defined]
    assert title == "Disque plein"
    assert "n'a pas été enregistrée" in message and "Libérez de la place" in message


def test_error_in_a_worker_thread_is_reported_in_the_window_thread(
    qtbot, handler: crash.CrashHandler
) -> None:  # type: ignore[no-untyped-def]
    def work() -> None:
        raise RuntimeError("échec dans un fil")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(handler.shown))  # type: ignore[attr-defined]
    ((title, _message, details),) = handler.shown  # type: ignore[attr-defined]
    assert title == "Erreur inattendue" and "échec dans un fil" in details


def test_an_error_while_the_box_is_open_is_logged_not_stacked(
    handler: crash.CrashHandler,
) -> None:
    def nested(title: str, message: str, details: str) -> None:
        handler.shown.append((title, message, details))  # type: ignore[attr-defined]
        try:
            raise KeyError("pendant la boîte")
        except KeyError as exc:
            handler.excepthook(KeyError, exc, exc.__traceback__)

    handler.show_dialog = nested
    try:
        raise ValueError("première")
    except ValueError as exc:
        handler.excepthook(ValueError, exc, exc.__traceback__)
    assert len(handler.shown) == 1  # type: ignore[attr-defined]
    assert "pendant la boîte" in (paths.log_dir() / "crash.log").read_text(encoding="utf-8")


def test_crash_log_is_rotated(handler: crash.CrashHandler, tmp_path: Path) -> None:
    log = paths.log_dir() / "crash.log"
    log.parent.mkdir(parents=True)
    log.write_text("x" * (crash.MAX_LOG_BYTES + 1))
    try:
        raise ValueError("nouvelle")
    except ValueError as exc:
        crash.write_crash_log(ValueError, exc, exc.__traceback__)
    assert "nouvelle" in log.read_text(encoding="utf-8")
    assert log.with_name("crash.log.1").stat().st_size == crash.MAX_LOG_BYTES + 1


@pytest.mark.qt_no_exception_capture
def test_a_change_the_server_refuses_is_told_as_a_matter_of_rights(
    qtbot, handler: crash.CrashHandler, pg_database: ServerAddress, pg_server: PostgresServer
) -> None:  # type: ignore[no-untyped-def]
    """A coordinator's login changing the association's settings (the administrator's): the
    server's refusal, raised in a slot, is explained as such, and the typing stays."""
    initialise_server(pg_database)
    login = f"{pg_database.database}_coord"[:63]
    db = open_server_database(pg_database)
    try:
        factories.antenna(db, "LYON", "Lyon")
    finally:
        db.close()
    add_account(pg_database, login, "un mot de passe solide", antennas=["LYON"])
    engine = create_engine(
        pg_server.url(pg_database.database, user=login).replace(
            "postgresql:", "postgresql+psycopg:"
        )
    )
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE association SET name = 'Autre nom'"))
    except DBAPIError as exc:
        refused: Exception = exc
    else:
        pytest.fail("the server let a coordinator change the association's settings")
    finally:
        engine.dispose()

    form = Form(refused)
    qtbot.addWidget(form)
    form.name.setText("Réglages de l'association")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    ((title, message, _details),) = handler.shown  # type: ignore[attr-defined]
    assert title == "Droits insuffisants"
    assert "Rien n'a été enregistré" in message and "Votre saisie est conservée" in message
    assert form.name.text() == "Réglages de l'association"
