"""Lists reload when another user changes the base, keeping the user's place (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.services.activities.records import load_activity, save_activity
from pea_desktop.store.database import Database, open_database
from pea_desktop.ui.activities.view import ActivityView
from pea_desktop.ui.common.data_watch import DataWatcher
from pea_desktop.ui.context import AppContext
from tests import factories


@pytest.fixture
def other_window(db: Database) -> Iterator[Database]:
    other = open_database(db.path)
    yield other
    other.close()


def test_the_list_reloads_after_another_users_save_and_keeps_the_selection(
    qtbot, context: AppContext, lyon, other_window: Database
) -> None:  # type: ignore[no-untyped-def]
    db = context.db
    person = factories.volunteer(db, lyon.id)
    ids = [factories.group(db, lyon.id, [person], place=f"Salle {n}") for n in range(3)]
    view = ActivityView(context, ActivityKind.GROUP, QUndoStack())
    qtbot.addWidget(view)
    view.show()
    watcher = DataWatcher(context)
    assert view.model.total == 3
    chosen = view.model.row_of(ids[1])
    assert chosen is not None
    view.select_row(chosen)

    assert not watcher.check()  # nothing changed: no reload
    factories.group(other_window, lyon.id, [person], place="Salle nouvelle")
    changed = load_activity(other_window, ids[1])
    save_activity(other_window, replace(changed, place="Salle renommée"), factories.TODAY)

    assert watcher.check()
    assert view.model.total == 4
    assert [view.model.activity_id(row) for row in view.selected_rows()] == [ids[1]]
    row = view.selected_rows()[0]
    assert "Salle renommée" in [
        view.model.data(view.model.index(row, column)) for column in range(view.model.columnCount())
    ]
    assert not watcher.check()  # the same stamp is not reloaded twice


def test_no_reload_while_a_dialog_is_open(
    qtbot, context: AppContext, lyon, other_window: Database
) -> None:  # type: ignore[no-untyped-def]
    watcher = DataWatcher(context)
    reloads: list[bool] = []
    context.data_changed.connect(lambda: reloads.append(True))
    factories.volunteer(other_window, lyon.id, "Other", "User")
    dialog = QDialog()
    qtbot.addWidget(dialog)
    results: list[bool] = []

    def check_then_close() -> None:
        results.append(watcher.check())
        dialog.accept()

    QTimer.singleShot(0, check_then_close)
    dialog.exec()
    assert results == [False]  # not under the dialog...
    watcher.check()  # ...but once it is closed (or as soon as the window is active again)
    assert reloads == [True]
