"""The Claims view and the claim editor driven like a coordinator would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from pea_desktop.domain.claims import ClaimAction, ClaimStatus
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.services.claims.views import load_claim
from pea_desktop.store.database import Database
from pea_desktop.ui.claims.editor import ClaimEditorDialog
from pea_desktop.ui.claims.lines_table import AMOUNT, FROM, KIND, KM, TO
from pea_desktop.ui.claims.scale_settings_dialog import RATE, ScaleSettingsDialog
from pea_desktop.ui.claims.view import ClaimsView
from pea_desktop.ui.context import AppContext
from tests.reports.pdf_helpers import pdf_text
from tests.services.claim_builders import add_line, build_world
from tests.ui.keyboard import replace_text, type_text


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box is answered "Yes"/"OK" and recorded."""
    said: list[str] = []

    def record(answer: Any):  # type: ignore[no-untyped-def]
        def box(_parent: Any, title: str, text: str, *args: Any) -> Any:
            said.append(f"{title} | {text}")
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "question", record(QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", record(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "warning", record(QMessageBox.StandardButton.Ok))
    return said


def make_view(qtbot, context: AppContext, month: int = 3) -> ClaimsView:  # type: ignore[no-untyped-def]
    view = ClaimsView(context)
    qtbot.addWidget(view)
    view.year.setValue(2025)
    view.month.setCurrentIndex(view.month.findData(month))
    view.show()
    return view


def test_prepare_then_filter_by_antenna_and_status(qtbot, db: Database, context, answers) -> None:  # type: ignore[no-untyped-def]
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), km="100")
    add_line(db, w.bruno, date(2025, 3, 5), ExpenseKind.MEAL, amount="12.00")
    add_line(db, w.chloe, date(2025, 3, 6), ExpenseKind.TOLL, amount="7.10")
    view = make_view(qtbot, context)
    assert view.model.rowCount() == 0
    view.prepare_button.click()
    assert "3 notes de frais créées" in answers[-1]
    assert view.model.rowCount() == 3
    assert "3 notes · 72,00\u00a0€ en remboursement" in view.summary.text()  # 52,90+12+7,10

    context.set_antenna(w.antenna)  # Lyon only
    assert [view.model.row_at(r).volunteer_name for r in range(2)] == ["Alice Bérard", "Bruno Élie"]
    assert view.model.rowCount() == 2
    view.status.setCurrentIndex(view.status.findText("Soumise"))
    assert view.model.rowCount() == 0
    view.status.setCurrentIndex(view.status.findText("À traiter (brouillon, soumise)"))
    assert view.model.rowCount() == 2
    view.month.setCurrentIndex(view.month.findData(4))
    assert view.model.rowCount() == 0 and view.prepare_button.isEnabled()


def test_editor_totals_follow_typing_and_save(qtbot, db: Database, context, answers) -> None:  # type: ignore[no-untyped-def]
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), km="100")
    view = make_view(qtbot, context)
    view.prepare_button.click()
    claim_id = view.model.row_at(0).id
    editor = ClaimEditorDialog(context, claim_id)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.total.text() == "Total : 52,90\u00a0€"

    replace_text(_editor_item(editor, 0, KM), "200")
    qtbot.waitUntil(lambda: editor.total.text() == "Total : 105,80\u00a0€")  # S(200) on the scale
    assert editor.lines.item(0, AMOUNT).text() == "105,80\u00a0€"

    editor.add_button.click()
    editor.lines.cellWidget(1, KIND).set_value(ExpenseKind.MEAL)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "colonne montant" in editor.problems.text())
    assert not editor.save_button.isEnabled()
    editor.lines.item(1, AMOUNT).setText("12,50")
    qtbot.waitUntil(lambda: editor.total.text() == "Total : 118,30\u00a0€")
    assert editor.save_button.isEnabled()
    editor.waive.setChecked(True)
    type_text(editor.notes, "Trajets réguliers")
    editor.save_button.click()
    saved = load_claim(db, claim_id)
    assert saved.total == Decimal("118.30") and saved.waiver and saved.notes == "Trajets réguliers"
    assert [line.kind for line in saved.lines] == [ExpenseKind.MILEAGE, ExpenseKind.MEAL]
    assert not editor.dirty


def _editor_item(editor: ClaimEditorDialog, row: int, column: int):  # type: ignore[no-untyped-def]
    """An editor on a table cell, so that typing goes through the user's path."""
    editor.lines.setCurrentCell(row, column)
    editor.lines.editItem(editor.lines.item(row, column))
    return editor.lines.focusWidget()


