"""Volunteer service: saving, validation, and what a change of vehicle does to open claims."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from pea_desktop.domain.enums import ExpenseKind, VehicleKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.claims import workflow as claims
from pea_desktop.services.organisation import volunteers
from pea_desktop.store.database import Database
from pea_desktop.store.models import ExpenseLine
from tests import factories


def test_invalid_volunteer_lists_every_problem(db: Database) -> None:
    draft = volunteers.VolunteerDraft(first_name=" ", email="pas-un-mail", fiscal_horsepower=80)
    with pytest.raises(BadInputError) as error:
        volunteers.save_volunteer(db, draft)
    assert len(error.value.problems) == 5


def test_vehicle_change_revalues_open_claims(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = volunteers.save_volunteer(
        db,
        volunteers.VolunteerDraft(
            first_name="Éric",
            last_name="Roux",
            antenna_id=lyon.id,
            vehicle_kind=VehicleKind.CAR,
            fiscal_horsepower=4,
        ),
    )
    with db.session() as session:
        session.add(
            ExpenseLine(
                volunteer_id=vid,
                date=date(2025, 3, 10),
                kind=ExpenseKind.MILEAGE,
                km=Decimal(100),
                trip_from="Lyon",
                trip_to="Vienne",
            )
        )
    claims.prepare_month(db, 2025, 3)

    def amount() -> Decimal:
        with db.session() as session:
            return session.scalar(select(ExpenseLine.amount))

    assert amount() == Decimal("60.60")  # 100 km × 0,606 (4 CV)
    draft = volunteers.load_volunteer(db, vid)
    draft.fiscal_horsepower = 7
    volunteers.save_volunteer(db, draft)
    assert amount() == Decimal("69.70")  # 100 km × 0,697 (7 CV and more)
