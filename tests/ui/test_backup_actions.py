"""Backup actions of the window: save now, restore (listed with contents), export, timers."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox
from sqlalchemy import text

from pea_desktop.store import errors
from pea_desktop.store.backup import make_backup
from pea_desktop.store.backup_catalog import BackupKind, list_backups
from pea_desktop.store.database import known_revisions, open_database
from pea_desktop.ui.backups import actions as module
from pea_desktop.ui.backups.actions import BackupActions, install_backup_actions
from pea_desktop.ui.backups.restore_dialog import RestoreDialog
from pea_desktop.ui.context import AppContext
from tests.database_template import MakeBase


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Message boxes answered at once; what they said is kept by kind."""
    said: dict[str, list[str]] = {"information": [], "warning": [], "question": []}

    def answer(kind: str, result: object = None):  # type: ignore[no-untyped-def]
        def box(_parent: object, _title: str, message: str, *_a: object) -> object:
            said[kind].append(message)
            return result

        return box

    monkeypatch.setattr(QMessageBox, "information", answer("information"))
    monkeypatch.setattr(QMessageBox, "warning", answer("warning"))
    monkeypatch.setattr(QMessageBox, "question", answer("question", QMessageBox.StandardButton.Yes))
    return said


@pytest.fixture
def window(populated_base: MakeBase, qtbot, tmp_path: Path) -> Iterator[QMainWindow]:  # type: ignore[no-untyped-def]
    path = populated_base(tmp_path / "pea.sqlite3")
    db = open_database(path)
    main = QMainWindow()
    qtbot.addWidget(main)
    main.context = AppContext(db)  # type: ignore[attr-defined]
    yield main
    db.close()


def count_activities(context: AppContext) -> int:
    with context.db.session() as session:
        return int(session.execute(text("SELECT count(*) FROM activity")).scalar_one())


def test_actions_go_before_quit_in_the_file_menu(window: QMainWindow) -> None:
    menu = QMenu("Fichier", window)
    menu.addAction("Importer")
    quit_action = menu.addAction("Quitter")
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    install_backup_actions(menu, window.context, window)  # type: ignore[attr-defined]
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels == [
        "Importer",
        "&Sauvegarder maintenant",
        "&Restaurer une sauvegarde…",
        "&Exporter la base…",
        "&Vérifier et réparer la base…",
        "Quitter",
    ]


def test_save_now_makes_a_manual_backup(window: QMainWindow, boxes: dict[str, list[str]]) -> None:
    actions = BackupActions(window.context, window)  # type: ignore[attr-defined]
    actions.save_action.trigger()
    (backup,) = list_backups(window.context.db.path)  # type: ignore[attr-defined]
    assert backup.kind is BackupKind.MANUAL
    assert "57 activités, 7 bénévoles" in boxes["information"][0]
    assert str(backup.path) in boxes["information"][0]


def test_restore_dialog_lists_dates_kinds_and_contents(qtbot, window: QMainWindow) -> None:  # type: ignore[no-untyped-def]
    path = window.context.db.path  # type: ignore[attr-defined]
    make_backup(path, BackupKind.AUTOMATIC, now=datetime(2026, 3, 14, 15, 30))
    with window.context.db.session() as session:  # type: ignore[attr-defined]
        session.execute(text("UPDATE activity SET deleted_at = '2026-03-15' WHERE id < 11"))
    make_backup(path, BackupKind.MANUAL, now=datetime(2026, 3, 15, 9, 5))
    dialog = RestoreDialog(path, window)
    qtbot.addWidget(dialog)
    rows = [
        [dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())
    ]
    assert rows[0][:2] == ["15/03/2026 09:05", "manuelle"]
    assert rows[0][2].startswith("47 activités, 7 bénévoles")
    assert rows[1][:2] == ["14/03/2026 15:30", "automatique"]
    assert rows[1][2].startswith("57 activités")
    dialog.table.selectRow(1)
    dialog.accept()
    assert dialog.chosen == list_backups(path)[1].path


