"""A month of claims in several states, for the document tests (figures computed by hand)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.claims import ClaimAction, PaymentMethod
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.services.claims import receipts
from pea_desktop.services.claims import workflow as claims
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, ExpenseClaim, ExpenseLine
from tests.services.claim_builders import World, add_line, build_world

A = ClaimAction


@dataclass
class Scenario:
    world: World
    alice_march: int  # NF-2025-0002, paid: 153,20 mileage + 4,80 + 14,50 + 3,20 = 175,70
    chloe_march: int  # NF-2025-0003, waived: 1 000 km electric 5 CV = 763,20
    bruno_march: int  # NF-2025-0004, draft, unknown vehicle: 42 km at 3 CV = 22,22 + 2,10


def build_scenario(db: Database, tmp_receipt_dir: object = None) -> Scenario:
    w = build_world(db)
    with db.session() as s:
        group = Activity(
            kind=ActivityKind.GROUP, antenna_id=w.antenna, date=date(2025, 3, 3), place="CSAPA"
        )
        s.add(group)
        s.flush()
        group_id = group.id
    add_line(db, w.alice, date(2025, 1, 15), km="4800")
    claims.prepare_month(db, 2025, 1)
    with db.session() as s:
        january = s.scalar(select(ExpenseClaim.id))
    for action in (A.SUBMIT, A.APPROVE):
        claims.apply_action(db, january, action, actor="Marie")
    trip = add_line(db, w.alice, date(2025, 3, 3), km="150", trip_to="Hôpital Édouard-Herriot")
    with db.session() as s:
        s.get(ExpenseLine, trip).activity_id = group_id
    add_line(db, w.alice, date(2025, 3, 10), km="120")
    add_line(db, w.alice, date(2025, 3, 20), km="80")
    toll = add_line(db, w.alice, date(2025, 3, 10), ExpenseKind.TOLL, amount="4.80")
    add_line(db, w.alice, date(2025, 3, 10), ExpenseKind.MEAL, amount="14.50", description="Repas")
    add_line(db, w.alice, date(2025, 3, 21), ExpenseKind.PARKING, amount="3.20")
    add_line(db, w.bruno, date(2025, 3, 12), km="42", trip_from="Bron", trip_to="Lyon")
    add_line(db, w.bruno, date(2025, 3, 12), ExpenseKind.TRANSPORT, amount="2.10")
    add_line(db, w.chloe, date(2025, 3, 5), km="1000", trip_from="Grenoble", trip_to="Lyon")
    claims.prepare_month(db, 2025, 3)
    with db.session() as s:
        ids = {c.number: c.id for c in s.scalars(select(ExpenseClaim))}
        s.get(ExpenseClaim, ids["NF-2025-0003"]).waiver = True
    if tmp_receipt_dir is not None:
        scan = tmp_receipt_dir / "ticket.pdf"  # type: ignore[operator]
        scan.write_bytes(b"%PDF-1.4 ticket")
        receipts.attach_file(db, toll, scan)
    for action in (A.SUBMIT, A.APPROVE):
        claims.apply_action(db, ids["NF-2025-0002"], action, actor="Marie")
    payment = claims.Payment(date(2025, 4, 20), PaymentMethod.TRANSFER, "VIR-0420")
    claims.apply_action(
        db, ids["NF-2025-0002"], A.PAY, actor="Hélène", payment=payment, today=date(2025, 4, 30)
    )
    for action in (A.SUBMIT, A.APPROVE, A.WAIVE):
        claims.apply_action(db, ids["NF-2025-0003"], action, actor="Marie", today=date(2025, 4, 2))
    return Scenario(w, ids["NF-2025-0002"], ids["NF-2025-0003"], ids["NF-2025-0004"])
