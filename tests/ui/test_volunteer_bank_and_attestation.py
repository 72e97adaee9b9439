"""The volunteer dialog's IBAN and BIC (checked, masked unless edited) and the volunteers tab's
"Attestation de bénévolat…" button."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from pea_desktop.services import association
from pea_desktop.services.organisation import antennas, volunteers
from pea_desktop.store.database import Database
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.organisation.volunteer_dialog import VolunteerDialog
from pea_desktop.ui.organisation.volunteer_view import VolunteerView
from tests import factories
from tests.reports.pdf_helpers import pdf_text
from tests.ui.keyboard import replace_text, type_text

IBAN = "FR7630006000011234567890189"
MASKED = "FR76 •••• •••• •••• •••• •••0 189"


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a: said.append(text))
    return said


def _dialog(qtbot, db: Database, volunteer_id: int) -> VolunteerDialog:  # type: ignore[no-untyped-def]
    draft = volunteers.load_volunteer(db, volunteer_id)
    dialog = VolunteerDialog(db, draft, antennas.list_antennas(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_iban_typed_checked_saved_and_masked(qtbot, db: Database, lyon) -> None:  # type: ignore[no-untyped-def]
    alice = factories.volunteer(db, lyon.id, "Alice", "Bérard")
    dialog = _dialog(qtbot, db, alice)
    form = dialog.form
    type_text(form.iban, "FR76 3000 6000 0112 3456 7890 188")  # wrong key
    assert "n'est pas un IBAN valable" in dialog.problems.text()
    assert IBAN not in dialog.problems.text()  # the number is never repeated in full
    assert not dialog.save_button.isEnabled()
    replace_text(form.iban, "FR76 3000 6000 0112 3456 7890 189")
    assert dialog.save_button.isEnabled(), dialog.problems.text()  # BIC found from the IBAN
    form.bic.setFocus()
    assert form.iban.text() == MASKED  # not being edited: masked
    type_text(form.bic, "AGRIFRPP")
    dialog.save_button.click()
    saved = volunteers.load_volunteer(db, alice)
    assert (saved.iban, saved.bic) == (IBAN, "AGRIFRPP")

    again = _dialog(qtbot, db, alice)
    again.form.first_name.setFocus()
    assert again.form.iban.text() == MASKED and again.form.bic.text() == "AGRIFRPP"
    again.form.iban.setFocus()
    assert again.form.iban.text() == IBAN  # shown in full only while edited
    again.form.first_name.setFocus()
    replace_text(again.form.phone, "0601020304")
    again.save_button.click()  # a change elsewhere keeps the account
    assert volunteers.load_volunteer(db, alice).iban == IBAN

    third = _dialog(qtbot, db, alice)
    for edit in (third.form.iban, third.form.bic):  # emptied by the keyboard
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert third.save_button.isEnabled()
    third.save_button.click()  # both emptied: no bank account any more
    assert volunteers.load_volunteer(db, alice).iban == ""


def test_attestation_button_writes_the_pdf_of_the_chosen_volunteer_and_year(
    qtbot, db: Database, lyon, tmp_path: Path, messages: list[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    association.save_association(
        db, replace(association.load_association(db), name="PEA Rhône", city="Lyon")
    )
    alice = factories.volunteer(db, lyon.id, "Alice", "Bérard")
    factories.group(db, lyon.id, [alice], date=date(2025, 3, 4))
    context = AppContext(db)
    view = VolunteerView(context, QUndoStack())
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    view.attestation_button.click()
    assert messages[-1] == "Choisissez d'abord un bénévole dans la liste."

    row = next(i for i in range(view.model.rowCount()) if view.model.row_at(i).id == alice)
    view.table.selectRow(row)
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (2025, True))
    target = tmp_path / "attestation"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # A&ttestation
    qtbot.waitUntil(lambda: any("PDF" in m for m in messages), timeout=20000)
    assert any("PDF enregistré" in m for m in messages), messages
    text = pdf_text(target.with_suffix(".pdf").read_bytes())
    assert "Attestation de bénévolat 2025" in text and "Alice Bérard" in text
    assert "PEA Rhône" in text
