"""Nothing typed is lost, the form opens clean and remembers (issue 11)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from pea_desktop.domain.activity_kinds import KINDS, ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.enums import AudienceKind, InterventionFormat, VisitPlace
from pea_desktop.services.activities import records
from pea_desktop.services.organisation import antennas, partners
from pea_desktop.ui.activities.dialog import ActivityDialog
from pea_desktop.ui.main_window import MainWindow
from tests import factories
from tests.ui.keyboard import type_text


def keyboard_target() -> QWidget:
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None
    return widget


def new_dialog(qtbot, db, kind, antenna_id):  # type: ignore[no-untyped-def]
    draft = ActivityDraft(kind=kind, antenna_id=antenna_id, date=date.today())
    dialog = ActivityDialog(db, draft, antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_the_picker_adds_every_name_picked_from_the_completion_list(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    for first, last in (("Élodie", "Martin"), ("Benoît", "Gautier"), ("Ana", "Lopez")):
        factories.volunteer(db, lyon.id, first, last)
    dialog = new_dialog(qtbot, db, ActivityKind.GROUP, lyon.id)
    dialog.volunteers.search.setFocus()
    for letters in ("élo", "beno"):
        type_text(keyboard_target(), letters, focus=False)
        popup = QApplication.activePopupWidget()
        assert popup is not None  # the completion list is open
        QTest.keyClick(popup, Qt.Key.Key_Down)  # pick it in the list...
        QTest.keyClick(keyboard_target(), Qt.Key.Key_Return)  # ...and take it
        qtbot.wait(10)  # the completer writes its text back after its handlers ran
        assert dialog.volunteers.search.text() == ""
    names = [
        dialog.volunteers.chosen.item(i).text() for i in range(dialog.volunteers.chosen.count())
    ]
    assert names == ["Élodie Martin", "Benoît Gautier"]


def test_backspace_in_the_empty_picker_takes_back_the_last_name(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    a = factories.volunteer(db, lyon.id, "Élodie", "Martin")
    b = factories.volunteer(db, lyon.id, "Ana", "Lopez")
    dialog = new_dialog(qtbot, db, ActivityKind.GROUP, lyon.id)
    dialog.volunteers.set_volunteer_ids([a, b])
    dialog.volunteers.search.setFocus()
    QTest.keyClick(dialog.volunteers.search, Qt.Key.Key_Backspace)
    assert dialog.volunteers.volunteer_ids() == [a]


def test_an_untouched_form_shows_no_errors_until_a_field_is_left_or_saved(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    dialog = new_dialog(qtbot, db, ActivityKind.GROUP, lyon.id)
    assert not dialog.problems.isVisible()
    assert not dialog.save_button.isEnabled()
    assert QApplication.focusWidget() is dialog.place  # the first field to type
    type_text(dialog.theme, "Rechute")
    assert not dialog.problems.isVisible()  # nothing wrong was typed: nothing said yet
    assert "participants" not in dialog.problems.text()
    dialog.save()  # refused, with every reason
    assert dialog.problems.isVisible()
    assert "participants" in dialog.problems.text()
    assert dialog.participants.property("invalid") is True


def test_a_field_turns_red_once_left_not_at_the_first_keystroke(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    vid = factories.volunteer(db, lyon.id)
    dialog = new_dialog(qtbot, db, ActivityKind.GROUP, lyon.id)
    dialog.volunteers.add_volunteer(vid)
    dialog.duration.setFocus()
    qtbot.waitUntil(dialog.duration.hasFocus)
    dialog.duration.selectAll()
    for key in "2h75":  # one real key event per character, typed where the keyboard is
        QTest.keyClick(QApplication.focusWidget(), key)
    assert dialog.duration.text() == "2h75"
    assert "durée" not in dialog.problems.text()  # still typing: not red yet
    assert not dialog.duration.property("invalid")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # leaves the field
    assert not dialog.duration.hasFocus()
    assert "La durée se tape en minutes" in dialog.problems.text()
    assert dialog.duration.property("invalid") is True
    assert "participants" not in dialog.problems.text()  # not reached yet: not blamed
    assert not dialog.participants.property("invalid")
    dialog.duration.setFocus()  # once left, the field is checked as it is corrected
    qtbot.waitUntil(dialog.duration.hasFocus)
    QTest.keyClick(dialog.duration, Qt.Key.Key_Backspace)
    QTest.keyClick(dialog.duration, Qt.Key.Key_Backspace)
    assert dialog.duration.text() == "2h"
    assert "durée" not in dialog.problems.text()
    assert not dialog.duration.property("invalid")


@pytest.mark.parametrize("change", ["place", "expense", "volunteer"])
def test_escape_asks_before_throwing_away_what_was_typed(  # type: ignore[no-untyped-def]
    qtbot, db, lyon, monkeypatch, change
) -> None:
    from pea_desktop.ui.common import guarded_dialog

    vid = factories.volunteer(db, lyon.id)
    answers: list[bool] = [False, True]  # first "Continuer la saisie", then "Abandonner"
    asked: list[str] = []
    monkeypatch.setattr(
        guarded_dialog,
        "confirm_discard",
        lambda parent, what="": asked.append(what) or answers.pop(0),
    )
    dialog = new_dialog(qtbot, db, ActivityKind.GROUP, lyon.id)
    if change == "place":
        type_text(dialog.place, "Mairie")
    elif change == "expense":
        type_text(next(iter(dialog.expenses.fields.values())), "12")
    else:
        dialog.volunteers.add_volunteer(vid)
    QTest.keyClick(keyboard_target(), Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1  # kept, with what was typed
    QTest.keyClick(keyboard_target(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and len(asked) == 2


def test_escape_on_an_untouched_form_closes_without_asking(
    qtbot, db, lyon, discard_without_asking
) -> None:  # type: ignore[no-untyped-def]
    dialog = new_dialog(qtbot, db, ActivityKind.VISIT, lyon.id)
    QTest.keyClick(keyboard_target(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and discard_without_asking == []


@pytest.mark.parametrize("kind", list(KINDS), ids=lambda k: k.code)
def test_a_new_activity_of_every_kind_starts_with_last_times_usual_values(db, lyon, kind) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.domain.activity_defaults import remembered_draft
    from tests.kind_samples import sample_draft

    vid = factories.volunteer(db, lyon.id)
    last = sample_draft(kind, lyon.id, vid)
    records.save_activity(db, last, date.today())
    stored = records.last_activity(db, kind, lyon.id)
    assert stored is not None
    new = remembered_draft(ActivityDraft(kind=kind, antenna_id=lyon.id, date=date.today()), stored)
    assert new.place == last.place.strip()
    assert new.duration_minutes == last.duration_minutes
    assert new.volunteer_ids == []  # only "Comme la dernière fois" takes them
    for use in kind.fields:
        expected = (
            getattr(last, use.name)
            if use.field.remembered
            else getattr(ActivityDraft(kind=kind), use.name)
        )
        assert getattr(new, use.name) == expected, use.name
    assert (new.notes, new.reference, new.theme) == ("", "", "")


def test_intervention_remembers_format_partner_and_audience(
    qtbot, db, lyon, context, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.services.organisation.partners import PartnerDraft

    vid = factories.volunteer(db, lyon.id)
    partner = partners.save_partner(db, PartnerDraft(name="Lycée Ampère", town="Lyon"))
    last = ActivityDraft(
        kind=ActivityKind.INTERVENTION,
        antenna_id=lyon.id,
        date=date(2026, 1, 5),
        duration_minutes=90,
        place="Lycée Ampère",
        volunteer_ids=[vid],
        intervention_format=InterventionFormat.TRAINING,
        partner_id=partner,
        audience_kind=AudienceKind.STUDENTS,
        audience_size=30,
    )
    records.save_activity(db, last, date.today())
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.choose_antenna(lyon.id)
    opened: list[ActivityDialog] = []
    from pea_desktop.ui.activities import view as activity_view

    def look(dialog: ActivityDialog) -> int:
        opened.append(dialog)
        return 0

    monkeypatch.setattr(activity_view.ActivityDialog, "exec", look)
    window.tabs.setCurrentIndex(2)
    window.new_entry()
    draft = opened[0].draft()
    assert draft.intervention_format is InterventionFormat.TRAINING
    assert (draft.partner_id, draft.audience_kind) == (partner, AudienceKind.STUDENTS)
    assert draft.audience_size is None and draft.volunteer_ids == []


def test_visit_remembers_where_not_who_asked_nor_the_reference(db, lyon) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.domain.activity_defaults import remembered_draft

    vid = factories.volunteer(db, lyon.id)
    factories.visit(db, lyon.id, [vid], visit_place=VisitPlace.HOSPITAL, reference="V-2026-001")
    last = records.last_activity(db, ActivityKind.VISIT, lyon.id)
    new = remembered_draft(ActivityDraft(kind=ActivityKind.VISIT, antenna_id=lyon.id), last)
    assert new.visit_place is VisitPlace.HOSPITAL
    assert (new.requester, new.reference) == (None, "")
