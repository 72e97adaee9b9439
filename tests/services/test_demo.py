import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pea_desktop.domain.activity_kinds import KINDS, ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft, validate_activity
from pea_desktop.domain.enums import ExpenseKind, VehicleKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.activities import records as activities
from pea_desktop.services.activities.records import ActivityFilter
from pea_desktop.services.demo import generator as demo
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.models import (
    Activity,
    Antenna,
    AssociationSettings,
    ExpenseLine,
    Partner,
    Volunteer,
    activity_volunteer,
)
from tests import factories
from tests.database_template import copy_template

TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def demo_db(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[Database]:
    """Two antennas over two years, made once for the read-only checks of this module."""
    path = copy_template(migrated_template, tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    database = open_database(path)
    demo.generate(database, antennas=2, years=2, seed=7, today=TODAY)
    yield database
    database.close()


def _drafts(db: Database) -> list[ActivityDraft]:
    names = {f.name for f in fields(ActivityDraft)} - {"volunteer_ids"}
    with db.session() as session:
        links: dict[int, list[int]] = {}
        for activity_id, volunteer_id in session.execute(
            select(activity_volunteer.c.activity_id, activity_volunteer.c.volunteer_id).order_by(
                activity_volunteer.c.activity_id, activity_volunteer.c.position
            )
        ):
            links.setdefault(activity_id, []).append(volunteer_id)
        return [
            ActivityDraft(
                **{name: getattr(a, name) for name in names}, volunteer_ids=links.get(a.id, [])
            )
            for a in session.scalars(select(Activity))
        ]


def test_every_generated_activity_passes_the_form_rules(demo_db: Database) -> None:
    drafts = _drafts(demo_db)
    assert len(drafts) > 300
    problems = {d.id: validate_activity(d, TODAY) for d in drafts}
    assert {k: v for k, v in problems.items() if v} == {}
    assert all(d.date is not None and date(2024, 3, 10) < d.date <= TODAY for d in drafts)
    assert {d.kind for d in drafts} == set(KINDS)
    for draft in drafts:
        assert 1 <= len(draft.volunteer_ids) <= 2
        if draft.kind is ActivityKind.GROUP:
            assert draft.participants is not None and 4 <= draft.participants <= 15
            assert draft.first_timers is not None and draft.first_timers <= draft.participants
            assert draft.relatives is not None and draft.relatives <= draft.participants
            assert draft.theme
        if draft.kind is ActivityKind.VISIT:
            # Pseudonymous references only, never a name.
            assert re.fullmatch(r"V-20\d\d-\d{3}", draft.reference)
            assert draft.reference[2:6] == str(draft.date.year)
        if draft.kind is ActivityKind.INTERVENTION:
            assert draft.partner_id is not None and draft.audience_kind is not None
            assert draft.audience_size is not None and draft.audience_size > 0


def test_groups_are_about_weekly_in_each_antenna(demo_db: Database) -> None:
    with demo_db.session() as session:
        per_antenna = Counter(
            session.scalars(select(Activity.antenna_id).where(Activity.kind == ActivityKind.GROUP))
        )
    assert len(per_antenna) == 2
    # Two years of weekly groups, fewer in August and at Christmas.
    assert all(70 <= count <= 104 for count in per_antenna.values()), per_antenna


def test_people_partners_and_association_look_real(demo_db: Database) -> None:
    with demo_db.session() as session:
        association = session.scalars(select(AssociationSettings)).one()
        antennas = session.execute(select(Antenna.code, Antenna.department)).all()
        volunteers = session.scalars(select(Volunteer)).all()
        partner_kinds = set(session.scalars(select(Partner.kind)))
    assert re.fullmatch(r"W\d{9}", association.rna) and association.signatory_name
    assert sorted(antennas) == [("GRENOBLE", "38"), ("LYON", "69")]
    per_antenna = Counter(v.antenna_id for v in volunteers)
    assert all(5 <= n <= 8 for n in per_antenna.values())
    assert len({v.name_key for v in volunteers}) == len(volunteers)
    assert any(set(v.full_name) & set("éèëêïîçô") for v in volunteers)
    assert all(v.address and v.postal_code and v.city for v in volunteers)
    cars = [v for v in volunteers if v.vehicle_kind is VehicleKind.CAR]
    assert all(3 <= (v.fiscal_horsepower or 0) <= 7 for v in cars)
    assert len(cars) > len(volunteers) / 2
    assert any(v.electric for v in cars)
    assert any(v.vehicle_kind is VehicleKind.MOTORCYCLE for v in volunteers)
    assert any(v.vehicle_kind is None for v in volunteers)
    assert len(partner_kinds) >= 3


def test_expenses_belong_to_the_first_volunteer_and_follow_the_money_rules(
    demo_db: Database,
) -> None:
    with demo_db.session() as session:
        first = dict(
            session.execute(
                select(activity_volunteer.c.activity_id, activity_volunteer.c.volunteer_id).where(
                    activity_volunteer.c.position == 0
                )
            ).all()
        )
        lines = session.scalars(select(ExpenseLine)).all()
        dates = dict(session.execute(select(Activity.id, Activity.date)).all())
        vehicles = dict(session.execute(select(Volunteer.id, Volunteer.vehicle_kind)).all())
    kinds = Counter(line.kind for line in lines)
    assert {ExpenseKind.MILEAGE, ExpenseKind.PARKING, ExpenseKind.MEAL} <= set(kinds)
    assert kinds[ExpenseKind.MILEAGE] > len(dates) / 3
    for line in lines:
        assert line.volunteer_id == first[line.activity_id]
        assert line.date == dates[line.activity_id]
        if line.kind is ExpenseKind.MILEAGE:
            # Valued on the scale once on a claim (the demo's last year), not before.
            assert (line.amount is None) == (line.claim_id is None)
            assert line.km is not None and line.km > 0
            assert vehicles[line.volunteer_id] is not VehicleKind.NONE
        else:
            assert line.km is None and isinstance(line.amount, Decimal)
            assert Decimal("1") <= line.amount <= Decimal("100")


def test_the_list_service_finds_demo_data(demo_db: Database) -> None:
    """The text filter relies on the search column kept by the database: bulk rows have it."""
    total = activities.count_activities(demo_db, ActivityFilter())
    interventions = activities.count_activities(
        demo_db, ActivityFilter(kind=ActivityKind.INTERVENTION)
    )
    assert total == len(_drafts(demo_db))
    assert activities.count_activities(demo_db, ActivityFilter(text="CSAPA de")) > 0
    with demo_db.session() as session:
        in_cedres = session.scalar(
            select(func.count()).where(Activity.place.like("%Clinique des Cèdres%"))
        )
    assert in_cedres
    assert activities.count_activities(demo_db, ActivityFilter(text="cedres")) == in_cedres
    rows = activities.fetch_activities(demo_db, ActivityFilter(kind=ActivityKind.INTERVENTION))
    assert len(rows) == min(200, interventions) and all(r.partner_name for r in rows)
    assert rows[0].date == max(r.date for r in rows) and rows[0].volunteers


def _snapshot(db: Database) -> list[tuple[object, ...]]:
    with db.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    Activity.uuid,
                    Activity.kind,
                    Activity.date,
                    Activity.place,
                    Activity.participants,
                    Activity.reference,
                ).order_by(Activity.id)
            )
        ]


