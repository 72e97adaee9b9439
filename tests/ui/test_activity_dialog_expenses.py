"""The "Frais engagés" group of the activity form, driven through its real widgets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.claims import ClaimAction
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.services.activities import records as activities
from pea_desktop.services.claims import workflow as claims
from pea_desktop.services.organisation import antennas
from pea_desktop.store.database import Database
from pea_desktop.store.models import ExpenseClaim, ExpenseLine
from pea_desktop.ui.activities.dialog import ActivityDialog
from tests.services.claim_builders import World, build_world
from tests.ui.keyboard import replace_text, type_text

D = Decimal
DAY = date(2025, 3, 10)


def open_dialog(qtbot: QtBot, db: Database, draft: ActivityDraft) -> ActivityDialog:
    dialog = ActivityDialog(db, draft, antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def new_visit(qtbot: QtBot, db: Database, w: World) -> ActivityDialog:
    draft = ActivityDraft(kind=ActivityKind.VISIT, antenna_id=w.antenna, date=DAY)
    dialog = open_dialog(qtbot, db, draft)
    type_text(dialog.volunteers.search, "Alice Bérard")
    qtbot.keyClick(dialog.volunteers.search, Qt.Key.Key_Return)
    dialog.requester.setCurrentIndex(1)
    type_text(dialog.reference, "V-2025-014")
    return dialog


def saved_lines(db: Database) -> list[tuple[ExpenseKind, int, date, Decimal | None]]:
    with db.session() as s:
        return [
            (line.kind, line.volunteer_id, line.date, line.km or line.amount)
            for line in s.scalars(
                select(ExpenseLine).where(ExpenseLine.deleted_at.is_(None)).order_by(ExpenseLine.id)
            )
        ]


def test_typed_french_amounts_are_saved_with_the_activity(qtbot: QtBot, db: Database) -> None:
    w = build_world(db)
    dialog = new_visit(qtbot, db, w)
    fields = dialog.expenses.fields
    assert dialog.expenses.title() == "Frais engagés (premier bénévole)"
    assert dialog.expenses.owner.text() == "Au nom de Alice Bérard"
    type_text(fields[ExpenseKind.MILEAGE], "42 km")
    type_text(fields[ExpenseKind.PARKING], "3,20 €")
    type_text(fields[ExpenseKind.MEAL], "1 234,5")
    assert "barème" in dialog.expenses.mileage_amount.text()
    assert dialog.save_button.isEnabled(), dialog.problems.text()

    qtbot.keyClick(fields[ExpenseKind.MEAL], Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == ActivityDialog.DialogCode.Accepted
    assert saved_lines(db) == [
        (ExpenseKind.MILEAGE, w.alice, DAY, D("42.0")),
        (ExpenseKind.PARKING, w.alice, DAY, D("3.20")),
        (ExpenseKind.MEAL, w.alice, DAY, D("1234.50")),
    ]


def test_bad_values_are_explained_as_you_type(qtbot: QtBot, db: Database) -> None:
    w = build_world(db)
    dialog = new_visit(qtbot, db, w)
    toll = dialog.expenses.fields[ExpenseKind.TOLL]
    type_text(toll, "-4,50")
    assert "Péage : un montant ne peut pas être négatif." in dialog.problems.text()
    assert not dialog.save_button.isEnabled()
    replace_text(toll, "4,5,0")
    assert "Péage : « 4,5,0 » n'est pas un montant." in dialog.problems.text()
    replace_text(toll, "9" * 40)  # absurdly long: explained, no crash
    assert "montant trop élevé" in dialog.problems.text()
    replace_text(toll, "12000")
    replace_text(dialog.expenses.fields[ExpenseKind.MILEAGE], "42,25")
    type_text(dialog.expenses.fields[ExpenseKind.PARKING], "trois")
    assert dialog.problems.text().splitlines() == [  # in the order of the fields
        "• Kilomètres : au dixième de kilomètre près (ex. 42,5).",
        "• Péage : montant trop élevé (au plus 10\u202f000,00\u00a0€ par dépense).",
        "• Stationnement : « trois » n'est pas un montant.",
    ]
    replace_text(dialog.expenses.fields[ExpenseKind.PARKING], "0")
    replace_text(dialog.expenses.fields[ExpenseKind.MILEAGE], "0")  # zero: no line
    replace_text(toll, "4,50")
    assert dialog.save_button.isEnabled(), dialog.problems.text()
    dialog.save()
    assert saved_lines(db) == [(ExpenseKind.TOLL, w.alice, DAY, D("4.50"))]


def test_editing_shows_saved_values_and_clearing_removes_the_line(
    qtbot: QtBot, db: Database
) -> None:
    w = build_world(db)
    dialog = new_visit(qtbot, db, w)
    type_text(dialog.expenses.fields[ExpenseKind.MILEAGE], "42,5")
    type_text(dialog.expenses.fields[ExpenseKind.TRANSPORT], "2,10")
    dialog.save()
    assert dialog.saved_id is not None

    again = open_dialog(qtbot, db, activities.load_activity(db, dialog.saved_id))
    fields = again.expenses.fields
    assert fields[ExpenseKind.MILEAGE].text() == "42,5"
    assert fields[ExpenseKind.TRANSPORT].text() == "2,10"
    assert not fields[ExpenseKind.MILEAGE].isReadOnly()
    fields[ExpenseKind.TRANSPORT].selectAll()
    qtbot.keyClick(fields[ExpenseKind.TRANSPORT], Qt.Key.Key_Backspace)
    again.save()
    assert saved_lines(db) == [(ExpenseKind.MILEAGE, w.alice, DAY, D("42.5"))]


def approved_activity(qtbot: QtBot, db: Database, w: World) -> int:
    dialog = new_visit(qtbot, db, w)
    type_text(dialog.expenses.fields[ExpenseKind.MILEAGE], "100")
    dialog.save()
    claims.prepare_month(db, 2025, 3, w.antenna)
    with db.session() as s:
        claim_id = s.scalar(select(ExpenseClaim.id))
    for action in (ClaimAction.SUBMIT, ClaimAction.APPROVE):
        claims.apply_action(db, claim_id, action, today=date(2025, 4, 2))
    assert dialog.saved_id is not None
    return dialog.saved_id


def test_locked_claim_makes_the_fields_read_only_with_the_reason(
    qtbot: QtBot, db: Database
) -> None:
    w = build_world(db)
    activity_id = approved_activity(qtbot, db, w)
    dialog = open_dialog(qtbot, db, activities.load_activity(db, activity_id))
    mileage = dialog.expenses.fields[ExpenseKind.MILEAGE]
    assert mileage.isReadOnly() and mileage.text() == "100"
    assert "NF-2025-0001 (approuvée)" in dialog.expenses.lock_label.text()
    assert dialog.expenses.lock_label.isVisible()
    assert dialog.expenses.mileage_amount.text() == "soit 52,90\u00a0€ (note NF-2025-0001)"
    type_text(mileage, "5")  # read-only: typing changes nothing
    assert mileage.text() == "100"

    # The rest of the activity is still editable, and a new parking ticket can be added.
    replace_text(dialog.place, "Clinique du Parc")
    type_text(dialog.expenses.fields[ExpenseKind.PARKING], "2,40")
    assert dialog.save_button.isEnabled(), dialog.problems.text()
    dialog.save()
    assert dialog.result() == ActivityDialog.DialogCode.Accepted
    assert saved_lines(db) == [
        (ExpenseKind.MILEAGE, w.alice, DAY, D("100.0")),
        (ExpenseKind.PARKING, w.alice, DAY, D("2.40")),
    ]


def test_first_volunteer_cannot_change_while_a_claim_is_locked(qtbot: QtBot, db: Database) -> None:
    w = build_world(db)
    activity_id = approved_activity(qtbot, db, w)
    dialog = open_dialog(qtbot, db, activities.load_activity(db, activity_id))
    dialog.volunteers.chosen.setCurrentRow(0)
    dialog.volunteers.remove_selected()
    dialog.volunteers.add_volunteer(w.bruno)
    assert dialog.expenses.owner.text() == "Au nom de Bruno Élie"
    assert "gardez ce bénévole en premier" in dialog.problems.text()
    assert not dialog.save_button.isEnabled()


def test_a_line_leaving_a_draft_claim_is_announced(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = build_world(db)
    dialog = new_visit(qtbot, db, w)
    type_text(dialog.expenses.fields[ExpenseKind.TOLL], "6,80")
    dialog.save()
    claims.prepare_month(db, 2025, 3, w.antenna)
    assert dialog.saved_id is not None
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    edit = open_dialog(qtbot, db, activities.load_activity(db, dialog.saved_id))
    edit.date.set_value(date(2024, 12, 20))
    edit.save()
    assert edit.result() == ActivityDialog.DialogCode.Accepted
    assert len(shown) == 1 and "NF-2025-0001" in shown[0]
    assert saved_lines(db) == [(ExpenseKind.TOLL, w.alice, date(2024, 12, 20), D("6.80"))]
