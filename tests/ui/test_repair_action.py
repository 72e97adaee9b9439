"""Repairing damaged indexes from the window (issue 13): the problem dialog at opening and at
backup offers « Réparer », and Fichier › « Vérifier et réparer la base… » runs the full check
on demand, with a progress dialog."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget
from sqlalchemy import text

from pea_desktop.paths import backup_dir_for
from pea_desktop.services.backups import check_integrity
from pea_desktop.services.database_errors import DamagedIndexError, DatabaseOpenError, Remedy
from pea_desktop.store.database import open_database
from pea_desktop.ui.backups import actions as actions_module
from pea_desktop.ui.backups import database_opening
from pea_desktop.ui.backups.actions import BackupActions
from pea_desktop.ui.backups.database_problem_dialog import Choice, DatabaseProblemDialog
from pea_desktop.ui.backups.repair import RepairQuestion
from pea_desktop.ui.context import AppContext
from tests.hostile.damage import empty_indexes
from tests.services import known_data


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    said: dict[str, list[str]] = {"information": [], "warning": []}

    def answer(kind: str):  # type: ignore[no-untyped-def]
        def box(_parent: object, _title: str, message: str, *_a: object) -> None:
            said[kind].append(message)

        return box

    monkeypatch.setattr(QMessageBox, "information", answer("information"))
    monkeypatch.setattr(QMessageBox, "warning", answer("warning"))
    return said


@pytest.fixture
def broken(migrated_db_path: Path) -> Path:
    db = open_database(migrated_db_path)
    known_data.build(db)
    db.close()
    empty_indexes(migrated_db_path)
    return migrated_db_path


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[DamagedIndexError]:
    """« Réparer » chosen in the repair question; the errors shown are kept."""
    shown: list[DamagedIndexError] = []

    def ask(error: DamagedIndexError, _parent: object) -> bool:
        shown.append(error)
        return True

    monkeypatch.setattr(actions_module, "ask_repair", ask)
    return shown


def window_on(path: Path, qtbot) -> tuple[QMainWindow, BackupActions]:  # type: ignore[no-untyped-def]
    db = open_database(path)
    main = QMainWindow()
    qtbot.addWidget(main)
    main.context = AppContext(db)  # type: ignore[attr-defined]
    return main, BackupActions(main.context, main)  # type: ignore[attr-defined]


@pytest.fixture
def opened(broken: Path, qtbot) -> Iterator[tuple[QMainWindow, BackupActions]]:  # type: ignore[no-untyped-def]
    main, actions = window_on(broken, qtbot)
    yield main, actions
    main.context.db.close()  # type: ignore[attr-defined]


def activities_by_index(path: Path) -> int:
    """Counted through an index, as summaries do: 0 while the indexes are damaged."""
    with closing(sqlite3.connect(path)) as c:
        query = "SELECT count(*) FROM activity INDEXED BY ix_activity_kind_date WHERE kind > ''"
        return int(c.execute(query).fetchone()[0])


def test_the_menu_action_checks_then_repairs_damaged_indexes(
    opened: tuple[QMainWindow, BackupActions],
    broken: Path,
    asked: list[DamagedIndexError],
    boxes: dict[str, list[str]],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    _main, actions = opened
    with closing(sqlite3.connect(broken)) as c:
        total = int(c.execute("SELECT count(*) FROM activity NOT INDEXED").fetchone()[0])
    assert total > 0 and activities_by_index(broken) == 0
    assert actions.repair_action.text() == "&Vérifier et réparer la base…"
    assert actions.repair_action.isEnabled()
    with qtbot.waitSignal(actions.repair_finished, timeout=20_000) as finished:
        actions.repair_action.trigger()
    assert finished.args == [True]
    [error] = asked
    assert "a des index endommagés" in error.message
    [message] = boxes["information"]
    assert "ont été reconstruits" in message and "gardée dans" in message
    check_integrity(broken)  # raises if still damaged
    assert activities_by_index(broken) == total
    assert list(backup_dir_for(broken).glob("*avant-reparation*"))
    with actions.context.db.session() as session:  # the window reads the repaired file
        assert session.execute(text("SELECT count(*) FROM activity")).scalar_one() == total


def test_a_sound_base_is_said_sound(
    populated_base,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    asked: list[DamagedIndexError],
    boxes: dict[str, list[str]],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    main, actions = window_on(populated_base(tmp_path / "pea.sqlite3"), qtbot)
    with qtbot.waitSignal(actions.repair_finished, timeout=20_000) as finished:
        actions.check_and_repair()
    assert finished.args == [True]
    assert asked == []
    assert boxes["information"] == [
        "Le contrôle d'intégrité complet est bon : la base est saine, rien à réparer."
    ]
    main.context.db.close()  # type: ignore[attr-defined]


def test_saving_now_a_base_with_damaged_indexes_offers_the_repair(
    opened: tuple[QMainWindow, BackupActions],
    broken: Path,
    asked: list[DamagedIndexError],
    boxes: dict[str, list[str]],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    _main, actions = opened
    with qtbot.waitSignal(actions.repair_finished, timeout=20_000) as finished:
        assert actions.save_now() is None  # no copy of a damaged base
    assert finished.args == [True] and len(asked) == 1
    assert boxes["warning"] == []
    check_integrity(broken)
    assert actions.save_now() is not None  # repaired: the copy is now made


def test_the_daily_copy_refuses_damaged_indexes_and_offers_the_repair_once(
    opened: tuple[QMainWindow, BackupActions],
    broken: Path,
    asked: list[DamagedIndexError],
    boxes: dict[str, list[str]],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    _main, actions = opened
    with (
        qtbot.waitSignal(actions.repair_finished, timeout=20_000) as repaired,
        qtbot.waitSignal(actions.daily_finished, timeout=20_000) as daily,
    ):
        actions.backup_if_due()
    assert daily.args == [None]  # no copy of the damaged base
    assert repaired.args == [True] and len(asked) == 1
    check_integrity(broken)
    with qtbot.waitSignal(actions.daily_finished, timeout=20_000) as again:
        actions.backup_if_due()
    assert again.args[0] is not None and len(asked) == 1  # repaired: the copy is made


def test_declining_the_repair_changes_nothing(
    opened: tuple[QMainWindow, BackupActions],
    broken: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    _main, actions = opened
    monkeypatch.setattr(actions_module, "ask_repair", lambda _error, _parent: False)
    before = broken.read_bytes()
    with qtbot.waitSignal(actions.repair_finished, timeout=20_000) as finished:
        actions.save_now()
    assert finished.args == [False]
    assert broken.read_bytes() == before
    with pytest.raises(DamagedIndexError):
        check_integrity(broken)


def test_the_repair_question_and_the_opening_dialog_offer_repair(broken: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DamagedIndexError) as caught:
        check_integrity(broken)
    question = RepairQuestion(caught.value)
    qtbot.addWidget(question)
    assert question.defaultButton() is question.repair_button
    assert question.repair_button.text() == "&Réparer"
    dialog = DatabaseProblemDialog(caught.value, None)
    qtbot.addWidget(dialog)
    assert dialog.buttons_by_remedy[Remedy.REPAIR].text() == "Réparer"
    assert dialog.defaultButton() is dialog.buttons_by_remedy[Remedy.REPAIR]
    assert "reconstruit ses index" in dialog.informativeText()


def test_opening_a_base_with_damaged_indexes_can_repair_it(
    broken: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: dict[str, list[str]],
) -> None:
    """An opening that runs the full check (as after a restore) finds the damage; « Réparer »
    repairs it and the base opens."""
    plain_open = database_opening.open_database

    def open_checked(path: Path, **options: object):  # type: ignore[no-untyped-def]
        check_integrity(path)
        return plain_open(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(database_opening, "open_database", open_checked)
    asked: list[DatabaseOpenError] = []

    def ask(error: DatabaseOpenError, _parent: QWidget | None) -> Choice:
        asked.append(error)
        return Choice(Remedy.REPAIR)

    opened = database_opening.open_interactively(broken, ask=ask)
    assert opened is not None
    opened.close()
    assert [type(e) for e in asked] == [DamagedIndexError]
    assert "ont été reconstruits" in boxes["information"][0]
    check_integrity(broken)
