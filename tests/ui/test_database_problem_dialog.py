"""Open problems are explained with their ways out; each way out does what it says."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from sqlalchemy import text

from pea_desktop.store import errors
from pea_desktop.store.backup import make_backup
from pea_desktop.store.backup_catalog import BackupKind, list_backups
from pea_desktop.store.errors import Remedy
from pea_desktop.store.instance_lock import acquire_instance_lock
from pea_desktop.ui.backups.database_opening import open_interactively
from pea_desktop.ui.backups.database_problem_dialog import (
    Choice,
    DatabaseProblemDialog,
    ask_database_problem,
)
from pea_desktop.ui.backups.single_instance import SingleInstance
from tests.database_template import MakeBase


def click_later(label_start: str, seen: list[str] | None = None) -> None:
    """Once the next modal box is up, note its buttons and click the one starting so."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert box is not None, "no dialog shown"
        buttons = [b for b in box.findChildren(QPushButton) if b.text()]
        if seen is not None:
            seen.extend(b.text() for b in buttons)
        next(b for b in buttons if b.text().startswith(label_start)).click()

    QTimer.singleShot(0, click)


def damaged_base_with_backup(populated_base: MakeBase, tmp_path: Path) -> tuple[Path, Path]:
    path = populated_base(tmp_path / "pea.sqlite3")
    backup = make_backup(path, BackupKind.AUTOMATIC, now=datetime(2026, 3, 14, 15, 30))
    path.write_bytes(path.read_bytes()[:20000])
    return path, backup


def open_error(path: Path) -> errors.DatabaseOpenError:
    from pea_desktop.store.database import open_database

    with pytest.raises(errors.DatabaseOpenError) as caught:
        open_database(path)
    return caught.value


def test_damaged_base_offers_its_newest_good_backup(
    populated_base: MakeBase, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path, backup = damaged_base_with_backup(populated_base, tmp_path)
    error = open_error(path)
    seen: list[str] = []
    click_later("Restaurer", seen)
    choice = ask_database_problem(error)
    assert choice == Choice(Remedy.RESTORE_BACKUP, backup)
    assert seen == [
        "Restaurer la sauvegarde du 14/03/2026 à 15:30",
        "Choisir un autre fichier…",
        "Quitter",
    ]


def test_dialog_names_the_problem_and_the_backup(
    populated_base: MakeBase, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path, _backup = damaged_base_with_backup(populated_base, tmp_path)
    error = open_error(path)
    dialog = DatabaseProblemDialog(error, list_backups(path)[0])
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Base de données endommagée"
    assert dialog.text() == error.message and "est tronquée" in dialog.text()
    assert "14/03/2026 à 15:30 (automatique)" in dialog.informativeText()
    assert "gardée" in dialog.informativeText()


def test_without_a_good_backup_restoring_is_not_offered(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pea.sqlite3"
    path.write_text("texte", encoding="utf-8")
    error = open_error(path)
    dialog = DatabaseProblemDialog(error, None)
    qtbot.addWidget(dialog)
    assert set(dialog.buttons_by_remedy) == {Remedy.CHOOSE_FILE, Remedy.QUIT}
    assert "Aucune sauvegarde en bon état" in dialog.informativeText()


def test_base_in_use_offers_read_only_and_retry(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pea.sqlite3"
    with acquire_instance_lock(path), pytest.raises(errors.DatabaseLockedError) as caught:
        acquire_instance_lock(path)
    seen: list[str] = []
    click_later("Ouvrir en lecture seule", seen)
    assert ask_database_problem(caught.value).remedy is Remedy.OPEN_READ_ONLY
    assert seen == ["Réessayer", "Ouvrir en lecture seule", "Choisir un autre fichier…", "Quitter"]


def test_choosing_another_file_asks_for_it(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pea.sqlite3"
    path.write_bytes(b"")
    error = open_error(path)
    answers = iter(["", str(tmp_path / "autre.sqlite3")])  # cancelled first, then a name
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (next(answers), ""))
    click_later("Choisir")
    QTimer.singleShot(50, lambda: click_later("Choisir"))  # the box comes back after cancel
    assert ask_database_problem(error) == Choice(Remedy.CHOOSE_FILE, tmp_path / "autre.sqlite3")


def test_open_interactively_restores_the_backup_and_keeps_the_damaged_base(
    populated_base: MakeBase, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path, _backup = damaged_base_with_backup(populated_base, tmp_path)
    damaged = path.read_bytes()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, message: told.append(message))
    click_later("Restaurer")
    opened = open_interactively(path)
    assert opened is not None and opened.instance is not None
    try:
        with opened.db.session() as session:
            assert session.execute(text("SELECT count(*) FROM activity")).scalar() == 60
    finally:
        opened.close()
    (kept,) = [b for b in list_backups(path) if b.kind is BackupKind.BEFORE_RESTORE]
    assert kept.path.read_bytes() == damaged
    assert str(kept.path) in told[0]


def test_open_interactively_read_only_then_quit(
    populated_base: MakeBase, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = populated_base(tmp_path / "pea.sqlite3")
    asked: list[type] = []

    def ask(error: errors.DatabaseOpenError, _parent: object) -> Choice:
        asked.append(type(error))
        return Choice(Remedy.OPEN_READ_ONLY if len(asked) == 1 else Remedy.QUIT)

    with acquire_instance_lock(path):  # e.g. `pea-desktop restore` running
        opened = open_interactively(path, ask=ask)
        assert opened is not None and opened.db.read_only and opened.instance is None
        opened.close()
    path.write_bytes(b"")
    assert open_interactively(path, ask=ask) is None
    assert asked == [errors.DatabaseLockedError, errors.NotADatabaseError]


def test_second_start_brings_the_first_window_forward(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pea.sqlite3"
    first = SingleInstance.claim(path)
    try:
        code = (
            "import sys; from pathlib import Path; "
            "from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
            "from pea_desktop.ui.backups.single_instance import (\n"
            "    SingleInstance, OtherInstanceActivated)\n"
            "try:\n    SingleInstance.claim(Path(sys.argv[1]))\n"
            "except OtherInstanceActivated as exc:\n    print(exc.message)"
        )
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        with qtbot.waitSignal(first.activation_requested, timeout=15000):
            second = subprocess.Popen(
                [sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True, env=env
            )
        out, _err = second.communicate(timeout=30)
        assert "déjà ouverte : sa fenêtre a été mise au premier plan" in out
    finally:
        first.release()
    SingleInstance.claim(path).release()  # free again once the first has let go


def test_window_is_raised_on_request(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    instance = SingleInstance.claim(tmp_path / "pea.sqlite3")
    try:
        instance.attach_window(window)
        window.showMinimized()
        instance.activation_requested.emit()
        assert window.isVisible() and not window.isMinimized()
    finally:
        instance.release()
