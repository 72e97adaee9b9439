"""Logging a typical speaking group from the keyboard, keys counted (issue 11: ≤ 15).

The keys are real key events sent where the keyboard would send them: to the open completion
list when there is one, else to the widget with the focus. Text is typed one QKeyEvent per
character (tests/ui/keyboard.py); other keys go through QTest (which also triggers shortcuts).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.store.models import Activity
from pea_desktop.ui.activities.dialog import ActivityDialog
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.main_window import MainWindow
from tests import factories
from tests.ui.keyboard import type_text

KEY_GOAL = 15


class Keyboard:
    def __init__(self) -> None:
        self.count = 0

    @staticmethod
    def target() -> QWidget:
        widget = QApplication.activePopupWidget() or QApplication.focusWidget()
        assert widget is not None, "no widget receives the keyboard"
        return widget

    def type(self, text: str) -> None:
        type_text(self.target(), text, focus=False)
        self.count += len(text)

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        QTest.keyClick(self.target(), key, modifier)
        self.count += 1


def open_window(qtbot, context) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def in_the_form(qtbot, keys: Keyboard, fill: Callable[[ActivityDialog], None]) -> None:  # type: ignore[no-untyped-def]
    """Press Ctrl+N in the main window and run ``fill`` inside the form it opens."""
    failures: list[BaseException] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ActivityDialog):  # not opened yet
            QTimer.singleShot(10, drive)
            return
        try:
            assert isinstance(dialog, ActivityDialog)
            qtbot.waitUntil(dialog.isActiveWindow)
            fill(dialog)
            assert not dialog.isVisible(), (
                f"still open: {dialog.problems.text()!r}, focus on {QApplication.focusWidget()!r}"
            )
        except BaseException as error:  # reported after the modal loop ends
            failures.append(error)
            if isinstance(dialog, ActivityDialog) and dialog.isVisible():
                dialog.done(0)

    QTimer.singleShot(0, drive)
    keys.press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    if failures:
        raise failures[0]


def build_antenna(db):  # type: ignore[no-untyped-def]
    lyon = factories.antenna(db)
    factories.antenna(db, "GRE", "Grenoble")  # the user's antenna is not the only one
    names = [("Élodie", "Martin"), ("Benoît", "Gautier"), ("Chloé", "Durand"), ("Ana", "Lopez")]
    ids = {first: factories.volunteer(db, lyon.id, first, last) for first, last in names}
    factories.group(
        db,
        lyon.id,
        [ids["Chloé"], ids["Ana"]],
        place="Salle des fêtes",
        date=date(2026, 3, 7),
        start_time=time(18, 30),
    )
    factories.group(db, lyon.id, [ids["Ana"]], place="CSAPA Émergence", date=date(2026, 2, 7))
    return lyon, ids


def saved_group(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        activity = session.scalars(select(Activity).order_by(Activity.id.desc())).first()
        return activity, [v.full_name for v in activity.volunteers]


def test_a_typical_group_takes_at_most_15_keys(qtbot, db, context, capsys) -> None:  # type: ignore[no-untyped-def]
    lyon, _ids = build_antenna(db)
    # A previous session chose the antenna in the toolbar; this start remembers it.
    first = open_window(qtbot, context)
    first.choose_antenna(lyon.id)
    first.hide()  # (closing the last window would end the test's event loop)
    context.set_antenna(None)
    window = open_window(qtbot, AppContext(db))
    assert window.antenna_combo.currentData() == lyon.id

    keys = Keyboard()

    def fill(dialog: ActivityDialog) -> None:
        assert QApplication.focusWidget() is dialog.place  # the first field to type
        assert not dialog.problems.isVisible()  # no red on an untouched form
        keys.press(Qt.Key.Key_Return)  # the remembered place, "Salle des fêtes": move on
        keys.type("él")
        keys.press(Qt.Key.Key_Return)  # Élodie Martin
        keys.type("be")
        keys.press(Qt.Key.Key_Return)  # Benoît Gautier
        keys.press(Qt.Key.Key_Return)  # nothing more to add: to the first field missing
        keys.type("9")  # participants
        keys.press(Qt.Key.Key_Tab)
        keys.type("2")  # first-timers
        keys.press(Qt.Key.Key_Tab)
        keys.type("1")  # relatives
        keys.press(Qt.Key.Key_Return)  # saves

    in_the_form(qtbot, keys, fill)
    with capsys.disabled():
        print(f"\n[issue 11] typical speaking group: {keys.count} keys (goal ≤ {KEY_GOAL})")
    assert keys.count <= KEY_GOAL

    activity, names = saved_group(db)
    assert activity.kind is ActivityKind.GROUP and activity.antenna_id == lyon.id
    assert activity.date == date.today()
    assert activity.place == "Salle des fêtes" and activity.start_time == time(18, 30)
    assert activity.duration_minutes == 120
    assert names == ["Élodie Martin", "Benoît Gautier"]
    assert (activity.participants, activity.first_timers, activity.relatives) == (9, 2, 1)


def test_same_as_last_time_takes_the_volunteers_never_the_figures(
    qtbot, db, context, capsys
) -> None:  # type: ignore[no-untyped-def]
    lyon, _ids = build_antenna(db)
    window = open_window(qtbot, context)
    window.choose_antenna(lyon.id)
    keys = Keyboard()

    def fill(dialog: ActivityDialog) -> None:
        keys.press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # Comme la dernière fois
        qtbot.waitUntil(lambda: bool(dialog.volunteers.volunteer_ids()))  # buttons animate
        assert QApplication.focusWidget() is dialog.participants
        keys.type("9")
        keys.press(Qt.Key.Key_Tab)
        keys.type("2")
        keys.press(Qt.Key.Key_Tab)
        keys.type("1")
        keys.press(Qt.Key.Key_Return)

    in_the_form(qtbot, keys, fill)
    with capsys.disabled():
        print(f"\n[issue 11] same group as last time: {keys.count} keys")
    assert keys.count <= 8
    activity, names = saved_group(db)
    assert names == ["Chloé Durand", "Ana Lopez"]
    assert activity.place == "Salle des fêtes"
    assert (activity.participants, activity.first_timers, activity.relatives) == (9, 2, 1)


def test_the_form_asks_for_the_antenna_when_none_is_known(qtbot, db, context) -> None:  # type: ignore[no-untyped-def]
    build_antenna(db)
    window = open_window(qtbot, context)  # "Toutes les antennes", no form used yet
    keys = Keyboard()
    seen: list[object] = []

    def fill(dialog: ActivityDialog) -> None:
        seen.append(dialog.antenna.currentData())
        seen.append(QApplication.focusWidget() is dialog.antenna)
        keys.press(Qt.Key.Key_Escape)  # nothing typed: closes without a question

    in_the_form(qtbot, keys, fill)
    assert seen == [None, True]  # never the first antenna alphabetically by surprise
    assert window.antenna_combo.currentData() is None
