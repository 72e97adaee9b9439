"""A volunteer's laptop shows their claims as the coordinator sent them back (real bases)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from pea_desktop.domain.claims import ClaimAction, PaymentMethod
from pea_desktop.services.claims.workflow import Payment, apply_action, prepare_month
from pea_desktop.services.exchange import claim_states
from pea_desktop.store.models import ExpenseClaim
from pea_desktop.ui.claims.view import ClaimsView
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.exchange.claim_states_dialog import ClaimStatesDialog
from tests.services.exchange import world
from tests.services.exchange.world import Laptop


@pytest.fixture
def pair(tmp_path: Path, migrated_template: Path) -> Iterator[tuple[Laptop, Laptop]]:
    coord = world.coordinator(tmp_path, migrated_template)
    alice = world.join(coord, tmp_path, migrated_template, "Alice Bérard")
    yield coord, alice
    alice.db.close()
    coord.db.close()


def claim_of_month(coord: Laptop, month: int) -> int:
    prepare_month(coord.db, 2026, month)
    with coord.db.session() as s:
        return s.scalars(
            select(ExpenseClaim.id).where(ExpenseClaim.period_start == date(2026, month, 1))
        ).one()


def test_the_volunteer_sees_approved_refused_then_paid_claims(qtbot, pair, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    coord, alice = pair
    world.log_group(alice, "Alice", place="Salle", km="40", meal="14.50")
    world.log_group(alice, "Alice", day=date(2026, 4, 9), place="CSAPA", km=None, meal="9.00")
    coord.receive(alice.send())
    march, april = claim_of_month(coord, 3), claim_of_month(coord, 4)
    for claim_id in (march, april):
        apply_action(coord.db, claim_id, ClaimAction.SUBMIT, today=date(2026, 5, 2))
    apply_action(coord.db, march, ClaimAction.APPROVE, today=date(2026, 5, 2))
    apply_action(
        coord.db, april, ClaimAction.REFUSE, reason="Ticket illisible", today=date(2026, 5, 2)
    )
    with coord.db.session() as s:
        march_claim = s.get(ExpenseClaim, march)
        assert march_claim is not None
        march_number = march_claim.number
        march_total = sum(line.amount or 0 for line in march_claim.lines)

    assert claim_states.shows_claim_states(alice.db)
    assert not claim_states.shows_claim_states(coord.db)
    assert claim_states.my_claims(alice.db) == []
    empty = ClaimStatesDialog(alice.db)
    qtbot.addWidget(empty)
    assert empty.table.rowCount() == 0 and "n'a encore envoyé" in empty.intro.text()

    alice.receive(coord.send("Alice Bérard"))
    rows = claim_states.my_claims(alice.db)
    assert [r.status_text for r in rows] == ["refusée : Ticket illisible", "approuvée"]
    assert rows[1].number == march_number and rows[1].amount == march_total

    # Reached from the Notes de frais tab, which shows the button only on a volunteer's laptop.
    view = ClaimsView(AppContext(alice.db))
    qtbot.addWidget(view)
    view.refresh()
    assert not view.states_button.isHidden()
    opened: list[ClaimStatesDialog] = []
    monkeypatch.setattr(ClaimStatesDialog, "exec", lambda self: opened.append(self) or 0)
    qtbot.mouseClick(view.states_button, Qt.MouseButton.LeftButton)
    dialog = opened[0]
    assert dialog.windowTitle() == "Mes notes de frais (état chez la coordination)"
    assert dialog.table.rowCount() == 2
    assert [dialog.cell(0, c) for c in (1, 2, 4)] == [
        "avril 2026",
        "refusée : Ticket illisible",
        "",
    ]
    assert dialog.cell(1, 0) == march_number and dialog.cell(1, 2) == "approuvée"
    assert dialog.cell(1, 3).replace("\u202f", " ").endswith("€")

    coord_view = ClaimsView(AppContext(coord.db))
    qtbot.addWidget(coord_view)
    coord_view.refresh()
    assert coord_view.states_button.isHidden()

    # Paid on the coordinator's side: the next file brings the payment date.
    payment = Payment(date(2026, 5, 20), PaymentMethod.TRANSFER, "VIR-0520")
    apply_action(coord.db, march, ClaimAction.PAY, payment=payment, today=date(2026, 5, 20))
    alice.receive(coord.send("Alice Bérard"))
    again = ClaimStatesDialog(alice.db)
    qtbot.addWidget(again)
    assert [again.cell(1, c) for c in (0, 2, 4)] == [march_number, "payée", "20/05/2026"]
    assert again.cell(0, 2) == "refusée : Ticket illisible"