def test_workflow_buttons_confirm_and_lock(
    qtbot, db: Database, context, answers, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.TOLL, amount="9.40")
    view = make_view(qtbot, context)
    view.prepare_button.click()
    editor = ClaimEditorDialog(context, view.model.row_at(0).id)
    qtbot.addWidget(editor)
    editor.show()
    assert list(editor.action_buttons) == [ClaimAction.SUBMIT]
    editor.action_buttons[ClaimAction.SUBMIT].click()
    assert "Soumettre la note NF-2025-0001" in answers[-1]
    assert editor.detail.status is ClaimStatus.SUBMITTED
    assert not editor.add_button.isEnabled() and not editor.save_button.isVisible()

    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Ticket manquant", True))
    editor.action_buttons[ClaimAction.REFUSE].click()
    assert editor.detail.status is ClaimStatus.REFUSED
    assert "Motif du refus : Ticket manquant" in editor.warnings.text()
    editor.action_buttons[ClaimAction.REOPEN].click()
    editor.action_buttons[ClaimAction.SUBMIT].click()
    editor.action_buttons[ClaimAction.APPROVE].click()
    assert editor.detail.status is ClaimStatus.APPROVED and editor.detail.locked
    assert "(verrouillée)" in editor.header.text()
    assert list(editor.action_buttons) == [ClaimAction.PAY]
    assert not editor.lines.cellWidget(0, KIND).isEnabled()
    assert "Approuvée (" in editor.history.text()


def test_declining_the_confirmation_changes_nothing(
    qtbot, db: Database, context, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), km="10", trip_from="Lyon", trip_to="Bron")
    from pea_desktop.services.claims import workflow as claims

    claims.prepare_month(db, 2025, 3)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    view = make_view(qtbot, context)
    editor = ClaimEditorDialog(context, view.model.row_at(0).id)
    qtbot.addWidget(editor)
    editor.action_buttons[ClaimAction.SUBMIT].click()
    assert load_claim(db, editor.claim_id).status is ClaimStatus.DRAFT
    assert editor.lines.text(0, FROM) == "Lyon" and editor.lines.text(0, TO) == "Bron"


def test_month_pdf_is_written_off_the_gui_thread(
    qtbot, db: Database, context, answers, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), km="100")
    view = make_view(qtbot, context)
    view.prepare_button.click()
    target = tmp_path / "mars"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.pdf_button.click()
    qtbot.waitUntil(lambda: any("PDF enregistré" in a for a in answers), timeout=20000)
    text = pdf_text(target.with_suffix(".pdf").read_bytes())
    assert "Bordereau de remboursement" in text and "NF-2025-0001" in text and "52,90" in text


def test_scale_settings_dialog_saves_a_new_year_and_own_rates(qtbot, db: Database, answers) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.services.claims import scales

    dialog = ScaleSettingsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.year.currentData() == 2025 and dialog.bands.rowCount() == 27
    assert dialog.bands.item(0, RATE).text() == "0,529"
    dialog.bands.item(0, RATE).setText("0,600")
    dialog._add_rate(None)
    dialog.rates.item(0, 2).setText("0,35")
    dialog.save()
    assert dialog.result() == ScaleSettingsDialog.DialogCode.Accepted
    saved = scales.list_scales(db)[2025]
    assert saved.rows[0].bands[0].rate == Decimal("0.6")
    assert scales.list_scales(db)[2024].rows[0].bands[0].rate == Decimal("0.529")
    assert [r.rate for r in scales.list_own_rates(db)] == [Decimal("0.35")]

    broken = ScaleSettingsDialog(db)
    qtbot.addWidget(broken)
    broken.bands.item(3, RATE).setText("abc")
    broken.save()
    assert "ligne 4, colonne taux" in answers[-1]
    assert broken.result() != ScaleSettingsDialog.DialogCode.Accepted


def test_scale_settings_dialog_fits_the_screen_with_its_buttons_visible(
    qtbot, db: Database
) -> None:  # type: ignore[no-untyped-def]
    """1366 × 768 at 125 % leaves about 614 px: the tables scroll, the buttons stay (issue 11)."""
    dialog = ScaleSettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    free = dialog.screen().availableGeometry()
    print(
        f"écran libre {free.width()}×{free.height()}, dialogue {dialog.width()}×{dialog.height()}"
    )
    assert dialog.height() <= min(free.height(), 614) and dialog.width() <= free.width()
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    corner = save.mapTo(dialog, save.rect().bottomRight())
    assert save.isVisible() and dialog.rect().contains(corner)
    assert dialog.fields_area.verticalScrollBar().maximum() > 0  # the rest scrolls
