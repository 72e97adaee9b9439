"""Typing stops at the length the domain accepts: each bounded field of the forms is cut at its
limit as it is typed or pasted (issue 13)."""

from __future__ import annotations

from datetime import date

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.limits import CODE_MAX, NAME_MAX, NOTE_MAX, PHONE_MAX, SHORT_TEXT_MAX
from pea_desktop.services.organisation import antennas
from pea_desktop.services.organisation.partners import PartnerDraft
from pea_desktop.services.organisation.volunteers import VolunteerDraft
from pea_desktop.ui.activities.dialog import ActivityDialog
from pea_desktop.ui.organisation.partner_view import PartnerDialog
from pea_desktop.ui.organisation.settings_dialogs import AntennaForm, AssociationForm
from pea_desktop.ui.organisation.volunteer_dialog import VolunteerDialog
from tests.ui.keyboard import type_text


def test_activity_place_reference_and_notes_stop_at_their_limits(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    draft = ActivityDraft(kind=ActivityKind.VISIT, antenna_id=lyon.id, date=date.today())
    dialog = ActivityDialog(db, draft, antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.place, "é" * (SHORT_TEXT_MAX + 5))
    assert dialog.place.text() == "é" * SHORT_TEXT_MAX
    type_text(dialog.reference, "V" + "1" * (CODE_MAX + 3))
    assert len(dialog.reference.text()) == CODE_MAX
    dialog.notes.setPlainText("n" * (NOTE_MAX - 2))
    type_text(dialog.notes, "àéèù")
    assert len(dialog.notes.toPlainText()) == NOTE_MAX
    dialog.notes.clear()
    dialog.notes.insertPlainText("ô" * (NOTE_MAX + 100))  # a paste
    assert dialog.notes.toPlainText() == "ô" * NOTE_MAX


def test_a_group_theme_stops_at_its_limit(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    draft = ActivityDraft(kind=ActivityKind.GROUP, antenna_id=lyon.id, date=date.today())
    dialog = ActivityDialog(db, draft, antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.theme, "t" * (SHORT_TEXT_MAX + 1))
    assert len(dialog.theme.text()) == SHORT_TEXT_MAX


def test_volunteer_fields_stop_at_their_limits(qtbot, db, lyon) -> None:  # type: ignore[no-untyped-def]
    dialog = VolunteerDialog(db, VolunteerDraft(antenna_id=lyon.id), antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    type_text(form.first_name, "Élodie" * 30)
    type_text(form.phone, "06 12 34 56 78 " * 5)
    assert len(form.first_name.text()) == NAME_MAX
    assert len(form.phone.text()) == PHONE_MAX
    for name in ("last_name", "city"):
        assert getattr(form, name).maxLength() == NAME_MAX
    for name in ("email", "address"):
        assert getattr(form, name).maxLength() == SHORT_TEXT_MAX


def test_antenna_partner_and_association_names_stop_at_their_limit(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    antenna = AntennaForm()
    qtbot.addWidget(antenna)
    type_text(antenna.name, "Antenne de Saint-Étienne " * 10)
    assert len(antenna.name.text()) == NAME_MAX
    assert antenna.code.maxLength() == CODE_MAX
    partner = PartnerDialog(db, PartnerDraft())
    qtbot.addWidget(partner)
    type_text(partner.name, "Centre hospitalier " * 10)
    assert len(partner.name.text()) == NAME_MAX
    association = AssociationForm()
    qtbot.addWidget(association)
    type_text(association.edits["name"], "Association " * 20)
    assert len(association.edits["name"].text()) == NAME_MAX
