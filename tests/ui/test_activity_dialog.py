from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.enums import Requester
from pea_desktop.services.organisation import antennas
from pea_desktop.store.models import Activity
from pea_desktop.ui.activities.dialog import ActivityDialog
from tests import factories
from tests.ui.keyboard import type_text


def open_dialog(qtbot, db, kind, antenna_id):  # type: ignore[no-untyped-def]
    draft = ActivityDraft(kind=kind, antenna_id=antenna_id, date=date.today())
    dialog = ActivityDialog(db, draft, antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_new_group_is_saved_from_the_keyboard(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    factories.volunteer(db, lyon.id, "Élodie", "Martin")
    dialog = open_dialog(qtbot, db, ActivityKind.GROUP, lyon.id)
    assert not dialog.save_button.isEnabled()  # no volunteer, no participants yet

    type_text(dialog.place, "Salle des fêtes")
    type_text(dialog.volunteers.search, "Élodie Martin")
    qtbot.keyClick(dialog.volunteers.search, Qt.Key.Key_Return)
    dialog.participants.setValue(7)
    dialog.first_timers.setValue(2)
    type_text(dialog.theme, "Rechute et résilience")
    assert dialog.save_button.isEnabled(), dialog.problems.text()

    qtbot.keyClick(dialog.theme, Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == ActivityDialog.DialogCode.Accepted
    with db.session() as session:
        saved = session.scalars(select(Activity)).one()
        assert (saved.place, saved.theme, saved.participants) == (
            "Salle des fêtes",
            "Rechute et résilience",
            7,
        )
        assert saved.duration_minutes == 120  # default for a group
        assert [v.full_name for v in saved.volunteers] == ["Élodie Martin"]


def test_refusals_are_explained_as_you_type(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    vid = factories.volunteer(db, lyon.id)
    dialog = open_dialog(qtbot, db, ActivityKind.GROUP, lyon.id)
    dialog.volunteers.add_volunteer(vid)
    dialog.participants.setValue(3)
    dialog.first_timers.setValue(5)
    assert "plus de nouveaux que de participants" in dialog.problems.text()
    assert not dialog.save_button.isEnabled()
    dialog.first_timers.setValue(1)
    dialog.duration.setText("2h75")
    assert "durée" in dialog.problems.text()
    dialog.duration.setText("1h30")
    assert dialog.save_button.isEnabled()
    assert dialog.draft().duration_minutes == 90


def test_visit_needs_requester_and_refuses_a_name_as_reference(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    vid = factories.volunteer(db, lyon.id)
    dialog = open_dialog(qtbot, db, ActivityKind.VISIT, lyon.id)
    dialog.volunteers.add_volunteer(vid)
    assert "qui a demandé" not in dialog.problems.text()  # a field not yet reached
    dialog.save()  # refused: now every problem shows
    assert "qui a demandé" in dialog.problems.text()
    dialog.requester.set_value(Requester.FAMILY)
    type_text(dialog.reference, "Jean Dupont")
    assert "jamais un nom" in dialog.problems.text()
    dialog.reference.setText("V-2026-003")
    assert dialog.save_button.isEnabled()
    dialog.save()
    with db.session() as session:
        visit = session.scalars(select(Activity)).one()
        assert (visit.requester, visit.reference) == (Requester.FAMILY, "V-2026-003")


def test_editing_keeps_existing_values(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    vid = factories.volunteer(db, lyon.id)
    activity_id = factories.group(db, lyon.id, [vid])
    from pea_desktop.services.activities.records import load_activity

    dialog = ActivityDialog(db, load_activity(db, activity_id), antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    assert dialog.participants.int_value() == 9
    assert dialog.volunteers.volunteer_ids() == [vid]
    dialog.participants.setValue(12)
    dialog.save()
    with db.session() as session:
        assert session.get(Activity, activity_id).participants == 12


def test_tab_follows_the_screen_from_top_to_bottom(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, db, ActivityKind.GROUP, lyon.id)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    order = [dialog.place]
    dialog.place.setFocus()
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    expected = [
        dialog.place,
        dialog.volunteers.search,
        dialog.volunteers.chosen,
        dialog.theme,
        dialog.participants,
        dialog.first_timers,
        dialog.relatives,
        *dialog.expenses.fields.values(),
    ]
    assert order[: len(expected)] == expected
    assert dialog.notes in order
