"""A one-person antenna approves a draft directly (Paramètres), the history keeping both steps."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from pea_desktop.domain.claims import ClaimAction, ClaimStatus
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.services.claims import workflow
from pea_desktop.services.claims.views import list_claims, load_claim
from pea_desktop.services.organisation.antennas import list_antennas, save_antenna
from pea_desktop.store.database import Database
from pea_desktop.ui.claims.editor import ClaimEditorDialog
from pea_desktop.ui.organisation.settings_dialogs import AntennaDialog
from tests.services.claim_builders import World, add_line, build_world


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question is answered "Yes" and recorded."""
    said: list[str] = []

    def yes(_parent: Any, title: str, text: str, *args: Any) -> Any:
        said.append(f"{title} | {text}")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    monkeypatch.setattr(QMessageBox, "warning", yes)
    return said


def _draft(db: Database) -> tuple[World, int]:
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.TOLL, amount="9.40")
    workflow.prepare_month(db, 2025, 3)
    (claim,) = list_claims(db, w.antenna, None, 2025, 3)
    return w, claim.id


def _set_direct_approval(qtbot, db: Database, antenna_id: int, checked: bool) -> None:  # type: ignore[no-untyped-def]
    """Through the Paramètres antenna dialog, the only place that sets it."""
    (antenna,) = [a for a in list_antennas(db) if a.id == antenna_id]
    dialog = AntennaDialog(db, antenna=antenna)
    qtbot.addWidget(dialog)
    assert not dialog.form.direct_approval.isChecked()
    dialog.form.direct_approval.setChecked(checked)
    dialog.save()
    assert dialog.result() == AntennaDialog.DialogCode.Accepted


def test_direct_approval_is_kept_by_the_antenna_dialog(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    w = build_world(db)
    _set_direct_approval(qtbot, db, w.antenna, True)
    (antenna,) = [a for a in list_antennas(db) if a.id == w.antenna]
    assert antenna.direct_approval
    # Saving the antenna elsewhere (code, name) leaves the setting as it is.
    save_antenna(db, antenna.code, "Lyon centre", antenna.department, antenna.id)
    assert next(a for a in list_antennas(db) if a.id == w.antenna).direct_approval
    assert not next(a for a in list_antennas(db) if a.id == w.other_antenna).direct_approval


def test_service_records_submitted_then_approved_with_who_and_when(db: Database) -> None:
    _w, claim_id = _draft(db)
    workflow.approve_claims(db, [claim_id], actor="Hélène Faure", today=date(2025, 4, 2))
    detail = load_claim(db, claim_id)
    assert detail.status is ClaimStatus.APPROVED
    steps = [(h.source, h.target, h.by) for h in detail.history][-2:]
    assert steps == [
        (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, "Hélène Faure"),
        (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, "Hélène Faure"),
    ]
    assert all(h.at is not None for h in detail.history)


def test_the_editor_offers_no_direct_approval_when_unset(qtbot, db: Database, context) -> None:  # type: ignore[no-untyped-def]
    _w, claim_id = _draft(db)
    editor = ClaimEditorDialog(context, claim_id)
    qtbot.addWidget(editor)
    editor.show()
    assert list(editor.action_buttons) == [ClaimAction.SUBMIT]


def test_the_editor_approves_a_draft_directly_when_set(
    qtbot, db: Database, context, answers
) -> None:  # type: ignore[no-untyped-def]
    w, claim_id = _draft(db)
    _set_direct_approval(qtbot, db, w.antenna, True)
    editor = ClaimEditorDialog(context, claim_id)
    qtbot.addWidget(editor)
    editor.show()
    assert list(editor.action_buttons) == [ClaimAction.SUBMIT, ClaimAction.APPROVE]
    assert editor.action_buttons[ClaimAction.APPROVE].text() == "Approuver"
    editor.action_buttons[ClaimAction.APPROVE].click()
    assert len(answers) == 1 and "Approuver la note" in answers[0]  # one confirmation
    assert editor.detail.status is ClaimStatus.APPROVED and editor.detail.locked
    assert [(h.source, h.target) for h in load_claim(db, claim_id).history][-2:] == [
        (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED),
        (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED),
    ]
    assert "Soumise (" in editor.history.text() and "Approuvée (" in editor.history.text()
