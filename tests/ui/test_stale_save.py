"""Two people editing the same record: the second save is refused and the form offers to reload
(issue 14). Two handles on the same base stand for two windows (or two coordinators)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pea_desktop.services.activities.records import load_activity, save_activity
from pea_desktop.services.organisation import antennas
from pea_desktop.store import acting
from pea_desktop.store.database import Database, open_database
from pea_desktop.ui.activities.dialog import ActivityDialog
from tests import factories
from tests.ui.keyboard import replace_text


@pytest.fixture
def other_window(db: Database) -> Iterator[Database]:
    other = open_database(db.path)
    yield other
    other.close()


def answer_box(button_text: str, seen: list[str]) -> Callable[[], None]:
    """Click ``button_text`` in the message box about to open, noting what it said."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text} in {[b.text() for b in box.buttons()]}")

    return click


def open_existing(qtbot, db: Database, activity_id: int) -> ActivityDialog:  # type: ignore[no-untyped-def]
    dialog = ActivityDialog(db, load_activity(db, activity_id), antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_stale_save_is_refused_and_reload_shows_the_other_value(
    qtbot, db: Database, lyon, other_window: Database
) -> None:  # type: ignore[no-untyped-def]
    activity_id = factories.group(db, lyon.id, [factories.volunteer(db, lyon.id)])
    dialog = open_existing(qtbot, db, activity_id)
    assert dialog.last_change.isVisible()
    assert dialog.last_change.text().startswith("Dernière modification par ")

    acting.choose_name("Camille Roux")  # the other window's user
    theirs = load_activity(other_window, activity_id)
    save_activity(other_window, replace(theirs, place="Salle Camille"), factories.TODAY)

    replace_text(dialog.place, "Ma salle")
    seen: list[str] = []
    QTimer.singleShot(0, answer_box("Recharger", seen))
    dialog.save_button.click()

    assert seen and seen[0].startswith("Cette activité a été modifiée entre-temps par Camille Roux")
    assert "vos changements n'ont pas été enregistrés" in seen[0]
    assert dialog.isVisible()  # still open, showing what is in the base now
    assert dialog.place.text() == "Salle Camille"
    assert "Camille Roux" in dialog.last_change.text()
    assert load_activity(db, activity_id).place == "Salle Camille"

    # Reloaded, the form saves over the current version.
    replace_text(dialog.place, "Ma salle")
    dialog.save_button.click()
    assert dialog.result() == ActivityDialog.DialogCode.Accepted
    assert load_activity(db, activity_id).place == "Ma salle"


def test_cancel_keeps_the_typing_and_writes_nothing(
    qtbot, db: Database, lyon, other_window: Database
) -> None:  # type: ignore[no-untyped-def]
    activity_id = factories.group(db, lyon.id, [factories.volunteer(db, lyon.id)])
    dialog = open_existing(qtbot, db, activity_id)
    theirs = load_activity(other_window, activity_id)
    save_activity(other_window, replace(theirs, theme="Leur thème"), factories.TODAY)

    replace_text(dialog.place, "Ma salle")
    seen: list[str] = []
    QTimer.singleShot(0, answer_box("Annuler", seen))
    dialog.save_button.click()

    assert seen
    assert dialog.isVisible()
    assert dialog.place.text() == "Ma salle"  # the typing is still there to copy
    assert "modifiée entre-temps" in dialog.problems.text()
    current = load_activity(db, activity_id)
    assert (current.place, current.theme) == ("Maison des associations", "Leur thème")


def test_the_volunteer_form_refuses_a_stale_save_too(
    qtbot, db: Database, lyon, other_window: Database
) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.services.organisation import volunteers
    from pea_desktop.ui.organisation.volunteer_dialog import VolunteerDialog

    person = factories.volunteer(db, lyon.id)
    dialog = VolunteerDialog(db, volunteers.load_volunteer(db, person), antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    dialog.show()
    acting.choose_name("Camille Roux")
    theirs = volunteers.load_volunteer(other_window, person)
    volunteers.save_volunteer(other_window, replace(theirs, city="Villeurbanne"))

    replace_text(dialog.form.city, "Lyon")
    seen: list[str] = []
    QTimer.singleShot(0, answer_box("Recharger", seen))
    dialog.save_button.click()

    assert seen[0].startswith("Cette fiche de bénévole a été modifiée entre-temps par Camille")
    assert dialog.isVisible()
    assert dialog.form.city.text() == "Villeurbanne"
    replace_text(dialog.form.city, "Lyon")
    dialog.save_button.click()
    assert volunteers.load_volunteer(db, person).city == "Lyon"


def test_the_partner_form_keeps_the_typing_when_the_user_cancels(
    qtbot, db: Database, other_window: Database
) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.services.organisation import partners
    from pea_desktop.ui.organisation.partner_view import PartnerDialog

    partner_id = partners.save_partner(db, partners.PartnerDraft("CSAPA Le Phare", town="Lyon"))
    dialog = PartnerDialog(db, partners.load_partner(db, partner_id))
    qtbot.addWidget(dialog)
    dialog.show()
    acting.choose_name("Inès Faure")
    theirs = partners.load_partner(other_window, partner_id)
    partners.save_partner(other_window, replace(theirs, town="Villeurbanne"))

    replace_text(dialog.town, "Vénissieux")
    seen: list[str] = []
    QTimer.singleShot(0, answer_box("Annuler", seen))
    dialog.save_button.click()

    assert "modifié" in seen[0] and "Inès Faure" in seen[0]
    assert dialog.isVisible() and dialog.town.text() == "Vénissieux"  # the typing is kept
    assert not dialog.problems.isHidden()
    assert partners.load_partner(db, partner_id).town == "Villeurbanne"  # nothing overwritten
