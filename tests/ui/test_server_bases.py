"""The window on a base of a PostgreSQL server: connecting, its password, the recent bases, and
what is about files (backups) said instead of failing.

Against the throwaway test server: its TCP address asks a password
(``tests.postgres_server.ADMIN_PASSWORD``), its socket address does not.
"""

from __future__ import annotations

import json
from argparse import Namespace
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QTabWidget

from pea_desktop import paths
from pea_desktop.services import recent_bases
from pea_desktop.services.database import ServerAddress, open_database, parse_location
from pea_desktop.services.database_errors import (
    DatabaseOpenError,
    ServerUnavailableError,
)
from pea_desktop.store import server as server_store
from pea_desktop.ui.app import Startup
from pea_desktop.ui.backups import server_notice
from pea_desktop.ui.backups.database_problem_dialog import (
    SERVER_ADVICE,
    Choice,
    DatabaseProblemDialog,
)
from pea_desktop.ui.bases import connecting
from pea_desktop.ui.bases.server_dialog import ServerDialog, address_text
from pea_desktop.ui.main_window import MainWindow, recent_entry_text, window_title
from tests import factories
from tests.postgres_server import ADMIN, ADMIN_PASSWORD, PostgresServer
from tests.ui.keyboard import replace_text, type_text

pytestmark = pytest.mark.postgresql


@pytest.fixture(autouse=True)
def no_remembered_passwords() -> Iterator[None]:
    """Each test starts as a new run of the program: no password typed earlier."""
    server_store._PASSWORDS.clear()
    yield
    server_store._PASSWORDS.clear()


@pytest.fixture
def tcp_address(pg_server: PostgresServer, pg_database: ServerAddress) -> ServerAddress:
    """The test's base, by TCP: the server asks the password there. One antenna in it, so
    that the window shows its lists (no set-up assistant)."""
    db = open_database(pg_database)
    factories.antenna(db)
    db.close()
    address = parse_location(pg_server.url(pg_database.database, tcp=True))
    assert isinstance(address, ServerAddress)
    return address


@pytest.fixture
def started(qtbot, qapp) -> Iterator[list[Startup]]:  # type: ignore[no-untyped-def]
    made: list[Startup] = []
    yield made
    for startup in made:
        startup.close()
        startup.window.close()


def start(qtbot, made: list[Startup], db: Path | ServerAddress, qapp) -> Startup:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    startup = Startup(qapp, window, Namespace(db=db, smoke_test=False))
    made.append(startup)
    startup.open()
    return startup


def fill_in(dialog: ServerDialog, address: ServerAddress, password: str) -> None:
    """Type the address's parts into the fields, as a user would (Tab order)."""
    replace_text(dialog.host, address.host)
    dialog.port.setValue(address.port)
    replace_text(dialog.base, address.database)
    replace_text(dialog.user, address.user)
    type_text(dialog.password, password)


def connect(qtbot, dialog: ServerDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.connecting, timeout=20000)


