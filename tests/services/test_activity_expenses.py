"""The expenses typed in the activity form: saved with the activity, one transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.claims import ClaimAction
from pea_desktop.domain.enums import ExpenseKind, Requester
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.mileage import official_scales
from pea_desktop.services.activities import records as activities
from pea_desktop.services.activities.expenses import (
    ActivityExpenses,
    expense_problems,
    load_activity_expenses,
    save_activity_and_expenses,
)
from pea_desktop.services.claims import workflow as claims
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, ExpenseClaim, ExpenseLine
from tests.services.claim_builders import D, World, add_line, build_world

TODAY = date(2026, 1, 31)
ROW_3CV = official_scales()[2025].rows[0]  # Alice's car, 3 CV


def scale(km: str) -> Decimal:
    """S(d) for a 3 CV car, as domain/mileage.py computes it."""
    return official_scales()[2025].value(ROW_3CV, D(km), electric=False)


def visit(w: World, day: date = date(2025, 3, 10), *volunteers: int) -> ActivityDraft:
    return ActivityDraft(
        kind=ActivityKind.VISIT,
        antenna_id=w.antenna,
        date=day,
        duration_minutes=60,
        place="CHU Édouard-Herriot",
        volunteer_ids=list(volunteers) or [w.alice],
        requester=Requester.FAMILY,
        reference="V-2025-014",
    )


def save(db: Database, draft: ActivityDraft, **values: str | None) -> int:
    expenses = ActivityExpenses(**{k: None if v is None else D(v) for k, v in values.items()})
    return save_activity_and_expenses(db, draft, expenses, TODAY).activity_id


def edit(db: Database, activity_id: int, **changes: object) -> ActivityDraft:
    return replace(activities.load_activity(db, activity_id), **changes)  # type: ignore[arg-type]


def lines(db: Database, *, deleted: bool = False) -> list[tuple[ExpenseKind, int, date, str]]:
    """(kind, volunteer, day, km or amount) of every line, in id order."""
    with db.session() as s:
        query = select(ExpenseLine).order_by(ExpenseLine.id)
        if not deleted:
            query = query.where(ExpenseLine.deleted_at.is_(None))
        return [
            (line.kind, line.volunteer_id, line.date, str(line.km or line.amount))
            for line in s.scalars(query)
        ]


def amount_of(db: Database, line_id: int) -> Decimal | None:
    with db.session() as s:
        line = s.get(ExpenseLine, line_id)
        assert line is not None
        return line.amount


def mileage_line_of(db: Database, activity_id: int) -> int:
    with db.session() as s:
        found = s.scalar(
            select(ExpenseLine.id).where(
                ExpenseLine.activity_id == activity_id,
                ExpenseLine.kind == ExpenseKind.MILEAGE,
                ExpenseLine.deleted_at.is_(None),
            )
        )
        assert found is not None
        return found


def claim_id(db: Database, number: str) -> int:
    with db.session() as s:
        found = s.scalar(select(ExpenseClaim.id).where(ExpenseClaim.number == number))
        assert found is not None
        return found


def approve(db: Database, number: str) -> None:
    for action in (ClaimAction.SUBMIT, ClaimAction.APPROVE):
        claims.apply_action(db, claim_id(db, number), action, actor="Marie", today=TODAY)


def test_create_writes_one_line_per_filled_field_for_the_first_volunteer(db: Database) -> None:
    w = build_world(db)
    activity_id = save(
        db, visit(w, date(2025, 3, 10), w.alice, w.bruno), km="42", parking="3.20", meal="0"
    )
    assert lines(db) == [
        (ExpenseKind.MILEAGE, w.alice, date(2025, 3, 10), "42.0"),
        (ExpenseKind.PARKING, w.alice, date(2025, 3, 10), "3.20"),
    ]
    with db.session() as s:
        assert {line.activity_id for line in s.scalars(select(ExpenseLine))} == {activity_id}
        assert s.scalar(select(ExpenseLine.amount).where(ExpenseLine.km.is_not(None))) is None
    loaded = load_activity_expenses(db, activity_id)
    assert (loaded.km, loaded.parking, loaded.meal, loaded.toll) == (
        D("42.0"),
        D("3.20"),
        None,
        None,
    )
    assert loaded.volunteer_name == "Alice Bérard" and not loaded.locked
    assert loaded.mileage_amount is None  # valued once on a claim


def test_change_and_clear_update_in_place_and_bin_the_cleared_line(db: Database) -> None:
    w = build_world(db)
    activity_id = save(db, visit(w), km="42", parking="3.20")
    first_mileage = mileage_line_of(db, activity_id)
    save(db, edit(db, activity_id, place="Clinique du Parc"), km="50.5", meal="12.5")
    assert lines(db) == [
        (ExpenseKind.MILEAGE, w.alice, date(2025, 3, 10), "50.5"),
        (ExpenseKind.MEAL, w.alice, date(2025, 3, 10), "12.50"),
    ]
    assert mileage_line_of(db, activity_id) == first_mileage  # same line, same uuid
    assert (ExpenseKind.PARKING, w.alice, date(2025, 3, 10), "3.20") in lines(db, deleted=True)
    save(db, edit(db, activity_id))  # every field emptied
    assert lines(db) == []
    assert load_activity_expenses(db, activity_id) == ActivityExpenses(
        volunteer_id=w.alice, volunteer_name="Alice Bérard"
    )


def test_draft_claim_line_is_updated_and_revalued(db: Database) -> None:
    w = build_world(db)
    before = add_line(db, w.alice, date(2025, 3, 2), km="4900")
    activity_id = save(db, visit(w), km="42")
    claims.prepare_month(db, 2025, 3, w.antenna)
    loaded = load_activity_expenses(db, activity_id)
    assert loaded.mileage_amount == scale("4942") - scale("4900")
    assert loaded.mileage_claim == "NF-2025-0001" and not loaded.locked

    save(db, edit(db, activity_id), km="300")  # crosses the 5,000 km band
    line = mileage_line_of(db, activity_id)
    assert amount_of(db, line) == scale("5200") - scale("4900")
    assert amount_of(db, before) == scale("4900")
    with db.session() as s:
        assert s.get(ExpenseLine, line).claim_id == claim_id(db, "NF-2025-0001")  # type: ignore[union-attr]


def test_first_volunteer_changed_moves_the_lines_and_revalues_both(db: Database) -> None:
    w = build_world(db)
    other = add_line(db, w.alice, date(2025, 3, 20), km="100")
    activity_id = save(db, visit(w), km="4950", toll="8.40")
    claims.prepare_month(db, 2025, 3, w.antenna)
    assert amount_of(db, other) == scale("5050") - scale("4950")
    bruno_line = add_line(db, w.bruno, date(2025, 3, 25), km="60")
    claims.prepare_month(db, 2025, 3, w.antenna)

    draft = edit(db, activity_id, volunteer_ids=[w.bruno, w.alice])
    current = load_activity_expenses(db, activity_id)
    saved = save_activity_and_expenses(db, draft, current, TODAY)

    assert saved.notices and "NF-2025-0001" in saved.notices[0]
    assert {(kind, volunteer) for kind, volunteer, _, _ in lines(db)} == {
        (ExpenseKind.MILEAGE, w.alice),  # her other trip
        (ExpenseKind.MILEAGE, w.bruno),  # the activity's and his own
        (ExpenseKind.TOLL, w.bruno),
    }
    # Alice's year now holds only her 100 km; Bruno's 4,950 km (unclaimed) come before his 60 km.
    assert amount_of(db, other) == scale("100")
    assert amount_of(db, bruno_line) == scale("5010") - scale("4950")
    assert amount_of(db, mileage_line_of(db, activity_id)) is None  # left the draft
    assert load_activity_expenses(db, activity_id).volunteer_name == "Bruno Élie"


def test_date_moved_to_another_year_revalues_both_years(db: Database) -> None:
    w = build_world(db)
    activity_id = save(db, visit(w, date(2024, 3, 10)), km="4000")
    later_2024 = add_line(db, w.alice, date(2024, 6, 1), km="2000")
    early_2025 = add_line(db, w.alice, date(2025, 2, 1), km="3000")
    late_2025 = add_line(db, w.alice, date(2025, 9, 1), km="1500")
    for year, month in ((2024, 3), (2024, 6), (2025, 2), (2025, 9)):
        claims.prepare_month(db, year, month, w.antenna)
    assert amount_of(db, later_2024) == scale("6000") - scale("4000")
    assert amount_of(db, early_2025) == scale("3000")

    saved = save_activity_and_expenses(
        db,
        edit(db, activity_id, date=date(2025, 1, 15)),
        load_activity_expenses(db, activity_id),
        TODAY,
    )
    assert "NF-2024-0001" in saved.notices[0]  # the 2024 draft lost the line
    assert amount_of(db, later_2024) == scale("2000") == D("1058.00")
    assert amount_of(db, early_2025) == scale("7000") - scale("4000") == D("1161.00")
    assert amount_of(db, late_2025) == scale("8500") - scale("7000") == D("474.00")
    # The year still adds up to the scale on its total (the moved line is valued when claimed).
    claims.prepare_month(db, 2025, 1, w.antenna)
    moved = mileage_line_of(db, activity_id)
    total = sum((amount_of(db, i) or D(0) for i in (moved, early_2025, late_2025)), D(0))
    assert total == scale("8500")
    assert lines(db)[0] == (ExpenseKind.MILEAGE, w.alice, date(2025, 1, 15), "4000.0")


def test_locked_claim_refuses_amount_changes_but_not_the_rest(db: Database) -> None:
    w = build_world(db)
    activity_id = save(db, visit(w), km="42", parking="3.20")
    claims.prepare_month(db, 2025, 3, w.antenna)
    approve(db, "NF-2025-0001")
    loaded = load_activity_expenses(db, activity_id)
    assert loaded.locks.keys() == {ExpenseKind.MILEAGE, ExpenseKind.PARKING}
    assert "NF-2025-0001 (approuvée)" in loaded.lock_reason
    assert loaded.mileage_amount == scale("42")

    with pytest.raises(BadInputError) as refused:
        save_activity_and_expenses(db, edit(db, activity_id), replace(loaded, km=D("60")), TODAY)
    assert refused.value.problems == [
        "Kilomètres : ce montant ne peut plus changer, il est déjà sur la note NF-2025-0001 "
        "(approuvée), qui ne peut plus être modifiée."
    ]
    # The rest of the activity (even its day) can change; the claimed lines keep theirs.
    draft = edit(db, activity_id, place="Clinique du Parc", date=date(2025, 3, 12))
    save_activity_and_expenses(db, draft, replace(loaded, meal=D("11")), TODAY)
    assert lines(db) == [
        (ExpenseKind.MILEAGE, w.alice, date(2025, 3, 10), "42.0"),
        (ExpenseKind.PARKING, w.alice, date(2025, 3, 10), "3.20"),
        (ExpenseKind.MEAL, w.alice, date(2025, 3, 12), "11.00"),
    ]
    with pytest.raises(BadInputError) as pinned:
        save_activity_and_expenses(
            db, edit(db, activity_id, volunteer_ids=[w.bruno]), loaded, TODAY
        )
    assert "gardez ce bénévole en premier" in pinned.value.problems[0]
    assert "Alice Bérard" in pinned.value.problems[0]
    assert expense_problems(loaded, w.bruno) == pinned.value.problems


def test_submitted_claim_freezes_too_and_says_how_to_edit(db: Database) -> None:
    w = build_world(db)
    activity_id = save(db, visit(w), toll="6.10")
    claims.prepare_month(db, 2025, 3, w.antenna)
    claims.apply_action(db, claim_id(db, "NF-2025-0001"), ClaimAction.SUBMIT, today=TODAY)
    loaded = load_activity_expenses(db, activity_id)
    assert loaded.locks[ExpenseKind.TOLL] == (
        "déjà sur la note NF-2025-0001 (soumise) ; remettez-la en brouillon pour le modifier"
    )
    with pytest.raises(BadInputError, match="ne peuvent pas"):
        save_activity_and_expenses(db, edit(db, activity_id), replace(loaded, toll=None), TODAY)


def test_refused_expense_leaves_the_activity_unchanged_too(db: Database) -> None:
    w = build_world(db)
    activity_id = save(db, visit(w), km="42")
    claims.prepare_month(db, 2025, 3, w.antenna)
    approve(db, "NF-2025-0001")
    loaded = load_activity_expenses(db, activity_id)
    with pytest.raises(BadInputError):
        save_activity_and_expenses(
            db,
            edit(db, activity_id, place="Ailleurs", volunteer_ids=[w.alice, w.bruno]),
            replace(loaded, km=D("43"), toll=D("5")),  # the toll alone would be fine
            TODAY,
        )
    with db.session() as s:
        activity = s.get(Activity, activity_id)
        assert activity is not None
        assert activity.place == "CHU Édouard-Herriot"
        assert [v.full_name for v in activity.volunteers] == ["Alice Bérard"]
    assert lines(db) == [(ExpenseKind.MILEAGE, w.alice, date(2025, 3, 10), "42.0")]
    # Bad values are refused before anything is written, a new activity included.
    with pytest.raises(BadInputError) as bad:
        save(db, visit(w), km="-3", parking="20000")
    assert bad.value.problems == [
        "Kilomètres : une distance ne peut pas être négative.",
        "Stationnement : montant trop élevé (au plus 10\u202f000,00\u00a0€ par dépense).",
    ]
    assert activities.count_activities(db, activities.ActivityFilter()) == 1


def test_absurd_values_are_explained() -> None:
    problems = expense_problems(
        ActivityExpenses(km=D("6000"), toll=D("3.205"), transport=D("-1"), meal=D("1" * 40))
    )
    assert problems == [
        "Kilomètres : plus de 5\u202f000 km pour une activité, est-ce exact ?",
        "Péage : au centime près (ex. 3,20).",
        "Transport en commun : un montant ne peut pas être négatif.",
        "Repas : montant trop élevé (au plus 10\u202f000,00\u00a0€ par dépense).",
    ]
    assert expense_problems(ActivityExpenses(km=D("42.25"))) == [
        "Kilomètres : au dixième de kilomètre près (ex. 42,5)."
    ]


def test_other_volunteers_lines_and_several_lines_of_a_kind(db: Database) -> None:
    w = build_world(db)
    activity_id = save(db, visit(w, date(2025, 3, 10), w.alice, w.bruno), parking="2")
    with db.session() as s:
        for volunteer, amount in ((w.alice, "1.50"), (w.bruno, "7.00")):
            s.add(
                ExpenseLine(
                    volunteer_id=volunteer,
                    activity_id=activity_id,
                    date=date(2025, 3, 10),
                    kind=ExpenseKind.PARKING,
                    amount=D(amount),
                )
            )
    loaded = load_activity_expenses(db, activity_id)
    assert loaded.parking == D("3.50")  # Alice's two lines; Bruno's is not hers
    assert "plusieurs dépenses" in loaded.locks[ExpenseKind.PARKING]
    with pytest.raises(BadInputError):
        save_activity_and_expenses(db, edit(db, activity_id), replace(loaded, parking=D(4)), TODAY)
    # Unchanged, they still follow the activity's day.
    save_activity_and_expenses(db, edit(db, activity_id, date=date(2025, 3, 11)), loaded, TODAY)
    assert [(v, d, a) for _, v, d, a in lines(db)] == [
        (w.alice, date(2025, 3, 11), "2.00"),
        (w.alice, date(2025, 3, 11), "1.50"),
        (w.bruno, date(2025, 3, 10), "7.00"),
    ]


def test_the_bin_keeps_the_expense_lines(db: Database) -> None:
    w = build_world(db)
    activity_id = save(db, visit(w), km="42", meal="12")
    activities.delete_activities(db, [activity_id])
    assert len(lines(db)) == 2  # still the volunteer's money, still claimable
    report = claims.prepare_month(db, 2025, 3, w.antenna)
    assert report.lines == 2
    activities.purge_activities(db, [activity_id])
    with db.session() as s:
        kept = s.scalars(select(ExpenseLine)).all()
        assert len(kept) == 2 and {line.activity_id for line in kept} == {None}
