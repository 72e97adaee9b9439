"""Fichier › Serveur: the import and copy dialogs, driven with the keyboard (pytest-qt)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from pea_desktop.store.database import Database, open_database
from pea_desktop.store.location import ServerAddress
from pea_desktop.store.models import Activity
from pea_desktop.store.server import open_server_database
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.main_window import MainWindow
from pea_desktop.ui.server.transfer_dialog import EXPORT, IMPORT, TransferDialog
from tests import factories
from tests.database_template import copy_template

pytestmark = pytest.mark.postgresql


@pytest.fixture
def server(pg_database: ServerAddress) -> Iterator[Database]:
    database = open_server_database(pg_database)
    yield database
    database.close()


@pytest.fixture
def laptop(tmp_path: Path, migrated_template: Path) -> Path:
    path = copy_template(migrated_template, tmp_path / "portable.sqlite3")
    db = open_database(path)
    try:
        lyon = factories.antenna(db)
        volunteer = factories.volunteer(db, lyon.id)
        factories.group(db, lyon.id, [volunteer])
        factories.visit(db, lyon.id, [volunteer])
    finally:
        db.close()
    return path


def _activities(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Activity)) or 0)


def _run(qtbot, dialog: TransferDialog) -> bool:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.finished_copy, timeout=60_000) as done:
        QTest.keyClick(dialog.file_edit, Qt.Key.Key_Return)
    return bool(done.args[0])


def test_import_then_copy_back_with_the_keyboard(  # type: ignore[no-untyped-def]
    qtbot, qapp, server: Database, laptop: Path, tmp_path: Path
) -> None:
    dialog = TransferDialog(server, IMPORT)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.start_button.isEnabled()  # no file yet
    QTest.keyClicks(dialog.file_edit, str(laptop))
    assert dialog.start_button.isEnabled()
    assert _run(qtbot, dialog)
    report = dialog.output.toPlainText()
    print(report)
    assert dialog.step.text() == "Import terminé." and "Activités : 2 ajouts." in report
    assert dialog.progress.value() == dialog.progress.maximum()
    assert _activities(server) == 2
    assert _run(qtbot, dialog)  # again: nothing to add
    assert "déjà à jour" in dialog.output.toPlainText() and _activities(server) == 2

    copy = TransferDialog(server, EXPORT)
    qtbot.addWidget(copy)
    copy.show()
    assert copy.antennas.count() == 1
    copy.antennas.setFocus()
    copy.antennas.setCurrentRow(0)
    QTest.keyClick(copy.antennas, Qt.Key.Key_Space)  # tick LYON
    assert copy.chosen_codes() == ["LYON"]
    output = tmp_path / "hors-ligne"
    QTest.keyClicks(copy.file_edit, str(output))
    assert _run(qtbot, copy)
    written = output.with_name("hors-ligne.sqlite3")
    assert written.exists() and copy.step.text() == "Copie terminée."
    offline = open_database(written, create=False)
    try:
        assert _activities(offline) == 2
    finally:
        offline.close()
    # The same file again: refused, said in the dialog, which stays open for another name.
    assert not _run(qtbot, copy)
    assert "existe déjà" in copy.output.toPlainText()
    assert copy.file_edit.isEnabled() and copy.isVisible()


def test_the_server_menu_is_there_only_on_a_server_base(  # type: ignore[no-untyped-def]
    qtbot, qapp, server: Database, migrated_db_path: Path
) -> None:
    on_server = MainWindow(AppContext(server))
    qtbot.addWidget(on_server)
    titles = [action.text() for action in on_server.server_menu.actions()]
    assert titles == ["&Importer une base locale…", "&Copier vers un fichier local…"]
    local_db = open_database(migrated_db_path)
    try:
        local = MainWindow(AppContext(local_db))
        qtbot.addWidget(local)
        assert not hasattr(local, "server_menu")
        local.close()
    finally:
        local_db.close()
    on_server.close()
