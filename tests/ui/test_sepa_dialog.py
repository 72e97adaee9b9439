"""« Virements SEPA… » in the claims tab: approved claims listed (IBANs masked), the pain.001
file written, then the batch confirmed (claims paid) or cancelled (claims free again)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sepaxml import validation

from pea_desktop.domain.claims import ClaimStatus, PaymentMethod
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.services import association
from pea_desktop.services.claims import workflow
from pea_desktop.services.claims.views import load_claim
from pea_desktop.services.organisation import volunteers
from pea_desktop.store.database import Database
from pea_desktop.ui.claims import view as claims_view
from pea_desktop.ui.claims.sepa_dialog import SepaDialog
from pea_desktop.ui.claims.view import ClaimsView
from tests.services.claim_builders import add_line, build_world

SCHEMA = Path(validation.__file__).parent / "schemas" / "pain.001.001.03.xsd"
ALICE_IBAN = "FR7630006000011234567890189"


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []

    def box(answer: Any):  # type: ignore[no-untyped-def]
        def record(_parent: Any, _title: str, text: str, *args: Any) -> Any:
            said.append(text)
            return answer

        return record

    monkeypatch.setattr(QMessageBox, "question", box(QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", box(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "warning", box(QMessageBox.StandardButton.Ok))
    return said


def _month_approved(db: Database) -> dict[str, int]:
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), km="100")
    add_line(db, w.bruno, date(2025, 3, 5), ExpenseKind.MEAL, amount="12.00")
    association.save_association(
        db,
        replace(
            association.load_association(db), iban="FR1420041010050500013M02606", bic="PSSTFRPPXXX"
        ),
    )
    alice = volunteers.load_volunteer(db, w.alice)
    volunteers.save_volunteer(db, replace(alice, iban=ALICE_IBAN, bic="AGRIFRPPXXX"))
    workflow.prepare_month(db, 2025, 3)
    ids = workflow.claims_of_month(db, 2025, 3)
    workflow.approve_claims(db, ids)
    return {load_claim(db, i).volunteer_name: i for i in ids}


def _cells(table: Any) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_write_confirm_and_cancel(
    qtbot, db: Database, context, answers: list[str], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    claims = _month_approved(db)
    dialog = SepaDialog(context, 2025, 3)
    qtbot.addWidget(dialog)
    rows = _cells(dialog.to_pay)
    assert len(rows) == 1 and rows[0][1] == "Alice Bérard"
    assert rows[0][2] == "FR76 •••• •••• •••• •••• •••0 189"  # masked
    assert rows[0][3] == "52,90\u00a0€"
    assert (
        "Bruno Élie" in dialog.left_out.text() and "IBAN ou BIC inconnu" in dialog.left_out.text()
    )
    assert not dialog.confirm_button.isEnabled()

    target = tmp_path / "virement"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.write_button.click()
    written = target.with_suffix(".xml")
    xmlschema.XMLSchema(str(SCHEMA)).validate(str(written))
    assert ALICE_IBAN in written.read_text("utf-8") and "52.90" in written.read_text("utf-8")
    assert "Transmettez-le à la banque" in answers[-1]
    assert dialog.to_pay.rowCount() == 0 and not dialog.write_button.isEnabled()  # pending
    assert "déjà dans un virement en attente" in dialog.left_out.text()
    assert _cells(dialog.batches_table)[0][1:] == [
        "mars 2025",
        "1",
        "52,90\u00a0€",
        "en attente de confirmation",
    ]
    assert load_claim(db, claims["Alice Bérard"]).status is ClaimStatus.APPROVED

    dialog.batches_table.selectRow(0)
    assert dialog.cancel_button.isEnabled()
    dialog.cancel_button.click()  # the bank refused it: the claim can go in another file
    assert "Annuler le virement de mars 2025" in answers[-1]
    assert _cells(dialog.batches_table)[0][4] == "annulé"
    assert dialog.to_pay.rowCount() == 1 and dialog.write_button.isEnabled()

    dialog.write_button.click()
    dialog.batches_table.selectRow(0)  # newest first
    dialog.confirm_button.click()
    assert "1 note marquée payée" in answers[-1]
    claim = load_claim(db, claims["Alice Bérard"])
    assert claim.status is ClaimStatus.PAID and claim.payment_method is PaymentMethod.TRANSFER
    assert _cells(dialog.batches_table)[0][4].startswith("confirmé le ")
    assert not dialog.confirm_button.isEnabled()  # selection gone or no longer pending
    assert load_claim(db, claims["Bruno Élie"]).status is ClaimStatus.APPROVED


def test_without_the_association_account_nothing_is_written(
    qtbot, db: Database, context, answers: list[str], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _month_approved(db)
    association.save_association(db, replace(association.load_association(db), iban="", bic=""))
    dialog = SepaDialog(context, 2025, 3)
    qtbot.addWidget(dialog)
    target = tmp_path / "virement.xml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.write_button.click()
    assert "indiquez l'IBAN et le BIC du compte de l'association" in answers[-1]
    assert not target.exists() and dialog.batches_table.rowCount() == 0


def test_button_in_the_claims_tab_needs_a_month(qtbot, db: Database, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _month_approved(db)
    opened: list[tuple[int, int]] = []
    monkeypatch.setattr(
        claims_view.SepaDialog, "exec", lambda self: opened.append((self.year, self.month)) or 0
    )
    view = ClaimsView(context)
    qtbot.addWidget(view)
    view.year.setValue(2025)
    view.month.setCurrentIndex(view.month.findData(3))
    view.show()
    view.sepa_button.click()
    assert opened == [(2025, 3)]
    view.month.setCurrentIndex(0)  # the whole year: one file is one month
    assert not view.sepa_button.isEnabled()
