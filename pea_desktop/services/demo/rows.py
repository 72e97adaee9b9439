"""Rows of the demonstration database, made from one seeded random generator (no database here).

:class:`RowMaker` invents antennas, volunteers, partners, activities and expense lines as plain
dictionaries ready for bulk inserts; :mod:`pea_desktop.services.demo.generator` writes them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from pea_desktop.domain.activity_fields import ValueKind
from pea_desktop.domain.activity_kinds import KINDS, ActivityKind
from pea_desktop.domain.dates import shift_year
from pea_desktop.domain.enums import (
    ExpenseKind,
    PartnerKind,
    Requester,
    VehicleKind,
    VisitPlace,
    VolunteerRole,
)
from pea_desktop.domain.text import fold
from pea_desktop.services.demo import data
from pea_desktop.services.organisation.volunteers import name_key
from pea_desktop.store.models import utcnow

Row = dict[str, Any]
Event = tuple[date, int, ActivityKind]  # day, index of the antenna, kind
# Extra km to reach a built-in kind's places; other kinds are held where groups are.
EXTRA_KM = {
    ActivityKind.GROUP.code: 0,
    ActivityKind.VISIT.code: 15,
    ActivityKind.INTERVENTION.code: 40,
}


@dataclass
class DemoSummary:
    """What was created."""

    antennas: list[str] = field(default_factory=list)
    volunteers: int = 0
    partners: int = 0
    activities: dict[str, int] = field(  # by kind code
        default_factory=lambda: dict.fromkeys(KINDS.codes(), 0)
    )
    expenses: int = 0
    kilometres: Decimal = Decimal("0.0")
    first_date: date | None = None
    last_date: date | None = None

    @property
    def total_activities(self) -> int:
        return sum(self.activities.values())


@dataclass(frozen=True)
class Person:
    id: int
    city: str
    vehicle: VehicleKind | None
    home_km: int  # distance from home to the antenna's usual places


@dataclass
class Site:
    """One antenna while generating: its town, people, partners and visit references."""

    id: int
    town: data.Town
    people: list[Person]
    partners: list[tuple[int, str, PartnerKind]]
    group_place: str
    group_time: time
    group_weekday: int
    references: dict[int, list[str]] = field(default_factory=dict)


def uuid4_from(bits: int) -> str:
    """A version-4 UUID made of ``bits`` (random.Random is seeded, uuid.uuid4 is not)."""
    bits = (bits & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


class RowMaker:
    def __init__(self, seed: int, today: date, years: int) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.start = shift_year(today, -years) + timedelta(days=1)
        self.now = utcnow()
        self.summary = DemoSummary()
        self.names: set[tuple[str, str]] = set()

    # -- identity and history columns ---------------------------------------------------------
    def tracked(self, day: date) -> Row:
        """UUID from the seeded generator; timestamps as if typed in the evening of ``day``."""
        bits = self.rng.getrandbits(128)
        minutes = (bits >> 120) % 180  # typed between 20:00 and 23:00
        typed = datetime.combine(day, time(20 + minutes // 60, minutes % 60))
        stamp = min(typed, self.now)
        return {"uuid": uuid4_from(bits), "created_at": stamp, "updated_at": stamp}

    # -- association, antennas, volunteers, partners ------------------------------------------
    def sites(
        self, count: int, first_antenna: int, first_volunteer: int, first_partner: int
    ) -> tuple[list[Site], list[Row], list[Row], list[Row]]:
        """The first ``count`` towns as antennas: (sites, antennas, volunteers, partners)."""
        towns = data.TOWNS[:count]
        antennas = [
            {
                "id": first_antenna + i,
                "code": town.code,
                "name": town.name,
                "department": town.department,
                **self.tracked(self.start),
            }
            for i, town in enumerate(towns)
        ]
        self.summary.antennas = [f"{t.name} ({t.code})" for t in towns]
        next_volunteer, next_partner = first_volunteer, first_partner
        sites: list[Site] = []
        volunteers: list[Row] = []
        partners: list[Row] = []
        for i, town in enumerate(towns):
            people = []
            for position in range(self.rng.randint(5, 8)):
                row = self.volunteer(next_volunteer, first_antenna + i, town, position, i == 0)
                volunteers.append(row)
                people.append(
                    Person(row["id"], town.name, row["vehicle_kind"], self.rng.randint(2, 30))
                )
                next_volunteer += 1
            chosen = [data.PARTNERS[0], *self.rng.sample(data.PARTNERS[1:], self.rng.randint(3, 5))]
            site_partners = []
            for pattern, kind in chosen:
                name = pattern.format(town=town.name)
                site_partners.append((next_partner, name, kind))
                partners.append(
                    {"id": next_partner, "name": name, "kind": kind, "town": town.name}
                    | {"deleted_at": None, **self.tracked(self.start)}
                )
                next_partner += 1
            sites.append(
                Site(
                    id=first_antenna + i,
                    town=town,
                    people=people,
                    partners=site_partners,
                    group_place=self.rng.choice(data.GROUP_PLACES).format(town=town.name),
                    group_time=self.rng.choice((time(14, 0), time(18, 30), time(19, 0))),
                    group_weekday=self.rng.randrange(5),
                )
            )
        self.summary.volunteers, self.summary.partners = len(volunteers), len(partners)
        return sites, antennas, volunteers, partners

    def volunteer(
        self, volunteer_id: int, antenna_id: int, town: data.Town, position: int, showcase: bool
    ) -> Row:
        rng = self.rng
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        while (first, last) in self.names:
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        self.names.add((first, last))
        if position == 0:
            role = VolunteerRole.COORDINATOR
        elif position == 1:
            role = VolunteerRole.TREASURER
        else:
            role = rng.choices(
                (VolunteerRole.VOLUNTEER, VolunteerRole.PEER_HELPER, VolunteerRole.PATIENT_EXPERT),
                (5, 3, 2),
            )[0]
        vehicle, horsepower, electric = self.vehicle(position if showcase else -1)
        email_name = "-".join(fold(f"{first}.{last}").replace("'", "").split())
        return {
            "id": volunteer_id,
            "antenna_id": antenna_id,
            "first_name": first,
            "last_name": last,
            "name_key": name_key(first, last),
            "role": role,
            "email": f"{email_name}@example.org",
            "phone": f"06 39 98 {rng.randrange(100):02d} {rng.randrange(100):02d}",
            "address": f"{rng.randint(1, 120)} {rng.choice(data.STREETS)}",
            "postal_code": town.postal_code,
            "city": town.name,
            "vehicle_kind": vehicle,
            "fiscal_horsepower": horsepower,
            "electric": electric,
            "active": True,
            "deleted_at": None,
            **self.tracked(self.start),
        }

    def vehicle(self, showcase: int) -> tuple[VehicleKind | None, int | None, bool]:
        """Mostly cars of 3 to 7 CV; the first antenna shows every other case once."""
        rng = self.rng
        draw = {2: 0.78, 3: 0.84, 4: 0.90, 5: 0.96}.get(showcase, rng.random())
        if draw < 0.74:
            return VehicleKind.CAR, rng.choices((3, 4, 5, 6, 7), (1, 3, 4, 3, 2))[0], False
        if draw < 0.82:
            return VehicleKind.CAR, rng.choice((3, 4)), True
        if draw < 0.85:
            return VehicleKind.MOTORCYCLE, rng.choice((2, 3, 4)), False
        if draw < 0.93:
            return None, None, False  # not known yet: the coordinator will complete it
        return VehicleKind.NONE, None, False

    # -- when activities happen ----------------------------------------------------------------
    def schedule(self, sites: list[Site]) -> list[Event]:
        """A realistic rhythm: weekly groups (fewer in August and at Christmas), visits, talks."""
        rng, events = self.rng, []
        day = self.start
        while day <= self.today:
            quiet = day.month == 8 or (day.month, day.day) >= (12, 24) or day.timetuple()[7] < 2
            weekday = day.weekday()
            for index, site in enumerate(sites):
                if weekday == site.group_weekday and rng.random() < (0.3 if quiet else 0.93):
                    events.append((day, index, ActivityKind.GROUP))
                if weekday < 6 and rng.random() < (0.05 if quiet else 0.2):
                    events.append((day, index, ActivityKind.VISIT))
                if weekday < 5 and not quiet and rng.random() < 0.09:
                    events.append((day, index, ActivityKind.INTERVENTION))
                for kind in self.other_kinds:  # kinds without a rhythm of their own
                    if weekday < 5 and not quiet and rng.random() < kind.demo_weight / 500:
                        events.append((day, index, kind))
            day += timedelta(days=1)
        return events

    def spread(self, sites: list[Site], count: int) -> list[Event]:
        """Exactly ``count`` activities over the period, in date order (for benchmarks)."""
        rng, span = self.rng, (self.today - self.start).days + 1
        registered = list(KINDS)
        kinds = rng.choices(registered, [k.demo_weight for k in registered], k=count)
        events = [
            (self.start + timedelta(days=rng.randrange(span)), rng.randrange(len(sites)), kind)
            for kind in kinds
        ]
        events.sort(key=lambda e: e[0])
        return events

    # -- the activities themselves --------------------------------------------------------------
    def activities(
        self, sites: list[Site], events: list[Event], first_id: int
    ) -> tuple[list[Row], list[Row], list[Row]]:
        """Rows of ``events``, numbered from ``first_id``: (activities, links, expenses)."""
        rng = self.rng
        rows: list[Row] = []
        links: list[Row] = []
        expenses: list[Row] = []
        makers = {
            ActivityKind.GROUP.code: self.group,
            ActivityKind.VISIT.code: self.visit,
            ActivityKind.INTERVENTION.code: self.intervention,
        }
        for activity_id, (day, index, kind) in enumerate(events, start=first_id):
            site = sites[index]
            row = makers[kind.code](site, day) if kind.code in makers else self.other(kind, site)
            row.update(id=activity_id, kind=kind, antenna_id=site.id, date=day, deleted_at=None)
            row.update(self.tracked(day))
            rows.append(row)
            pair = (kind is ActivityKind.GROUP and rng.random() < 0.6) or rng.random() < 0.25
            people = rng.sample(site.people, 2 if pair else 1)
            links.extend(
                {"activity_id": activity_id, "volunteer_id": p.id, "position": position}
                for position, p in enumerate(people)
            )
            expenses.extend(self.expenses(row, people[0]))
            self.summary.activities[kind.code] = self.summary.activities.get(kind.code, 0) + 1
        self.summary.expenses += len(expenses)
        if events:
            first, last = events[0][0], events[-1][0]
            summary = self.summary
            summary.first_date = min(summary.first_date or first, first)
            summary.last_date = max(summary.last_date or last, last)
        return rows, links, expenses

    @staticmethod
    def blank() -> Row:
        """Every column of an activity, so that all rows of a bulk insert share their keys."""
        return {
            "start_time": None,
            "duration_minutes": None,
            "place": "",
            "partner_id": None,
            "notes": "",
            "theme": "",
            "participants": None,
            "first_timers": None,
            "relatives": None,
            "requester": None,
            "visit_place": None,
            "reference": "",
            "intervention_format": None,
            "audience_kind": None,
            "audience_size": None,
        }

    @property
    def other_kinds(self) -> list[ActivityKind]:
        """Registered kinds the demo has no vocabulary of its own for."""
        return [kind for kind in KINDS if kind not in ActivityKind.BUILT_IN]

    def other(self, kind: ActivityKind, site: Site) -> Row:
        """An activity of a kind without demo vocabulary: its fields filled from their type."""
        rng = self.rng
        row = self.blank() | {
            "start_time": site.group_time,
            "duration_minutes": kind.default_duration,
            "place": site.group_place,
        }
        for use in kind.fields:
            spec = use.field
            if spec.value is ValueKind.COUNT:
                row[use.name] = rng.randint(0, 3) if row.get("participants") else rng.randint(4, 12)
            elif spec.value is ValueKind.CHOICE and spec.choices is not None:
                row[use.name] = rng.choice(list(spec.choices))
            elif use.name == "theme":
                row[use.name] = rng.choice(data.THEMES)
        return row

    def group(self, site: Site, day: date) -> Row:
        rng = self.rng
        participants = rng.randint(4, 15)
        return self.blank() | {
            "start_time": site.group_time,
            "duration_minutes": rng.choice((90, 120, 120, 150)),
            "place": site.group_place,
            "theme": rng.choice(data.THEMES),
            "participants": participants,
            "first_timers": min(participants, rng.choices((0, 1, 2, 3), (4, 4, 2, 1))[0]),
            "relatives": rng.randint(0, participants // 3),
            "notes": rng.choice(data.GROUP_NOTES),
        }

    def visit(self, site: Site, day: date) -> Row:
        rng = self.rng
        place_kind = rng.choices(
            (VisitPlace.HOME, VisitPlace.HOSPITAL, VisitPlace.CARE_FACILITY), (4, 4, 2)
        )[0]
        place = {
            VisitPlace.HOME: f"À domicile, {site.town.name}",
            VisitPlace.HOSPITAL: f"CHU de {site.town.name}",
            VisitPlace.CARE_FACILITY: f"Clinique des Cèdres, {site.town.name}",
        }[place_kind]
        return self.blank() | {
            "start_time": time(rng.randint(9, 17), rng.choice((0, 30))),
            "duration_minutes": rng.choice((30, 45, 60, 60, 90, 120)),
            "place": place,
            "requester": rng.choices(list(Requester), (25, 25, 35, 10, 5))[0],
            "visit_place": place_kind,
            "reference": self.reference(site, day.year),
            "notes": rng.choice(data.VISIT_NOTES),
        }

    def reference(self, site: Site, year: int) -> str:
        """A pseudonymous code (V-2025-014); a third of visits follow up an earlier one."""
        known = site.references.setdefault(year, [])
        if known and self.rng.random() < 0.3:
            return self.rng.choice(known)
        known.append(f"V-{year}-{len(known) + 1:03d}")
        return known[-1]

    def intervention(self, site: Site, day: date) -> Row:
        rng = self.rng
        partner_id, name, kind = rng.choice(site.partners)
        fmt, audience, low, high = rng.choice(data.INTERVENTIONS[kind])
        return self.blank() | {
            "start_time": time(rng.randint(9, 18), rng.choice((0, 30))),
            "duration_minutes": rng.choice((60, 90, 120, 180)),
            "place": name,
            "partner_id": partner_id,
            "intervention_format": fmt,
            "audience_kind": audience,
            "audience_size": rng.randint(low, high),
            "notes": rng.choice(data.INTERVENTION_NOTES),
        }

    # -- what the first volunteer spent ---------------------------------------------------------
    def expenses(self, activity: dict[str, Any], person: Person) -> list[Row]:
        rng, day, place = self.rng, activity["date"], activity["place"]
        kind = activity["kind"]
        lines: list[tuple[ExpenseKind, Decimal | None, int | None, str]] = []
        far = kind is ActivityKind.INTERVENTION and rng.random() < 0.1
        if far:  # a talk in another town: train, and a meal on the way
            lines.append((ExpenseKind.TRANSPORT, None, rng.randint(1840, 8900), "Billet de train"))
            lines.append((ExpenseKind.MEAL, None, rng.randint(1250, 1990), "Repas"))
        elif person.vehicle is VehicleKind.NONE:
            if rng.random() < 0.6:
                lines.append((ExpenseKind.TRANSPORT, None, 380, "Tickets de bus aller-retour"))
        elif rng.random() < 0.8:
            one_way = person.home_km + rng.randint(0, EXTRA_KM.get(kind.code, 0))
            km = Decimal(2 * one_way * 10 + rng.randrange(10)).scaleb(-1)
            lines.append((ExpenseKind.MILEAGE, km, None, "Aller-retour"))
            self.summary.kilometres += km
            if one_way > 30 and rng.random() < 0.5:
                lines.append((ExpenseKind.TOLL, None, rng.randint(210, 1480), "Péage"))
        if activity["visit_place"] is VisitPlace.HOSPITAL and rng.random() < 0.5:
            lines.append((ExpenseKind.PARKING, None, rng.randint(150, 600), "Parking de l'hôpital"))
        if kind is ActivityKind.INTERVENTION and not far and activity["duration_minutes"] >= 180:
            lines.append((ExpenseKind.MEAL, None, rng.randint(1250, 1990), "Repas"))
        return [
            {
                "volunteer_id": person.id,
                "activity_id": activity["id"],
                "date": day,
                "kind": expense_kind,
                "km": km,
                "amount": None if cents is None else _money(cents),
                "trip_from": person.city if expense_kind is ExpenseKind.MILEAGE else "",
                "trip_to": place if expense_kind is ExpenseKind.MILEAGE else "",
                "description": description,
                "deleted_at": None,
                **self.tracked(day),
            }
            for expense_kind, km, cents, description in lines
        ]
