"""Start-up shows the first list's opening page before the database is open the normal way."""

from __future__ import annotations

import subprocess
import sys
from argparse import Namespace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.store.database import Database
from pea_desktop.store.errors import DamagedDatabaseError, Remedy
from pea_desktop.ui.activities import first_list
from pea_desktop.ui.app import Startup
from pea_desktop.ui.backups import database_problem_dialog
from pea_desktop.ui.backups.database_problem_dialog import Choice
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.main_window import WAITING, MainWindow
from tests import factories


def fill(db: Database, groups: int = 230) -> None:
    lyon = factories.antenna(db)
    grenoble = factories.antenna(db, "GRE", "Grenoble")
    ids = [factories.volunteer(db, lyon.id), factories.volunteer(db, lyon.id, "Karim", "Benali")]
    for day in range(groups):
        antenna = lyon.id if day % 3 else grenoble.id
        volunteers = ids if antenna == lyon.id else []
        if not volunteers:
            volunteers = [factories.volunteer(db, grenoble.id, f"Ana{day}", "Lopez")]
        factories.group(db, antenna, volunteers, date=date(2026, 1, 1) + timedelta(days=day % 300))
    factories.visit(db, lyon.id, ids)


def texts(view) -> list[list[str]]:  # type: ignore[no-untyped-def]
    model = view.table.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def headers(view) -> list[str]:  # type: ignore[no-untyped-def]
    model = view.table.model()
    return [
        model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for column in range(model.columnCount())
    ]


def test_first_page_shown_early_is_the_page_of_the_open_window(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill(db)
    page = first_list.read_first_page(db.path)
    assert page is not None
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_first_list(page)
    early_tabs = window.centralWidget()
    assert isinstance(early_tabs, QTabWidget)
    early = early_tabs.widget(0)
    early_title = early_tabs.tabText(0)
    early_texts, early_headers, early_count = texts(early), headers(early), early.count_label.text()
    assert len(early_texts) == 200
    assert early_count == "230 groupes" == f"{page.total} groupes"
    assert not early.model.canFetchMore()
    assert not any(b.isEnabled() for b in (early.new_button, early.edit_button))
    early.select_row(0)
    assert not early.edit_button.isEnabled() and not early.delete_button.isEnabled()

    window.attach(AppContext(db))
    real = window.views[0]
    qtbot.waitUntil(lambda: real.model.rowCount() > 0)  # filled once shown
    assert window.tabs.tabText(0) == early_title == ActivityKind.GROUP.title
    assert real.kind is first_list.KIND
    assert (texts(real), headers(real), real.count_label.text()) == (
        early_texts,
        early_headers,
        early_count,
    )
    assert real.model.canFetchMore()


def test_a_base_the_normal_opening_must_explain_is_not_shown_behind_the_question(
    qtbot, qapp, db: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    fill(db, groups=3)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    startup = Startup(qapp, window, Namespace(db=db.path, smoke_test=False))
    opened: list[bool] = []
    monkeypatch.setattr(startup, "open", lambda: opened.append(True))
    startup.show_first_list()
    assert isinstance(window.centralWidget(), QTabWidget)
    assert startup.first_list_shown
    qtbot.waitUntil(lambda: opened == [True])  # the normal opening follows

    behind: list[str] = []

    def ask(error, parent):  # type: ignore[no-untyped-def]
        central = window.centralWidget()
        behind.append(central.text() if isinstance(central, QLabel) else "the list")
        return Choice(Remedy.QUIT)

    monkeypatch.setattr(database_problem_dialog, "ask_database_problem", ask)
    problem = DamagedDatabaseError(db.path, "La base est endommagée.")
    assert startup._ask(problem, window).remedy is Remedy.QUIT
    assert behind == [WAITING]


def test_nothing_is_shown_early_from_a_base_to_set_up(qtbot, qapp, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    startup = Startup(qapp, window, Namespace(db=db.path, smoke_test=False))
    startup.open = lambda: None  # type: ignore[method-assign]
    startup.show_first_list()  # no antenna yet: the set-up assistant comes first
    assert isinstance(window.centralWidget(), QLabel)
    assert not startup.first_list_shown


def test_smoke_test_traces_the_first_list_before_the_whole_window(db: Database) -> None:
    fill(db, groups=5)
    path = db.path
    db.close()
    done = subprocess.run(
        [sys.executable, "-m", "pea_desktop", "--db", str(path), "--smoke-test"],
        env=_environment(path.parent),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    steps = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("startup ")]
    assert steps == ["shown", "first_list", "ready"]


def _environment(folder: Path) -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PEA_DESKTOP_HOME=str(folder / "home"),
        PEA_DESKTOP_TRACE_STARTUP="1",
    )
    return env
