"""Preparing claims, valuing their mileage, and the workflow with its locks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from pea_desktop.domain.claims import ClaimAction, ClaimStatus, PaymentMethod
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.mileage import official_scales
from pea_desktop.services.claims import expenses
from pea_desktop.services.claims import workflow as claims
from pea_desktop.services.claims.expenses import ExpenseDraft
from pea_desktop.services.claims.scales import save_scale
from pea_desktop.services.claims.views import list_claims, load_claim
from pea_desktop.store.database import Database
from pea_desktop.store.models import ExpenseClaim, ExpenseLine, Volunteer
from tests.services.claim_builders import D, add_line, build_world

A = ClaimAction
TODAY = date(2025, 6, 30)


def act(db: Database, claim_id: int, action: ClaimAction, **kwargs: object) -> ClaimStatus:
    return claims.apply_action(db, claim_id, action, actor="Marie", today=TODAY, **kwargs)  # type: ignore[arg-type]


def approve(db: Database, claim_id: int) -> None:
    act(db, claim_id, A.SUBMIT)
    act(db, claim_id, A.APPROVE)


def claim_of(db: Database, number: str) -> int:
    with db.session() as s:
        return s.scalar(select(ExpenseClaim.id).where(ExpenseClaim.number == number))


def test_prepare_month_is_idempotent_and_numbers_per_year(db: Database) -> None:
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), km="100")
    add_line(db, w.alice, date(2025, 3, 9), ExpenseKind.TOLL, amount="4.80")
    add_line(db, w.bruno, date(2025, 3, 12), ExpenseKind.MEAL, amount="15.00")
    add_line(db, w.chloe, date(2025, 3, 20), km="40")
    add_line(db, w.alice, date(2025, 4, 1), km="10")  # another month: not taken

    first = claims.prepare_month(db, 2025, 3, w.antenna, actor="Marie")
    assert first.created == ["NF-2025-0001", "NF-2025-0002"]  # Alice Bérard, Bruno Élie
    assert first.lines == 3
    again = claims.prepare_month(db, 2025, 3, w.antenna, actor="Marie")
    assert again.created == [] and again.lines == 0
    assert "Aucune dépense" in again.summary()

    late = add_line(db, w.alice, date(2025, 3, 28), ExpenseKind.PARKING, amount="3.50")
    third = claims.prepare_month(db, 2025, 3, w.antenna)
    assert third.created == [] and third.completed == ["NF-2025-0001"] and third.lines == 1
    with db.session() as s:
        assert s.get(ExpenseLine, late).claim_id == claim_of(db, "NF-2025-0001")

    everyone = claims.prepare_month(db, 2025, 3)  # Chloé's antenna too
    assert everyone.created == ["NF-2025-0003"]
    rows = list_claims(db, w.antenna)
    assert [(r.number, r.volunteer_name, r.total, r.line_count) for r in rows] == [
        ("NF-2025-0001", "Alice Bérard", D("61.20"), 3),  # 52,90 + 4,80 + 3,50
        ("NF-2025-0002", "Bruno Élie", D("15.00"), 1),
    ]
    detail = load_claim(db, rows[0].id)
    assert detail.history[0].by == "Marie" and detail.history[0].target is ClaimStatus.DRAFT
    assert detail.period_label == "mars 2025" and detail.status is ClaimStatus.DRAFT


def test_month_and_antenna_options_are_checked(db: Database) -> None:
    build_world(db)
    assert claims.parse_month("2025-03") == (2025, 3)
    for wrong in ("2025-13", "03/2025", "25-03", ""):
        with pytest.raises(BadInputError, match="--month"):
            claims.parse_month(wrong)
    assert claims.antenna_id_for(db, "lyon") is not None
    with pytest.raises(BadInputError, match="--antenna"):
        claims.antenna_id_for(db, "PARIS")


def test_band_crossing_within_a_month_after_an_approved_month(db: Database) -> None:
    w = build_world(db)
    add_line(db, w.alice, date(2025, 1, 15), km="4800")
    claims.prepare_month(db, 2025, 1)
    january = claim_of(db, "NF-2025-0001")
    approve(db, january)
    add_line(db, w.alice, date(2025, 3, 20), km="80")
    add_line(db, w.alice, date(2025, 3, 3), km="150")
    add_line(db, w.alice, date(2025, 3, 10), km="120")
    claims.prepare_month(db, 2025, 3)
    march = load_claim(db, claim_of(db, "NF-2025-0002"))
    # S(4 800) = 2 539,20 ; S(4 950) = 2 618,55 ; S(5 070) = 2 667,12 ; S(5 150) = 2 692,40
    assert [line.amount for line in march.lines] == [D("79.35"), D("48.57"), D("25.28")]
    assert [line.km_before for line in march.lines] == [D("4800"), D("4950"), D("5070")]
    assert march.lines[1].crosses_band and march.total == D("153.20")
    assert load_claim(db, january).total == D("2539.20")
    assert march.scale_label == "Voiture 3 CV ou moins" and march.scale_year == 2025


def test_year_adds_up_to_scale_even_with_a_late_entry(db: Database) -> None:
    w = build_world(db)
    row = official_scales()[2025].rows[0]  # car, 3 CV or less
    for month, km in ((1, "3000"), (2, "1500"), (3, "900")):
        add_line(db, w.alice, date(2025, month, 10), km=km)
        claims.prepare_month(db, 2025, month)
        approve(db, claim_of(db, f"NF-2025-000{month}"))
    # A February trip typed in April, after February and March were approved and locked.
    add_line(db, w.alice, date(2025, 2, 20), km="700")
    add_line(db, w.alice, date(2025, 4, 2), km="15000")
    claims.prepare_month(db, 2025, 2)
    claims.prepare_month(db, 2025, 4)
    with db.session() as s:
        amounts = s.scalars(select(ExpenseLine.amount)).all()
    total_km = D("3000") + D("1500") + D("900") + D("700") + D("15000")
    assert sum(amounts, D(0)) == row.value(total_km)  # S(21 100) = 7 807,00
    assert row.value(total_km) == D("7807.00")
    locked = [load_claim(db, claim_of(db, f"NF-2025-000{m}")).total for m in (1, 2, 3)]
    assert locked == [D("1587.00"), D("793.50"), D("390.90")]  # unchanged by the late trip


def test_unknown_vehicle_is_paid_at_3cv_and_flagged(db: Database) -> None:
    w = build_world(db)
    add_line(db, w.bruno, date(2025, 5, 2), km="100")
    claims.prepare_month(db, 2025, 5)
    claim = load_claim(db, claim_of(db, "NF-2025-0001"))
    assert claim.flag_reason.startswith("Véhicule inconnu")
    assert claim.lines[0].amount == D("52.90")
    assert list_claims(db, w.antenna)[0].flagged
    # The coordinator completes the vehicle: the draft is valued again, the flag goes.
    with db.session() as s:
        bruno = s.get(Volunteer, w.bruno)
        bruno.vehicle_kind, bruno.fiscal_horsepower = claim.vehicle_kind, 7
    claims.revalue_claim(db, claim.id)
    again = load_claim(db, claim.id)
    assert again.flag_reason == "" and again.lines[0].amount == D("69.70")


def test_electric_car_on_a_claim(db: Database) -> None:
    w = build_world(db)
    add_line(db, w.chloe, date(2025, 2, 2), km="1000")
    claims.prepare_month(db, 2025, 2)
    detail = load_claim(db, claim_of(db, "NF-2025-0001"))
    assert detail.lines[0].amount == D("763.20") and detail.electric  # 1 000 × 0,636 × 1,2


def test_year_without_scale_uses_latest_and_says_so(db: Database) -> None:
    w = build_world(db)
    add_line(db, w.alice, date(2026, 1, 8), km="10")
    claims.prepare_month(db, 2026, 1)
    detail = load_claim(db, claim_of(db, "NF-2026-0001"))
    assert detail.scale_year == 2025 and "barème 2025 appliqué" in detail.scale_notice
    assert detail.lines[0].amount == D("5.29")


def test_workflow_records_who_and_when_and_pays(db: Database) -> None:
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.TOLL, amount="9.40")
    claims.prepare_month(db, 2025, 3)
    claim_id = claim_of(db, "NF-2025-0001")
    approve(db, claim_id)
    with pytest.raises(BadInputError, match="paiement"):
        act(db, claim_id, A.PAY)
    with pytest.raises(BadInputError) as error:
        act(db, claim_id, A.PAY, payment=claims.Payment(TODAY, PaymentMethod.TRANSFER))
    assert "référence" in str(error.value)
    payment = claims.Payment(date(2025, 6, 12), PaymentMethod.TRANSFER, "VIR-0612")
    assert act(db, claim_id, A.PAY, payment=payment) is ClaimStatus.PAID
    detail = load_claim(db, claim_id)
    assert [h.target for h in detail.history] == [
        ClaimStatus.DRAFT,
        ClaimStatus.SUBMITTED,
        ClaimStatus.APPROVED,
        ClaimStatus.PAID,
    ]
    assert {h.by for h in detail.history[1:]} == {"Marie"}
    assert "VIR-0612" in detail.history[-1].note
    assert (detail.paid_on, detail.payment_method) == (date(2025, 6, 12), PaymentMethod.TRANSFER)
    assert detail.status_date(ClaimStatus.APPROVED) is not None


def test_illegal_transitions_are_refused(db: Database) -> None:
    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.TOLL, amount="9.40")
    claims.prepare_month(db, 2025, 3)
    claim_id = claim_of(db, "NF-2025-0001")
    for action in (A.APPROVE, A.PAY, A.WAIVE, A.REOPEN, A.REFUSE):
        with pytest.raises(BadInputError, match="impossible"):
            act(db, claim_id, action, reason="x")
    act(db, claim_id, A.SUBMIT)
    with pytest.raises(BadInputError, match="motif"):
        act(db, claim_id, A.REFUSE)
    assert act(db, claim_id, A.REFUSE, reason="Justificatif illisible") is ClaimStatus.REFUSED
    with pytest.raises(BadInputError, match="impossible"):
        act(db, claim_id, A.APPROVE)
    assert act(db, claim_id, A.REOPEN) is ClaimStatus.DRAFT
    assert load_claim(db, claim_id).refusal_reason == "Justificatif illisible"
    with pytest.raises(BadInputError, match=r"renoncé|demandé"):
        approve(db, claim_id)
        act(db, claim_id, A.WAIVE)
    assert load_claim(db, claim_id).status is ClaimStatus.APPROVED


def test_empty_or_incomplete_claim_cannot_be_submitted(db: Database) -> None:
    w = build_world(db)
    empty = claims.create_claim(db, w.alice, 2025, 7, actor="Marie")
    with pytest.raises(BadInputError) as error:
        act(db, empty, A.SUBMIT)
    assert "aucune dépense" in str(error.value)
    add_line(db, w.alice, date(2025, 8, 4), ExpenseKind.MEAL)  # amount missing
    claims.prepare_month(db, 2025, 8)
    with pytest.raises(BadInputError) as error:
        act(db, claim_of(db, "NF-2025-0002"), A.SUBMIT)
    assert "ligne 1 (04/08/2025), colonne montant" in str(error.value)


def test_locked_claims_refuse_every_edit(db: Database) -> None:
    w = build_world(db)
    line_id = add_line(db, w.alice, date(2025, 3, 4), km="100")
    claims.prepare_month(db, 2025, 3)
    claim_id = claim_of(db, "NF-2025-0001")
    act(db, claim_id, A.SUBMIT)
    draft = ExpenseDraft(w.alice, date(2025, 3, 4), ExpenseKind.MILEAGE, D("120"), None, "A", "B")
    draft.id = line_id
    edit = claims.ClaimEdit(waiver=False, notes="", lines=[draft])
    with pytest.raises(BadInputError, match="brouillon"):  # submitted: withdraw first
        claims.save_claim(db, claim_id, edit)
    act(db, claim_id, A.APPROVE)
    for attempt in (
        lambda: claims.save_claim(db, claim_id, edit),
        lambda: expenses.save_expense(db, draft),
        lambda: expenses.delete_expense(db, line_id),
        lambda: claims.revalue_claim(db, claim_id),
    ):
        with pytest.raises(BadInputError, match=r"verrouillée|figés"):
            attempt()
    assert "verrouillée" in expenses.lock_reason(db, line_id)
    assert load_claim(db, claim_id).lines[0].km == D("100")
    # A later change of the year's scale never alters the locked claim; new claims use it.
    scale = official_scales()[2025]
    first = scale.rows[0]
    doubled = replace(first, bands=tuple(replace(b, rate=b.rate * 2) for b in first.bands))
    save_scale(db, replace(scale, rows=(doubled, *scale.rows[1:])), "Barème corrigé")
    add_line(db, w.alice, date(2025, 4, 2), km="100")
    claims.prepare_month(db, 2025, 4)
    assert load_claim(db, claim_id).total == D("52.90")
    assert load_claim(db, claim_of(db, "NF-2025-0002")).total == D("105.80")  # S(200) − S(100)


def test_editing_a_draft_all_or_nothing_and_preview(db: Database) -> None:
    w = build_world(db)
    first = add_line(db, w.alice, date(2025, 3, 4), km="100")
    second = add_line(db, w.alice, date(2025, 3, 6), ExpenseKind.TOLL, amount="4.00")
    claims.prepare_month(db, 2025, 3)
    claim_id = claim_of(db, "NF-2025-0001")
    mileage = ExpenseDraft(w.alice, date(2025, 3, 4), ExpenseKind.MILEAGE, D("200"), None, "A", "B")
    mileage.id = first
    meal = ExpenseDraft(w.alice, date(2025, 3, 7), ExpenseKind.MEAL, None, D("12.5"))
    wrong_year = ExpenseDraft(w.alice, date(2024, 12, 30), ExpenseKind.MEAL, None, D("3"))
    bad = claims.ClaimEdit(False, "", [mileage, meal, wrong_year], removed=[second])
    with pytest.raises(BadInputError) as error:
        claims.save_claim(db, claim_id, bad)
    assert "ligne 3, colonne date" in str(error.value)
    assert load_claim(db, claim_id).total == D("56.90")  # nothing written

    edit = claims.ClaimEdit(True, "Trajets de mars", [mileage, meal], removed=[second])
    preview = claims.preview_claim(db, claim_id, edit)
    assert preview.amounts == [D("105.80"), D("12.50")] and preview.total == D("118.30")
    assert load_claim(db, claim_id).total == D("56.90")  # the preview wrote nothing
    claims.save_claim(db, claim_id, edit)
    detail = load_claim(db, claim_id)
    assert detail.total == D("118.30") and detail.waiver and detail.notes == "Trajets de mars"
    assert [line.kind for line in detail.lines] == [ExpenseKind.MILEAGE, ExpenseKind.MEAL]


def test_refused_lines_leave_the_yearly_distance(db: Database) -> None:
    w = build_world(db)
    add_line(db, w.alice, date(2025, 1, 5), km="5000")
    add_line(db, w.alice, date(2025, 2, 5), km="100")
    claims.prepare_month(db, 2025, 1)
    claims.prepare_month(db, 2025, 2)
    january, february = claim_of(db, "NF-2025-0001"), claim_of(db, "NF-2025-0002")
    assert load_claim(db, february).total == D("31.60")  # S(5 100) − S(5 000), band 2
    act(db, january, A.SUBMIT)
    act(db, january, A.REFUSE, reason="Trajets personnels")
    assert load_claim(db, february).total == D("52.90")  # now the first 100 km of the year
    act(db, january, A.REOPEN)
    assert load_claim(db, february).total == D("31.60")


def test_own_rate_reimburses_and_scale_caps_a_waiver(db: Database) -> None:
    from pea_desktop.domain.enums import VehicleKind
    from pea_desktop.services.claims.scales import OwnRate, save_own_rates

    w = build_world(db)
    save_own_rates(db, [OwnRate(VehicleKind.CAR, date(2025, 1, 1), D("0.30"))])
    add_line(db, w.alice, date(2025, 3, 4), km="100")
    claims.prepare_month(db, 2025, 3)
    claim_id = claim_of(db, "NF-2025-0001")
    assert load_claim(db, claim_id).total == D("30.00")
    save_own_rates(db, [OwnRate(VehicleKind.CAR, date(2025, 1, 1), D("0.70"))])
    claims.revalue_claim(db, claim_id)
    assert load_claim(db, claim_id).total == D("70.00")
    detail = load_claim(db, claim_id)
    line = detail.lines[0]
    waive = ExpenseDraft(w.alice, line.day, line.kind, line.km, None, "Lyon", "Villeurbanne")
    waive.id = line.id
    claims.save_claim(db, claim_id, claims.ClaimEdit(True, "", [waive]))
    assert load_claim(db, claim_id).total == D("52.90")  # capped by the scale
    assert load_claim(db, claim_id).lines[0].own_rate == D("0.70")