def test_same_seed_same_database_other_seed_other_data(
    tmp_path: Path, migrated_template: Path
) -> None:
    made = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        database = open_database(copy_template(migrated_template, tmp_path / f"{name}.sqlite3"))
        demo.generate(database, antennas=1, years=1, seed=seed, today=TODAY)
        made.append(_snapshot(database))
        database.close()
    assert made[0] == made[1]
    assert made[0] != made[2]


def test_target_gives_exactly_that_many_valid_activities(db: Database) -> None:
    summary = demo.generate(db, antennas=12, years=2, seed=2, today=TODAY, activities_target=3000)
    assert summary.total_activities == 3000
    assert activities.count_activities(db, ActivityFilter()) == 3000
    assert summary.last_date is not None and summary.last_date <= TODAY
    drafts = _drafts(db)
    assert len({d.antenna_id for d in drafts}) == 12
    assert not [d for d in drafts if validate_activity(d, TODAY)]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ExpenseLine)) == summary.expenses
        uuids = session.scalar(select(func.count(func.distinct(Activity.uuid))))
    assert uuids == 3000


def test_rows_added_after_a_demo_get_new_ids(db: Database) -> None:
    """The bulk write gives its own ids: a server's id sequences must continue after them."""
    demo.generate(db, antennas=1, years=1, seed=4, today=TODAY, activities_target=50)
    with db.session() as session:
        antenna_id = session.scalar(select(func.min(Antenna.id)))
        last_activity = session.scalar(select(func.max(Activity.id)))
        last_volunteer = session.scalar(select(func.max(Volunteer.id)))
    assert antenna_id is not None and last_activity is not None and last_volunteer is not None
    new_antenna = factories.antenna(db, code="NOUV", name="Nouvelle")
    volunteer_id = factories.volunteer(db, antenna_id)
    activity_id = factories.group(db, antenna_id, [volunteer_id])
    assert new_antenna.id > antenna_id
    assert volunteer_id > last_volunteer
    assert activity_id > last_activity


