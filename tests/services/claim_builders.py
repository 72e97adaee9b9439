"""Small builders for claim tests: an association, an antenna, volunteers, expense lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pea_desktop.domain.enums import ExpenseKind, VehicleKind
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, AssociationSettings, ExpenseLine, Volunteer

D = Decimal


@dataclass
class World:
    antenna: int
    other_antenna: int
    alice: int  # car 3 CV
    bruno: int  # unknown vehicle
    chloe: int  # other antenna, electric car 5 CV


def build_world(db: Database, with_association: bool = True) -> World:
    with db.session() as s:
        if with_association:
            s.add(
                AssociationSettings(
                    id=1,
                    name="Entraide Addictions Rhône",
                    address="12 rue de la Paix",
                    postal_code="69003",
                    city="Lyon",
                    rna="W691234567",
                    purpose="Accompagnement par les pairs des personnes en difficulté avec "
                    "l'alcool et leurs proches",
                    signatory_name="Hélène Faure",
                    signatory_title="Trésorière",
                )
            )
        lyon = Antenna(code="LYON", name="Lyon Métropole", department="69")
        gren = Antenna(code="GREN", name="Grenoble", department="38")
        s.add_all([lyon, gren])
        s.flush()
        alice = Volunteer(
            antenna_id=lyon.id,
            first_name="Alice",
            last_name="Bérard",
            address="3 place Bellecour",
            postal_code="69002",
            city="Lyon",
            vehicle_kind=VehicleKind.CAR,
            fiscal_horsepower=3,
        )
        bruno = Volunteer(
            antenna_id=lyon.id,
            first_name="Bruno",
            last_name="Élie",
            address="14 avenue Jean-Jaurès",
            postal_code="69500",
            city="Bron",
        )
        chloe = Volunteer(
            antenna_id=gren.id,
            first_name="Chloé",
            last_name="Dumas",
            address="5 cours Berriat",
            postal_code="38000",
            city="Grenoble",
            vehicle_kind=VehicleKind.CAR,
            fiscal_horsepower=5,
            electric=True,
        )
        s.add_all([alice, bruno, chloe])
        s.flush()
        return World(lyon.id, gren.id, alice.id, bruno.id, chloe.id)


def add_line(
    db: Database,
    volunteer_id: int,
    day: date,
    kind: ExpenseKind = ExpenseKind.MILEAGE,
    km: str | None = None,
    amount: str | None = None,
    **extra: str,
) -> int:
    with db.session() as s:
        line = ExpenseLine(
            volunteer_id=volunteer_id,
            date=day,
            kind=kind,
            km=None if km is None else D(km),
            amount=None if amount is None else D(amount),
            trip_from=extra.get("trip_from", "Lyon" if kind is ExpenseKind.MILEAGE else ""),
            trip_to=extra.get("trip_to", "Villeurbanne" if kind is ExpenseKind.MILEAGE else ""),
            description=extra.get("description", ""),
        )
        s.add(line)
        s.flush()
        return line.id
