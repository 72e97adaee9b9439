"""Three laptops for exchange tests: the coordinator's and two volunteers' (Alice, Bruno).

The coordination's base may be on a server (the ``db`` fixture): a laptop is always a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.enums import VehicleKind
from pea_desktop.services.activities.expenses import ActivityExpenses, save_activity_and_expenses
from pea_desktop.services.exchange import invitations, receiving, sending
from pea_desktop.services.exchange.receiving import Received
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.models import Antenna, AssociationSettings, Volunteer
from tests.database_template import copy_template

TODAY = date(2026, 11, 25)


@dataclass
class Laptop:
    name: str
    db: Database
    folder: Path
    sent: int = 0

    def volunteer_id(self, first_name: str) -> int:
        with self.db.session() as session:
            return session.scalars(
                select(Volunteer.id).where(Volunteer.first_name == first_name)
            ).one()

    def antenna_id(self) -> int:
        """A volunteer's laptop's antenna (the one it joined), else LYON."""
        with self.db.session() as session:
            antennas = session.scalars(select(Antenna.id)).all()
            if len(antennas) == 1:
                return antennas[0]
            return session.scalars(select(Antenna.id).where(Antenna.code == "LYON")).one()

    def send(self, volunteer: str | None = None) -> Path:
        """Write the next file for the other side; returns its path."""
        outgoing = sending.prepare(self.db, volunteer)
        self.sent += 1
        path = self.folder / f"envoi-{self.sent}.pea"
        path.write_bytes(outgoing.data)
        return path

    def receive(self, path: Path) -> Received:
        return receiving.receive(self.db, path)


def laptop(tmp_path: Path, template: Path, name: str) -> Laptop:
    folder = tmp_path / name
    folder.mkdir()
    return Laptop(name, open_database(copy_template(template, folder / "pea.sqlite3")), folder)


def coordinator(tmp_path: Path, template: Path, db: Database | None = None) -> Laptop:
    """The coordination's base: a laptop's file, or ``db`` (a fresh base on either engine, e.g.
    the ``db`` fixture: the coordination on a server); the volunteers' bases stay files."""
    if db is None:
        coord = laptop(tmp_path, template, "coordinateur")
    else:
        folder = tmp_path / "coordinateur"
        folder.mkdir()
        coord = Laptop("coordinateur", db, folder)
    with coord.db.session() as s:
        s.add(AssociationSettings(id=1, name="Entraide Addictions Rhône", city="Lyon"))
        lyon = Antenna(code="LYON", name="Lyon Métropole", department="69")
        other = Antenna(code="GREN", name="Grenoble", department="38")
        s.add_all([lyon, other])
        s.flush()
        for first, last, address in (
            ("Alice", "Bérard", "3 place Bellecour"),
            ("Bruno", "Élie", "14 avenue Jean-Jaurès"),
            ("Chloé", "Faure", "1 rue de Grenoble"),
        ):
            s.add(
                Volunteer(
                    antenna_id=lyon.id if first != "Chloé" else other.id,
                    first_name=first,
                    last_name=last,
                    name_key=f"{first} {last}".lower().replace("é", "e"),
                    address=address,
                    city="Lyon",
                    vehicle_kind=VehicleKind.CAR,
                    fiscal_horsepower=4,
                )
            )
    return coord


def join(coord: Laptop, tmp_path: Path, template: Path, full_name: str, folder: str = "") -> Laptop:
    invitation = invitations.invite(coord.db, full_name, "LYON")
    path = coord.folder / f"invitation-{full_name.split()[0]}.pea"
    path.write_bytes(invitation.data)
    volunteer = laptop(tmp_path, template, folder or full_name.split()[0].lower())
    invitations.join(volunteer.db, path, invitation.code)
    return volunteer


def log_group(
    lap: Laptop,
    first_name: str,
    *,
    day: date = date(2026, 3, 14),
    place: str = "Maison des associations",
    km: str | None = "12",
    meal: str | None = None,
) -> int:
    volunteer_id = lap.volunteer_id(first_name)
    draft = ActivityDraft(
        kind=ActivityKind.GROUP,
        antenna_id=lap.antenna_id(),
        date=day,
        duration_minutes=120,
        place=place,
        volunteer_ids=[volunteer_id],
        participants=9,
        first_timers=2,
        relatives=1,
        theme="Le retour au travail",
    )
    expenses = ActivityExpenses(
        km=Decimal(km) if km else None,
        meal=Decimal(meal) if meal else None,
        volunteer_id=volunteer_id,
    )
    return save_activity_and_expenses(lap.db, draft, expenses, TODAY).activity_id
