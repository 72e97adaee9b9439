"""Date parts in SQL (store/sql_functions.py) give the same values on both engines."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, ExpenseLine, Volunteer
from pea_desktop.store.sql_functions import year_month, year_of


def test_month_and_year_of_stored_dates(db: Database) -> None:
    with db.session() as session:
        antenna = Antenna(code="LYON", name="Lyon")
        session.add(antenna)
        session.flush()
        volunteer = Volunteer(antenna_id=antenna.id, first_name="Anaïs", last_name="Roux")
        session.add(volunteer)
        session.flush()
        for day in (date(2024, 12, 31), date(2025, 1, 1), date(2025, 10, 9)):
            session.add(
                ExpenseLine(
                    volunteer_id=volunteer.id, date=day, kind=ExpenseKind.PARKING, description="x"
                )
            )
        session.flush()
        rows = session.execute(
            select(year_month(ExpenseLine.date), year_of(ExpenseLine.date)).order_by(
                ExpenseLine.date
            )
        ).all()
        grouped = session.execute(
            select(year_of(ExpenseLine.date), year_month(ExpenseLine.date))
            .group_by(year_of(ExpenseLine.date), year_month(ExpenseLine.date))
            .order_by(year_month(ExpenseLine.date).desc())
        ).all()
    assert [tuple(row) for row in rows] == [("2024-12", 2024), ("2025-01", 2025), ("2025-10", 2025)]
    assert [tuple(row) for row in grouped] == [
        (2025, "2025-10"),
        (2025, "2025-01"),
        (2024, "2024-12"),
    ]
