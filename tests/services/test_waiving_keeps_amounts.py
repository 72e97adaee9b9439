"""Waiving never changes an amount: the tax receipt equals the claim to the cent, whatever its
shape (band crossing, own rate, electric vehicle, several months of one volunteer's year)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pea_desktop.domain.claims import ClaimAction
from pea_desktop.domain.enums import ExpenseKind, VehicleKind
from pea_desktop.services.claims import workflow
from pea_desktop.services.claims.scales import OwnRate, save_own_rates
from pea_desktop.store.claims_models import TaxReceipt
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.models import ExpenseClaim
from tests.database_template import copy_template
from tests.services.claim_builders import add_line, build_world

D = Decimal
TODAY = date(2025, 12, 15)


def _amounts(db: Database, claim_id: int) -> tuple[list[Decimal | None], Decimal]:
    with db.session() as s:
        claim = s.get(ExpenseClaim, claim_id)
        assert claim is not None
        amounts = [line.amount for line in claim.lines]
        return amounts, sum((a or D(0) for a in amounts), D(0))


def _receipt(db: Database, claim_id: int) -> Decimal:
    with db.session() as s:
        receipt = s.query(TaxReceipt).filter_by(claim_id=claim_id).one()
        return receipt.amount


shapes = st.fixed_dictionaries(
    {
        "volunteer": st.sampled_from(["alice", "bruno", "chloe"]),  # 3 CV, unknown, electric
        "before_km": st.sampled_from(["0", "4950", "4999.9", "19990"]),  # band crossings
        "months": st.lists(
            st.lists(st.decimals("0.1", "300", places=1), min_size=1, max_size=4),
            min_size=1,
            max_size=3,
        ),
        "own_rate": st.sampled_from([None, "0.30", "0.70"]),
        "toll": st.booleans(),
        "approve_first": st.booleans(),  # waived from an approved claim, or from a draft
    }
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shape=shapes)
def test_receipt_equals_the_claim_to_the_cent(
    shape: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> None:
    path = copy_template(migrated_template, tmp_path_factory.mktemp("waive") / "w.sqlite3")
    db = open_database(path)
    try:
        world = build_world(db)
        who = getattr(world, shape["volunteer"])
        if shape["own_rate"]:
            save_own_rates(db, [OwnRate(VehicleKind.CAR, date(2025, 1, 1), D(shape["own_rate"]))])
        # Earlier trips of the year, on an approved claim, push the new ones across a band.
        remaining = D(shape["before_km"])
        day = 1
        while remaining > 0:  # in trips a volunteer may drive (long ones, but plausible)
            trip = min(remaining, D(900))
            add_line(db, who, date(2025, 1 + (day - 1) // 28, (day - 1) % 28 + 1), km=str(trip))
            remaining -= trip
            day += 1
        if D(shape["before_km"]):
            for month in range(1, 3):
                workflow.prepare_month(db, 2025, month)
            earlier = [
                c
                for month in range(1, 3)
                for c in workflow.claims_of_month(db, 2025, month, volunteer_id=who)
            ]
            workflow.approve_claims(db, earlier, today=TODAY)
        claim_ids = []
        for offset, trips in enumerate(shape["months"]):
            month = 3 + offset
            for day, km in enumerate(trips, start=1):
                add_line(db, who, date(2025, month, day), km=str(km))
            if shape["toll"]:
                add_line(db, who, date(2025, month, 28), ExpenseKind.TOLL, amount="3.45")
            workflow.prepare_month(db, 2025, month)
            (claim_id,) = workflow.claims_of_month(db, 2025, month, volunteer_id=who)
            claim_ids.append(claim_id)
        for claim_id in claim_ids:
            if shape["approve_first"]:
                with db.session() as s:
                    found = s.get(ExpenseClaim, claim_id)
                    assert found is not None
                    found.waiver = True
                workflow.approve_claims(db, [claim_id], today=TODAY)
            else:  # submitted for reimbursement, then the volunteer changes their mind
                workflow.apply_action(db, claim_id, ClaimAction.SUBMIT, today=TODAY)
            before, total = _amounts(db, claim_id) if shape["approve_first"] else (None, None)
            workflow.waive_claim(db, claim_id, today=TODAY)
            after, waived_total = _amounts(db, claim_id)
            if before is not None:
                assert after == before, "waiving changed a line"
                assert waived_total == total
            assert _receipt(db, claim_id) == waived_total
    finally:
        db.close()