def test_restore_replaces_the_open_base_and_keeps_the_old_one(
    qtbot, window: QMainWindow, boxes: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    context: AppContext = window.context  # type: ignore[attr-defined]
    good = make_backup(context.db.path, BackupKind.AUTOMATIC, now=datetime(2026, 3, 14, 15, 30))
    with context.db.session() as session:
        session.execute(text("DELETE FROM activity_volunteer"))
        session.execute(text("DELETE FROM expense_line"))
        session.execute(text("DELETE FROM activity"))

    def choose_first(dialog: RestoreDialog) -> int:
        dialog.table.selectRow(0)
        dialog.accept()
        return 1

    monkeypatch.setattr(RestoreDialog, "exec", choose_first)
    actions = BackupActions(context, window)
    with qtbot.waitSignal(context.data_changed), qtbot.waitSignal(actions.restored) as restored:
        actions.restore_action.trigger()

    assert restored.args == [good]
    assert count_activities(context) == 60  # the same Database object keeps working
    (kept,) = [b for b in list_backups(context.db.path) if b.kind is BackupKind.BEFORE_RESTORE]
    assert str(kept.path) in boxes["information"][0]
    assert "sera d'abord copiée" in boxes["question"][0]


def test_export_writes_an_owner_only_copy_where_asked(
    window: QMainWindow,
    boxes: dict[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "clé" / "pea-export"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    actions = BackupActions(window.context, window)  # type: ignore[attr-defined]
    actions.export_action.trigger()
    exported = target.with_suffix(".sqlite3")
    assert stat.S_IMODE(os.stat(exported).st_mode) == 0o600
    assert "données personnelles" in boxes["information"][0]
    check = open_database(exported, read_only=True)
    try:
        with check.session() as session:
            assert session.execute(text("SELECT count(*) FROM activity")).scalar() == 60
    finally:
        check.close()


def test_timer_makes_the_daily_copy_once_in_a_thread(qtbot, window: QMainWindow) -> None:  # type: ignore[no-untyped-def]
    actions = BackupActions(window.context, window)  # type: ignore[attr-defined]
    assert actions.timer.isActive() and actions.timer.interval() == module.FIRST_CHECK_MS
    with qtbot.waitSignal(actions.daily_finished) as first:
        actions.timer.start(1)
    assert actions.timer.interval() == module.HOUR_MS
    (backup,) = list_backups(window.context.db.path)  # type: ignore[attr-defined]
    assert first.args == [backup.path] and backup.kind is BackupKind.AUTOMATIC
    assert window.statusBar().currentMessage() == "Sauvegarde automatique faite."
    with qtbot.waitSignal(actions.daily_finished) as second:
        actions.backup_if_due()
    assert second.args == [None]  # already done today
    assert len(list_backups(window.context.db.path)) == 1  # type: ignore[attr-defined]


def test_failing_automatic_copy_warns_once(
    qtbot,  # type: ignore[no-untyped-def]
    window: QMainWindow,
    boxes: dict[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(path: Path) -> None:
        raise errors.DiskFullError(path, "Le disque est plein.")

    monkeypatch.setattr(module, "backup_if_due", full)
    actions = BackupActions(window.context, window)  # type: ignore[attr-defined]
    for _ in range(2):
        with qtbot.waitSignal(actions.daily_finished) as finished:
            actions.backup_if_due()
        assert finished.args == [None]
    (warning,) = boxes["warning"]
    assert "Le disque est plein." in warning and "Exporter la base" in warning


def test_copy_at_close(window: QMainWindow) -> None:
    actions = BackupActions(window.context, window)  # type: ignore[attr-defined]
    made = actions.backup_at_close()
    assert not actions.timer.isActive()
    (backup,) = list_backups(window.context.db.path)  # type: ignore[attr-defined]
    assert backup.path == made and backup.kind is BackupKind.AT_CLOSE


def test_read_only_base_only_allows_export(populated_base: MakeBase, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = populated_base(tmp_path / "pea.sqlite3")
    db = open_database(path, read_only=True)
    try:
        main = QMainWindow()
        qtbot.addWidget(main)
        actions = BackupActions(AppContext(db), main)
        enabled = [a.isEnabled() for a in actions.actions]
        assert enabled == [False, False, True, False]  # repairing writes: not read-only
        assert not actions.timer.isActive() and actions.backup_at_close() is None
    finally:
        db.close()


def test_restoring_an_older_backup_from_the_window_brings_it_up_to_date(
    qtbot, window: QMainWindow, boxes: dict[str, list[str]], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    context: AppContext = window.context  # type: ignore[attr-defined]
    old = tmp_path / "ancienne.sqlite3"
    shutil.copyfile(Path(__file__).parent.parent / "fixtures" / "schema_0001.sqlite3", old)
    actions = BackupActions(context, window)

    assert actions.restore_from(old) is not None

    with context.db.session() as session:  # the window's handle works on the migrated copy
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert revision == known_revisions()[-1]
    assert count_activities(context) == 60
    assert not boxes["warning"]