def test_default_today_is_the_real_today(db: Database) -> None:
    summary = demo.generate(db, antennas=1, years=1, seed=1)
    assert summary.last_date is not None and summary.last_date <= date.today()


def test_refuses_a_database_with_real_data_and_changes_nothing(db: Database) -> None:
    lyon = factories.antenna(db)
    factories.volunteer(db, lyon.id)
    with pytest.raises(BadInputError) as error:
        demo.generate(db, antennas=2, years=1, today=TODAY)
    assert "contient déjà des données" in str(error.value)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Antenna)) == 1
        assert session.scalar(select(func.count()).select_from(Activity)) == 0
        assert session.scalar(select(func.count()).select_from(AssociationSettings)) == 0


def test_refuses_a_second_demo_in_the_same_database(db: Database) -> None:
    demo.generate(db, antennas=1, years=1, today=TODAY)
    before = _snapshot(db)
    with pytest.raises(BadInputError):
        demo.generate(db, antennas=1, years=1, today=TODAY)
    assert _snapshot(db) == before


@pytest.mark.parametrize(
    ("antennas", "years", "target", "expected"),
    [
        (0, 3, None, "--antennas"),
        (51, 3, None, "--antennas"),
        (2, 0, None, "--years"),
        (2, 31, None, "--years"),
        (2, 3, -1, "négatif"),
    ],
)
def test_impossible_numbers_are_refused(
    db: Database, antennas: int, years: int, target: int | None, expected: str
) -> None:
    with pytest.raises(BadInputError) as error:
        demo.generate(db, antennas=antennas, years=years, activities_target=target)
    assert expected in str(error.value)
    assert activities.count_activities(db, ActivityFilter()) == 0


def test_the_demo_has_claims_in_every_state_receipts_and_a_sepa_batch(demo_db: Database) -> None:
    from pea_desktop.domain.claims import ClaimStatus, ReceiptStatus
    from pea_desktop.store.claims_models import TaxReceipt
    from pea_desktop.store.models import ExpenseClaim, SepaBatch

    with demo_db.session() as session:
        statuses = set(session.scalars(select(ExpenseClaim.status)))
        receipts = session.scalars(select(TaxReceipt.status)).all()
        batches = session.scalars(select(SepaBatch)).all()
        with_iban = session.scalars(select(Volunteer.iban).where(Volunteer.iban != "")).all()
    assert statuses == set(ClaimStatus)
    assert receipts and all(status is ReceiptStatus.ISSUED for status in receipts)
    assert any(b.confirmed_on is not None for b in batches)
    assert any(b.confirmed_on is None for b in batches)  # one waiting for the treasurer
    assert with_iban
