"""Esc and the close button ask before throwing away what was typed, in every form (issue 11):
volunteer, partner, antenna and association dialogs, as the activity form and claim editor."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from pea_desktop.services.organisation import antennas, volunteers
from pea_desktop.services.organisation.partners import PartnerDraft
from pea_desktop.services.organisation.volunteers import VolunteerDraft
from pea_desktop.store.database import Database
from pea_desktop.ui.common.guarded_dialog import GuardedDialog
from pea_desktop.ui.organisation.partner_view import PartnerDialog
from pea_desktop.ui.organisation.settings_dialogs import AntennaDialog, AssociationDialog
from pea_desktop.ui.organisation.volunteer_dialog import VolunteerDialog
from tests import factories
from tests.ui.keyboard import type_text


def volunteer_dialog(db: Database) -> tuple[GuardedDialog, QLineEdit]:
    lyon = factories.antenna(db)
    draft = VolunteerDraft(antenna_id=lyon.id)
    dialog = VolunteerDialog(db, draft, antennas.list_antennas(db))
    return dialog, dialog.form.last_name


def partner_dialog(db: Database) -> tuple[GuardedDialog, QLineEdit]:
    dialog = PartnerDialog(db, PartnerDraft())
    return dialog, dialog.town


def antenna_dialog(db: Database) -> tuple[GuardedDialog, QLineEdit]:
    dialog = AntennaDialog(db, antenna=factories.antenna(db))
    return dialog, dialog.form.name


def association_dialog(db: Database) -> tuple[GuardedDialog, QLineEdit]:
    dialog = AssociationDialog(db)
    return dialog, dialog.form.edits["name"]


def show_active(qtbot, dialog: GuardedDialog, field: QLineEdit) -> None:  # type: ignore[no-untyped-def]
    """Keys go to the focused field of the active window, as on the user's screen."""
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)


DIALOGS = [volunteer_dialog, partner_dialog, antenna_dialog, association_dialog]
Opener = Callable[[Database], tuple[GuardedDialog, QLineEdit]]


@pytest.mark.parametrize("open_dialog", DIALOGS)
def test_escape_asks_and_keeps_the_form_when_told_to(  # type: ignore[no-untyped-def]
    qtbot, db, monkeypatch, open_dialog: Opener
) -> None:
    from pea_desktop.ui.common import guarded_dialog

    answers = [False, True]  # first "Continuer la saisie", then "Abandonner"
    asked: list[str] = []
    monkeypatch.setattr(
        guarded_dialog,
        "confirm_discard",
        lambda parent, what="": asked.append(what) or answers.pop(0),
    )
    dialog, field = open_dialog(db)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog, field)
    type_text(field, "Écrit")
    QTest.keyClick(field, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1
    assert "Écrit" in field.text()  # what was typed is still there
    dialog.close()  # the window's close button comes the same way
    assert not dialog.isVisible() and len(asked) == 2
    assert asked[0] == type(dialog).discard_what != "la saisie"


@pytest.mark.parametrize("open_dialog", DIALOGS)
def test_an_untouched_form_closes_without_asking(  # type: ignore[no-untyped-def]
    qtbot, db, discard_without_asking, open_dialog: Opener
) -> None:
    dialog, field = open_dialog(db)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog, field)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and discard_without_asking == []


def test_saving_closes_without_asking(qtbot, db, discard_without_asking) -> None:  # type: ignore[no-untyped-def]
    dialog, _ = volunteer_dialog(db)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, VolunteerDialog)
    type_text(dialog.form.first_name, "Léa")
    type_text(dialog.form.last_name, "Roux")
    dialog.save()
    assert dialog.result() == VolunteerDialog.DialogCode.Accepted
    assert discard_without_asking == []
    assert [v.full_name for v in volunteers.list_volunteers(db)] == ["Léa Roux"]
