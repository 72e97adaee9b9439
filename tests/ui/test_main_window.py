from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.services.activities.records import ActivityFilter, count_activities
from pea_desktop.ui.activities import view as activity_view
from pea_desktop.ui.main_window import MainWindow
from tests import factories
from tests.ui.keyboard import type_text


def make_window(qtbot, context):  # type: ignore[no-untyped-def]
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts only reach the active window
    return window


def test_lists_show_activities_of_the_chosen_antenna(qtbot, context, db, lyon) -> None:  # type: ignore[no-untyped-def]
    grenoble = factories.antenna(db, "GRE", "Grenoble")
    vid = factories.volunteer(db, lyon.id)
    factories.group(db, lyon.id, [vid])
    factories.group(db, grenoble.id, [factories.volunteer(db, grenoble.id, "Ana", "Lopez")])
    window = make_window(qtbot, context)
    groups = window.views[0]
    assert groups.model.rowCount() == 2
    window.choose_antenna(grenoble.id)
    assert groups.model.rowCount() == 1
    assert groups.model.row_at(0).volunteers == "Ana Lopez"
    assert groups.count_label.text() == "1 groupe"


def test_text_filter_is_applied_by_the_database(qtbot, context, db, lyon) -> None:  # type: ignore[no-untyped-def]
    vid = factories.volunteer(db, lyon.id)
    factories.group(db, lyon.id, [vid], place="CSAPA Émergence")
    factories.group(db, lyon.id, [vid], place="Mairie", date=date(2026, 2, 1))
    window = make_window(qtbot, context)
    groups = window.views[0]
    type_text(groups.filters.text, "émergence")
    qtbot.waitUntil(lambda: groups.model.total == 1, timeout=2000)
    assert groups.model.row_at(0).place == "CSAPA Émergence"


def test_delete_then_undo_restores(qtbot, context, db, lyon) -> None:  # type: ignore[no-untyped-def]
    vid = factories.volunteer(db, lyon.id)
    factories.group(db, lyon.id, [vid])
    window = make_window(qtbot, context)
    groups = window.views[0]
    groups.table.setFocus()
    groups.select_row(0)
    qtbot.keyClick(groups.table, Qt.Key.Key_Delete)
    assert count_activities(db, ActivityFilter()) == 0
    assert groups.model.rowCount() == 0
    window.undo_stack.undo()
    assert count_activities(db, ActivityFilter()) == 1
    assert groups.model.rowCount() == 1


def test_ctrl_n_opens_the_form_of_the_current_tab(qtbot, context, db, lyon, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    vid = factories.volunteer(db, lyon.id)
    opened = []

    def fill_and_save(dialog: QDialog) -> int:
        opened.append(dialog.windowTitle())
        dialog.volunteers.add_volunteer(vid)
        dialog.intervention_format.setCurrentIndex(1)
        dialog.audience_size.setValue(40)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(activity_view.ActivityDialog, "exec", fill_and_save)
    window = make_window(qtbot, context)
    window.choose_antenna(lyon.id)
    window.tabs.setCurrentIndex(2)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["Nouvelle intervention"]
    assert count_activities(db, ActivityFilter(kind=ActivityKind.INTERVENTION)) == 1
    assert window.views[2].model.row_at(0).audience_size == 40


def test_many_activities_are_fetched_in_pages(qtbot, context, db, lyon) -> None:  # type: ignore[no-untyped-def]
    vid = factories.volunteer(db, lyon.id)
    for day in range(1, 29):
        for month in range(1, 11):
            factories.group(db, lyon.id, [vid], date=date(2025, month, day))
    window = make_window(qtbot, context)
    model = window.views[0].model
    assert model.total == 280
    assert model.rowCount() == 200  # first page only
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 280


def test_heavy_tabs_are_built_when_first_opened(qtbot, context, db, lyon) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, context)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[5:] == ["Notes de frais", "Tableau de bord", "Fédération"]
    dashboard_tab = window.views[6]
    assert dashboard_tab.view is None  # nothing built, nothing imported, at start-up
    window.tabs.setCurrentIndex(6)
    assert type(dashboard_tab.view).__name__ == "DashboardView"
    assert dashboard_tab.view.isVisible()


def test_duplicate_copies_the_costs_but_not_the_claim(
    qtbot, context, db, lyon, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from sqlalchemy import select

    from pea_desktop.domain.enums import ExpenseKind
    from pea_desktop.services.activities import expenses as activity_expenses
    from pea_desktop.store.models import ExpenseLine

    vid = factories.volunteer(db, lyon.id)
    original = factories.group(db, lyon.id, [vid])
    costs = activity_expenses.ActivityExpenses(km=Decimal("42"), parking=Decimal("3.20"))
    draft = activity_view.activities.load_activity(db, original)
    activity_expenses.save_activity_and_expenses(db, draft, costs, date(2026, 11, 25))

    shown = []

    def save_as_is(dialog: QDialog) -> int:
        shown.append(dialog.expenses.expenses().km)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(activity_view.ActivityDialog, "exec", save_as_is)
    asked = []  # copying the costs is asked first (issue 11); the user says yes here
    monkeypatch.setattr(
        activity_view.QMessageBox,
        "question",
        lambda *a: asked.append(a[2]) or activity_view.QMessageBox.StandardButton.Yes,
    )
    window = make_window(qtbot, context)
    groups = window.views[0]
    groups.table.setFocus()
    groups.select_row(0)
    qtbot.keyClick(groups.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert shown == [Decimal("42")]
    assert len(asked) == 1 and "frais" in asked[0]
    with db.session() as session:
        lines = session.execute(select(ExpenseLine.activity_id, ExpenseLine.kind)).all()
    copy = max(activity_id for activity_id, _ in lines)
    assert copy != original
    assert sorted(kind for activity_id, kind in lines if activity_id == copy) == sorted(
        [ExpenseKind.MILEAGE, ExpenseKind.PARKING]
    )
