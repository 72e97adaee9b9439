"""A small database whose summary figures were computed by hand (see the comments).

It also plants what must never leave the database: a person's name in a note and in a visit's
place, a visit reference, and a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.claims import ClaimStatus
from pea_desktop.domain.enums import (
    AudienceKind,
    ExpenseKind,
    InterventionFormat,
    PartnerKind,
    Requester,
    VisitPlace,
)
from pea_desktop.store.database import Database
from pea_desktop.store.models import (
    Activity,
    Antenna,
    AssociationSettings,
    ExpenseClaim,
    ExpenseLine,
    Partner,
    Volunteer,
)

ASSOCIATION = "Fédération Entraide & Addictions"
SECRET_NAME = "Gwendoline Quintessart"
SECRET_REFERENCE = "V-2025-ZX93"
SECRET_NOTE = "Rechute signalée par sa sœur, rappeler jeudi"
SECRET_PLACE = "Domicile de M. Barnabé Vérité-Cachée"
SECRETS = (SECRET_NAME, SECRET_REFERENCE, SECRET_NOTE, SECRET_PLACE, "Quintessart", "Barnabé")

DELETED = datetime(2025, 12, 1, 10, 0)


@dataclass
class Known:
    lyon: int
    gren: int
    volunteers: dict[str, int]


def build(db: Database) -> Known:
    with db.session() as s:
        s.add(AssociationSettings(id=1, name=ASSOCIATION))
        lyon = Antenna(code="LYON", name="Lyon Métropole", department="69")
        gren = Antenna(code="GREN", name="Grenoble", department="38")
        s.add_all([lyon, gren])
        s.flush()

        def vol(first: str, last: str, antenna: Antenna, deleted: bool = False) -> Volunteer:
            v = Volunteer(
                antenna_id=antenna.id,
                first_name=first,
                last_name=last,
                deleted_at=DELETED if deleted else None,
            )
            s.add(v)
            return v

        alice = vol("Alice", "Aubert", lyon)
        bruno = vol("Bruno", "Béranger", lyon)
        chloe = vol("Chloé", "Corbin", lyon, deleted=True)
        denis = vol("Denis", "Durand", gren)
        csapa = Partner(name="CSAPA Lyon Centre", kind=PartnerKind.CSAPA, town="Lyon")
        ifsi = Partner(name="IFSI Lyon Sud", kind=PartnerKind.SCHOOL, town="Oullins")
        chu = Partner(name="CHU Grenoble Alpes", kind=PartnerKind.HOSPITAL, town="Grenoble")
        s.add_all([csapa, ifsi, chu])
        s.flush()

        def act(
            kind: ActivityKind,
            day: date,
            minutes: int,
            vols: list[Volunteer],
            antenna: Antenna = lyon,
            **kw: object,
        ) -> Activity:
            a = Activity(kind=kind, antenna_id=antenna.id, date=day, duration_minutes=minutes, **kw)
            a.volunteers = vols
            s.add(a)
            return a

        g = ActivityKind.GROUP
        v = ActivityKind.VISIT
        t = ActivityKind.INTERVENTION
        # LYON 2025 -- groups: 4, participants 35, first-timers 6, relatives 7
        a1 = act(
            g, date(2025, 3, 10), 120, [alice, bruno], participants=10, first_timers=3, relatives=2
        )
        act(g, date(2025, 3, 24), 90, [alice], participants=8, first_timers=1, relatives=0)
        a3 = act(
            g,
            date(2025, 5, 5),
            120,
            [alice, bruno],
            participants=12,
            first_timers=2,
            relatives=4,
            notes=f"{SECRET_NAME} : {SECRET_NOTE}",
        )
        a4 = act(
            v,
            date(2025, 3, 15),
            60,
            [bruno],
            requester=Requester.FAMILY,
            visit_place=VisitPlace.HOSPITAL,
            reference=SECRET_REFERENCE,
            place=SECRET_PLACE,
        )
        act(
            v,
            date(2025, 6, 2),
            45,
            [alice],
            requester=Requester.PROFESSIONAL,
            visit_place=VisitPlace.HOME,
            reference="V-2025-008",
        )
        a6 = act(
            t,
            date(2025, 5, 20),
            180,
            [alice, bruno],
            intervention_format=InterventionFormat.TESTIMONY,
            audience_kind=AudienceKind.PROFESSIONALS,
            audience_size=25,
            partner_id=csapa.id,
        )
        a7 = act(
            t,
            date(2025, 11, 3),
            120,
            [bruno],
            intervention_format=InterventionFormat.PREVENTION,
            audience_kind=AudienceKind.STUDENTS,
            audience_size=40,
            partner_id=ifsi.id,
        )
        gone = act(
            g,
            date(2025, 4, 1),
            600,
            [alice],
            participants=99,
            first_timers=9,
            relatives=9,
            deleted_at=DELETED,
        )
        act(g, date(2025, 4, 8), 60, [chloe, alice], participants=5, first_timers=0, relatives=1)
        # LYON 2024 (the year before)
        act(g, date(2024, 3, 11), 120, [alice], participants=6, first_timers=1, relatives=1)
        act(
            v,
            date(2024, 7, 1),
            60,
            [bruno],
            requester=Requester.PERSON,
            visit_place=VisitPlace.HOME,
            reference="V-2024-001",
        )
        # GREN 2025
        act(g, date(2025, 3, 12), 120, [denis], gren, participants=7, first_timers=2, relatives=3)
        a13 = act(
            t,
            date(2025, 9, 9),
            90,
            [denis],
            gren,
            intervention_format=InterventionFormat.INFORMATION,
            audience_kind=AudienceKind.GENERAL,
            audience_size=60,
            partner_id=chu.id,
        )
        s.flush()

        def line(
            who: Volunteer,
            day: date,
            kind: ExpenseKind,
            activity: Activity | None = None,
            km: str | None = None,
            amount: str | None = None,
            deleted: bool = False,
            claim: ExpenseClaim | None = None,
        ) -> None:
            s.add(
                ExpenseLine(
                    volunteer_id=who.id,
                    claim_id=claim.id if claim else None,
                    activity_id=activity.id if activity else None,
                    date=day,
                    kind=kind,
                    km=Decimal(km) if km else None,
                    amount=Decimal(amount) if amount else None,
                    description=SECRET_NOTE if kind == ExpenseKind.MEAL else "",
                    deleted_at=DELETED if deleted else None,
                )
            )

        # LYON 2025: km 60.5, reimbursed 23.00
        line(alice, date(2025, 3, 10), ExpenseKind.MILEAGE, a1, km="42.5")
        line(alice, date(2025, 3, 10), ExpenseKind.TOLL, a1, amount="4.20")
        line(bruno, date(2025, 3, 15), ExpenseKind.MILEAGE, a4, km="18")
        line(bruno, date(2025, 5, 20), ExpenseKind.PARKING, a6, amount="6.50")
        line(alice, date(2025, 6, 15), ExpenseKind.MEAL, None, amount="12.30")
        line(alice, date(2025, 6, 16), ExpenseKind.MEAL, None, amount="100", deleted=True)
        line(alice, date(2025, 4, 1), ExpenseKind.MILEAGE, gone, km="30")
        # A waived claim (8.00 given up by Bruno) and a refused one (3.10, counts for nothing).
        waived = claim(s, bruno, lyon, 1, ClaimStatus.WAIVED)
        refused = claim(s, alice, lyon, 2, ClaimStatus.REFUSED)
        line(bruno, date(2025, 11, 3), ExpenseKind.PARKING, a7, amount="8.00", claim=waived)
        line(alice, date(2025, 5, 5), ExpenseKind.TOLL, a3, amount="3.10", claim=refused)
        # GREN 2025: km 55, reimbursed 23.80
        line(denis, date(2025, 9, 9), ExpenseKind.MILEAGE, a13, km="55")
        line(denis, date(2025, 9, 9), ExpenseKind.TRANSPORT, a13, amount="23.80")
        return Known(lyon.id, gren.id, {"alice": alice.id, "bruno": bruno.id, "denis": denis.id})


def claim(
    s: Session, who: Volunteer, antenna: Antenna, seq: int, status: ClaimStatus
) -> ExpenseClaim:
    row = ExpenseClaim(
        number=f"NF-2025-{seq:04d}",
        year=2025,
        seq=seq,
        volunteer_id=who.id,
        antenna_id=antenna.id,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        status=status,
        waiver=status == ClaimStatus.WAIVED,
    )
    s.add(row)
    s.flush()
    return row