def test_fields_and_pasted_address_follow_each_other(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    assert dialog.port.value() == 5432 and dialog.host.text() == "localhost"
    replace_text(dialog.host, "pea.example.org")
    replace_text(dialog.base, "fédération")
    replace_text(dialog.user, "léa")
    assert dialog.address_field.text() == (
        "postgresql://l%C3%A9a@pea.example.org:5432/f%C3%A9d%C3%A9ration"
    )
    replace_text(dialog.address_field, "postgresql://marc@10.0.0.5:5433/antenne_lyon")
    assert (dialog.host.text(), dialog.port.value()) == ("10.0.0.5", 5433)
    assert (dialog.base.text(), dialog.user.text()) == ("antenne_lyon", "marc")
    # A password in a pasted address is refused, in French, and nothing is connected.
    replace_text(dialog.address_field, "postgresql://marc:secret@10.0.0.5/antenne_lyon")
    assert dialog.problem.isVisibleTo(dialog) and "mot de passe" in dialog.problem.text()
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert not dialog.connecting and dialog.database is None
    # The password field is masked; the socket form of an address round-trips.
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    socket = address_text("/run/postgresql", 5432, "pea", "léa")
    assert parse_location(socket).host == "/run/postgresql"  # type: ignore[union-attr]


def test_wrong_password_is_said_in_the_dialog_then_the_right_one_connects(
    qtbot, qapp, tcp_address: ServerAddress
) -> None:  # type: ignore[no-untyped-def]
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill_in(dialog, tcp_address, "pas-le-bon")
    connect(qtbot, dialog)
    assert dialog.isVisible() and dialog.database is None
    print("message:", dialog.problem.text())
    assert "Mot de passe refusé" in dialog.problem.text()
    assert tcp_address.user in dialog.problem.text()
    assert dialog.password.hasFocus() and dialog.password.selectedText() == "pas-le-bon"
    type_text(dialog.password, ADMIN_PASSWORD)  # replaces the selected text
    connect(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.database is not None and dialog.database.on_server
    assert dialog.database.server == tcp_address
    assert dialog.password.text() == ""  # not kept by the dialog
    dialog.database.close()


def test_unreachable_server_is_said_in_the_dialog(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    replace_text(dialog.host, "127.0.0.1")
    dialog.port.setValue(1)  # nothing listens there
    replace_text(dialog.base, "pea")
    connect(qtbot, dialog)
    assert dialog.database is None
    assert "ne répond pas" in dialog.problem.text()


def test_connected_base_replaces_the_window_with_its_label_and_no_file_backups(
    qtbot, qapp, started, db, tcp_address: ServerAddress, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    factories.antenna(db)
    startup = start(qtbot, started, db.path, qapp)
    db.close()
    file_window = startup.window

    def fill_and_connect(dialog: ServerDialog) -> int:
        fill_in(dialog, tcp_address, ADMIN_PASSWORD)
        connect(qtbot, dialog)
        return dialog.result()

    monkeypatch.setattr(ServerDialog, "exec", fill_and_connect)
    file_window.server_action.trigger()  # Fichier › Se connecter à un serveur…
    window = startup.window
    assert window is not file_window and not file_window.isVisible()
    assert startup.opened is not None and startup.opened.db.server == tcp_address
    label = f"{ADMIN}@127.0.0.1:{tcp_address.port}/{tcp_address.database}"
    assert window.windowTitle() == f"{label} — PEA Desktop"
    assert window.statusBar().currentMessage() == f"Base sur serveur : {label}"
    assert isinstance(window.centralWidget(), QTabWidget)
    assert window.antenna_combo.count() == 2  # « Toutes les antennes » and Lyon, read there

    texts = [a.text().replace("&", "") for a in window.file_menu.actions()]
    for file_only in ("Sauvegarder maintenant", "Restaurer une sauvegarde…", "Chiffrer la base…"):
        assert file_only not in texts
    assert "Exporter la base…" not in texts and "Vérifier et réparer la base…" not in texts
    window.file_menu.aboutToShow.emit()  # a server base is the coordination's side: no joining
    assert not window.join_action.isVisible() and file_window.join_action.isVisible()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    startup.server_notice.trigger()
    assert "pg_dump" in shown[0] and "administrateur" in shown[0] and label in shown[0]

    # Remembered among the recent bases as its address, never with the password.
    saved = (paths.data_dir() / recent_bases.FILE_NAME).read_text(encoding="utf-8")
    assert ADMIN_PASSWORD not in saved
    assert json.loads(saved)[0] == tcp_address.as_text()
    assert recent_bases.recent_bases()[:2] == [tcp_address, db.path]

    # Per-base settings keep working: the local folder stands for the server base.
    window.tabs.setCurrentIndex(2)
    startup.close()
    started.remove(startup)
    window.close()
    # No backup was attempted at close: no backups folder for the server base.
    assert not paths.backup_dir_for(startup.opened.db.path).exists()


def test_recent_server_base_asks_its_password_again_when_refused(
    qtbot, qapp, started, tcp_address: ServerAddress, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    recent_bases.remember(tcp_address)
    asked: list[str] = []
    answers = iter(["faux", ADMIN_PASSWORD])

    def answer(dialog: connecting.ServerPasswordDialog) -> int:
        asked.append(dialog.problem.text() if dialog.problem.isVisibleTo(dialog) else "")
        assert dialog.password.echoMode() == dialog.password.EchoMode.Password
        type_text(dialog.password, next(answers))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(connecting.ServerPasswordDialog, "exec", answer)
    # A start without --db reopens the last base used: here, the server base.
    startup = start(qtbot, started, recent_bases.last_base(), qapp)  # type: ignore[arg-type]
    assert asked[0] == ""  # first asked because the server wants one: no reproach
    assert "Mot de passe refusé" in asked[1]  # then the wrong one is said
    assert len(asked) == 2
    assert startup.opened is not None and startup.opened.db.server == tcp_address
    assert tcp_address.database in startup.window.windowTitle()

    # Its entry in Fichier › Bases récentes: shown as a base on a server.
    other = startup.window
    other._fill_recent_menu()
    entries = [a.text() for a in other.recent_menu.actions()]
    assert recent_entry_text(tcp_address) not in entries  # the base shown is not offered


def test_recent_menu_entry_reopens_the_server_base(
    qtbot, qapp, started, db, tcp_address: ServerAddress, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    factories.antenna(db)
    recent_bases.remember(tcp_address)
    startup = start(qtbot, started, db.path, qapp)
    db.close()
    monkeypatch.setattr(
        connecting.ServerPasswordDialog,
        "exec",
        lambda dialog: (type_text(dialog.password, ADMIN_PASSWORD), 1)[1],
    )
    window = startup.window
    window._fill_recent_menu()
    entry = next(a for a in window.recent_menu.actions() if "serveur" in a.text())
    assert entry.text() == (
        f"{tcp_address.database}  (serveur {ADMIN}@127.0.0.1:{tcp_address.port})"
    )
    entry.trigger()
    assert startup.opened is not None and startup.opened.db.server == tcp_address
    assert startup.window is not window


def test_server_problem_offers_retry_another_base_or_quit(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    error = ServerUnavailableError(
        paths.data_dir() / "serveurs" / "x", "Le serveur pea.example.org ne répond pas."
    )
    dialog = DatabaseProblemDialog(error, None)
    qtbot.addWidget(dialog)
    labels = [b.text() for b in dialog.buttons_by_remedy.values()]
    assert labels == ["Réessayer", "Choisir une autre base…", "Quitter"]
    assert dialog.informativeText() == SERVER_ADVICE
    assert "Fichier" not in dialog.informativeText()
    # Any other problem of a server base (its folder) is also told as a server's.
    missing = DatabaseOpenError(paths.data_dir() / "serveurs" / "y", "La base n'existe pas.")
    other = DatabaseProblemDialog(missing, None)
    qtbot.addWidget(other)
    assert other.informativeText() == SERVER_ADVICE


def test_unreachable_recent_server_base_then_quit(qtbot, qapp, started, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    address = parse_location("postgresql://lea@127.0.0.1:1/pea")
    asked: list[DatabaseOpenError] = []

    def ask(error: DatabaseOpenError, parent: object) -> Choice:
        asked.append(error)
        from pea_desktop.services.database_errors import Remedy

        return Choice(Remedy.RETRY if len(asked) == 1 else Remedy.QUIT)

    window = MainWindow()
    qtbot.addWidget(window)
    startup = Startup(qapp, window, Namespace(db=address, smoke_test=False))
    started.append(startup)
    monkeypatch.setattr(startup, "_ask", ask)
    startup.open()
    assert [type(e) for e in asked] == [ServerUnavailableError, ServerUnavailableError]
    assert startup.opened is None and startup.status == 0


def test_title_names_a_server_base_by_its_label() -> None:
    assert window_title("lea@pea.example.org:5432/lyon") == (
        "lea@pea.example.org:5432/lyon — PEA Desktop"
    )
    assert "lecture seule" in window_title("x@y:5432/z", read_only=True)


def test_server_notice_text_names_the_administrators_backups(db) -> None:  # type: ignore[no-untyped-def]
    text = server_notice.notice_text(db)
    assert "pg_dump" in text and "administrateur" in text


def test_welcome_page_offers_the_server(qtbot, qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.ui.bases.welcome import WelcomePage

    address = parse_location("postgresql://lea@pea.example.org:5432/lyon")
    page = WelcomePage([address])
    qtbot.addWidget(page)
    assert page.recent.item(0).text() == "lyon   —   serveur lea@pea.example.org:5432/lyon"
    with qtbot.waitSignal(page.server_requested):
        qtbot.mouseClick(page.server_button, Qt.MouseButton.LeftButton)
    assert isinstance(page.findChild(QLabel), QLabel)


def test_per_base_settings_are_kept_for_a_server_base(
    qtbot, qapp, started, tcp_address: ServerAddress, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)  # libpq's own source: nothing asked
    monkeypatch.setattr(
        connecting.ServerPasswordDialog, "exec", lambda dialog: pytest.fail("password asked")
    )
    first = start(qtbot, started, tcp_address, qapp)
    window = first.window
    window.antenna_combo.setCurrentIndex(1)  # Lyon
    lyon = window.antenna_combo.currentData()
    window.tabs.setCurrentIndex(4)
    first.close()
    started.remove(first)
    window.close()

    again = start(qtbot, started, tcp_address, qapp)
    assert again.window.antenna_combo.currentData() == lyon
    assert again.window.tabs.currentIndex() == 4


def test_about_names_the_server_base_and_no_backups_folder(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.ui.help.about_dialog import AboutDialog

    folder = paths.data_dir() / "serveurs" / "lea_pea.example.org_5432_lyon"
    dialog = AboutDialog(folder, server="lea@pea.example.org:5432/lyon")
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("lea@pea.example.org:5432/lyon" in text for text in texts)
    assert "Sauvegardes" not in dialog.folders
    assert dialog.folders["Dossier local de la base"] == folder
