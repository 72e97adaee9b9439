"""Expense lines outside the claim editor, and the scale settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from pea_desktop.domain.claims import ClaimAction
from pea_desktop.domain.enums import ExpenseKind, VehicleKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.mileage import official_scales
from pea_desktop.services.claims import expenses, scales
from pea_desktop.services.claims import workflow as claims
from pea_desktop.services.claims.expenses import ExpenseDraft
from pea_desktop.services.claims.views import list_claims, load_claim
from pea_desktop.store.database import Database
from pea_desktop.store.models import ExpenseLine
from tests.services.claim_builders import D, add_line, build_world


def test_expense_validation_names_the_field() -> None:
    mileage = ExpenseDraft(1, date(2025, 3, 1), ExpenseKind.MILEAGE, km=None)
    assert expenses.validate_expense(mileage, "ligne 2") == [
        "ligne 2, colonne km : indiquez la distance parcourue.",
        "ligne 2, colonne trajet : indiquez le départ et l'arrivée.",
    ]
    far = ExpenseDraft(1, date(2025, 3, 1), ExpenseKind.MILEAGE, km=D("9000"), activity_id=3)
    assert expenses.validate_expense(far) == ["colonne km : 9000 km en un trajet, est-ce exact ?"]
    other = ExpenseDraft(1, date(2025, 3, 1), ExpenseKind.OTHER, amount=D("-2"))
    assert len(expenses.validate_expense(other)) == 2
    ok = ExpenseDraft(1, date(2025, 3, 1), ExpenseKind.MEAL, amount=D("12.5"))
    assert expenses.validate_expense(ok) == []


def test_lines_are_valued_only_on_a_claim_and_deleted_to_the_bin(db: Database) -> None:
    w = build_world(db)
    draft = ExpenseDraft(w.alice, date(2025, 3, 4), ExpenseKind.MILEAGE, D("100"), None, "A", "B")
    line_id = expenses.save_expense(db, draft)
    with db.session() as s:
        assert s.get(ExpenseLine, line_id).amount is None  # unclaimed: distance only
    listed = expenses.unclaimed_lines(db, date(2025, 3, 1), date(2025, 3, 31), w.antenna)
    assert [(u.id, u.volunteer_name, u.km) for u in listed] == [(line_id, "Alice Bérard", D("100"))]
    claims.prepare_month(db, 2025, 3)
    claim_id = list_claims(db, w.antenna)[0].id
    assert load_claim(db, claim_id).total == D("52.90")
    second = ExpenseDraft(w.alice, date(2025, 3, 2), ExpenseKind.MILEAGE, D("50"), None, "A", "B")
    expenses.save_expense(db, second, claim_id=claim_id)
    # The earlier trip now comes first: S(50) = 26,45 ; S(150) − S(50) = 52,90
    assert [line.amount for line in load_claim(db, claim_id).lines] == [D("26.45"), D("52.90")]
    expenses.delete_expense(db, line_id)
    with db.session() as s:
        deleted = s.get(ExpenseLine, line_id)
        assert deleted.deleted_at is not None and deleted.claim_id is None
    assert load_claim(db, claim_id).total == D("26.45")
    assert expenses.unclaimed_lines(db, date(2025, 3, 1), date(2025, 3, 31)) == []


def test_prepare_adds_a_new_claim_when_the_month_was_already_submitted(db: Database) -> None:
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.TOLL, amount="4.00")
    claims.prepare_month(db, 2025, 3)
    first = list_claims(db, w.antenna)[0].id
    claims.apply_action(db, first, ClaimAction.SUBMIT, actor="Marie")
    add_line(db, w.alice, date(2025, 3, 30), ExpenseKind.TOLL, amount="6.00")
    report = claims.prepare_month(db, 2025, 3)
    assert report.created == ["NF-2025-0002"] and report.completed == []
    assert load_claim(db, first).total == D("4.00")


def test_scale_settings_are_checked_and_saved_all_or_nothing(db: Database) -> None:
    official = official_scales()[2025]
    assert scales.list_scales(db) == official_scales()  # shipped by the migration
    scale_2026 = replace(official, year=2026, electric_bonus=Decimal("0.25"))
    scales.save_scale(db, scale_2026, "Barème 2026 (JO du …)")
    assert scales.list_scales(db)[2026] == scale_2026
    assert scales.scale_source(db, 2026).startswith("Barème 2026")

    broken = replace(official, year=2027, rows=official.rows[:-1])  # no moped line
    with pytest.raises(BadInputError) as error:
        scales.save_scale(db, broken)
    assert any("Cyclomoteur" in p for p in error.value.problems)
    bad_rates = [scales.OwnRate(VehicleKind.CAR, date(2025, 1, 1), Decimal("35"))]
    with pytest.raises(BadInputError):
        scales.save_mileage_settings(db, replace(official, year=2027), "", bad_rates)
    assert 2027 not in scales.list_scales(db)  # nothing written

    for year in (2022, 2023, 2024, 2025, 2026):
        if year != 2026:
            scales.delete_scale(db, year)
    with pytest.raises(BadInputError, match="dernier barème"):
        scales.delete_scale(db, 2026)
    assert list(scales.list_scales(db)) == [2026]
