"""Several bases from the window: the first-run choices, the demonstration base, switching."""

from __future__ import annotations

from argparse import Namespace
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget

from pea_desktop import paths
from pea_desktop.services import recent_bases
from pea_desktop.services.database import Database
from pea_desktop.services.organisation.antennas import list_antennas
from pea_desktop.ui.app import Startup
from pea_desktop.ui.bases.welcome import WelcomePage
from pea_desktop.ui.main_window import DEMO_BANNER, MainWindow, window_title
from pea_desktop.ui.organisation.first_run_wizard import FirstRunWizard
from tests import factories


@pytest.fixture
def started(qtbot, qapp) -> Iterator[list[Startup]]:  # type: ignore[no-untyped-def]
    """Startups made by a test, closed at its end (bases released, as when the app quits)."""
    made: list[Startup] = []
    yield made
    for startup in made:
        startup.close()
        startup.window.close()


def start(qtbot, qapp, made: list[Startup], db: Path) -> Startup:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    startup = Startup(qapp, window, Namespace(db=db, smoke_test=False))
    made.append(startup)
    startup.open()
    return startup


def wizard_answers(monkeypatch: pytest.MonkeyPatch, result: int) -> None:
    monkeypatch.setattr(FirstRunWizard, "exec", lambda self: result)


def test_title_names_the_base_once() -> None:
    assert window_title(Path("/x/pea.sqlite3")) == "pea.sqlite3 — PEA Desktop"
    assert window_title(None) == "PEA Desktop"
    demo = window_title(Path("/x/demonstration.sqlite3"), demo=True)
    assert demo.count("demonstration.sqlite3") == 1 and DEMO_BANNER in demo


def test_cancelling_set_up_leaves_no_base_and_keeps_the_window(
    qtbot, qapp, started, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    default = paths.default_database_path()
    wizard_answers(monkeypatch, FirstRunWizard.DialogCode.Rejected.value)
    startup = start(qtbot, qapp, started, default)
    assert not default.exists()  # no empty base left behind, to be found again
    assert startup.status == 0 and startup.window.isVisible()
    assert isinstance(startup.window.centralWidget(), WelcomePage)
    assert startup.window.windowTitle() == "PEA Desktop"
    assert "Base de &démonstration" in [a.text() for a in startup.window.file_menu.actions()]


def test_demonstration_from_the_assistant_is_a_separate_marked_base(
    qtbot, qapp, started, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    default = paths.default_database_path()
    wizard_answers(monkeypatch, FirstRunWizard.DEMO)
    startup = start(qtbot, qapp, started, default)
    assert not default.exists()  # the real base is never filled with fictitious data
    window = startup.window
    assert startup.opened is not None
    assert startup.opened.db.path == paths.demo_database_path()
    assert len(list_antennas(startup.opened.db)) == 4
    assert DEMO_BANNER in window.windowTitle()
    banner = window.statusBar().findChild(QLabel, "demo-banner")
    assert banner is not None and DEMO_BANNER in banner.text()
    assert isinstance(window.centralWidget(), QTabWidget)
    # Next start without --db goes back to the user's own base, not the demonstration.
    assert recent_bases.last_base() is None


def test_welcome_page_buttons_lead_to_the_demonstration_then_to_the_own_base(
    qtbot, qapp, started, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    wizard_answers(monkeypatch, FirstRunWizard.DialogCode.Rejected.value)
    startup = start(qtbot, qapp, started, paths.default_database_path())
    page = startup.window.centralWidget()
    assert isinstance(page, WelcomePage)
    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    demo_window = startup.window
    assert DEMO_BANNER in demo_window.windowTitle()

    def set_up(wizard: FirstRunWizard) -> int:  # the user fills in the assistant this time
        wizard.association.edits["name"].setText("Entraide Savoie")
        wizard.antenna.name.setText("Chambéry")
        wizard.volunteer.first_name.setText("Léa")
        wizard.volunteer.last_name.setText("Roux")
        wizard.accept()
        return wizard.result()

    monkeypatch.setattr(FirstRunWizard, "exec", set_up)
    demo_window.create_requested.emit()  # Fichier › … or the welcome page's "Créer ma base"
    own = startup.window
    assert own is not demo_window and not demo_window.isVisible()
    assert own.windowTitle() == "pea.sqlite3 — PEA Desktop"
    assert own.statusBar().findChild(QLabel, "demo-banner") is None
    assert startup.opened is not None
    assert [a.code for a in list_antennas(startup.opened.db)] == ["CHAMBERY"]
    assert recent_bases.last_base() == paths.default_database_path()


def test_open_another_base_replaces_the_window_and_releases_the_first(
    qtbot, qapp, started, db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    factories.antenna(db)
    first_path = db.path
    other = tmp_path / "autre" / "grenoble.sqlite3"
    other.parent.mkdir()
    db.close()
    other.write_bytes(first_path.read_bytes())  # a second real base: a copy of the first
    startup = start(qtbot, qapp, started, first_path)
    first_window = startup.window
    first_window.open_base_requested.emit(other)
    assert startup.window is not first_window
    assert startup.window.windowTitle() == "grenoble.sqlite3 — PEA Desktop"
    assert not first_window.isVisible()
    assert not first_path.with_name(first_path.name + ".lock").exists()  # released
    assert recent_bases.recent_bases()[:2] == [other, first_path]
    # Asking for the base already open changes nothing.
    window = startup.window
    window.open_base_requested.emit(other)
    assert startup.window is window


def test_new_base_never_replaces_an_existing_file(
    qtbot, context, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window = MainWindow(context)
    qtbot.addWidget(window)
    asked: list[Path] = []
    window.new_base_requested.connect(asked.append)
    existing = tmp_path / "existe.sqlite3"
    existing.write_bytes(b"x")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(existing), ""))
    window.choose_new_base()
    assert asked == [] and "existe déjà" in warned[0]
    assert existing.read_bytes() == b"x"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "antenne-nord"), "")
    )
    window.choose_new_base()
    assert asked == [tmp_path / "antenne-nord.sqlite3"]
