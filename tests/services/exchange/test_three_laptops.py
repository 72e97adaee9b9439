"""The exchange with three bases: the coordinator's laptop, Alice's and Bruno's."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text

from pea_desktop.domain.claims import ClaimAction, ClaimStatus
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.period import Period
from pea_desktop.services.claims.receipts import attach_file, attachments_dir
from pea_desktop.services.claims.workflow import apply_action, prepare_month
from pea_desktop.services.exchange import conflicts, peers, sending
from pea_desktop.services.exchange.rows import UuidMap, read_contents
from pea_desktop.services.summaries.summary import summarize
from pea_desktop.store.database import Database
from pea_desktop.store.exchange_models import ExchangeClaimState, ExchangeNotice
from pea_desktop.store.models import Activity, ExpenseClaim, ExpenseLine, ReceiptFile
from tests.services.exchange import world
from tests.services.exchange.world import Laptop


@pytest.fixture
def laptops(
    tmp_path: Path, migrated_template: Path, db: Database
) -> Iterator[tuple[Laptop, Laptop, Laptop]]:
    """The coordination's base on each engine (``db``), the volunteers' laptops files."""
    coord = world.coordinator(tmp_path, migrated_template, db)
    alice = world.join(coord, tmp_path, migrated_template, "Alice Bérard")
    bruno = world.join(coord, tmp_path, migrated_template, "Bruno Élie")
    yield coord, alice, bruno
    for lap in (coord, alice, bruno):
        lap.db.close()


def places(lap: Laptop) -> list[str]:
    with lap.db.session() as s:
        return sorted(s.scalars(select(Activity.place).where(Activity.deleted_at.is_(None))))


def set_place(lap: Laptop, old: str, new: str) -> None:
    with lap.db.session() as s:
        s.scalars(select(Activity).where(Activity.place == old)).one().place = new


def count(lap: Laptop, table: str) -> int:
    with lap.db.session() as s:
        return int(s.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_join_gives_the_antenna_and_names_only_of_others(laptops: tuple[Laptop, ...]) -> None:
    _, alice, _ = laptops
    with alice.db.session() as s:
        rows = s.execute(
            text("SELECT first_name, address FROM volunteer ORDER BY first_name")
        ).all()
        antennas = s.execute(text("SELECT code FROM antenna")).scalars().all()
    assert antennas == ["LYON"]  # not Grenoble
    assert dict(rows) == {"Alice": "3 place Bellecour", "Bruno": ""}  # no one else's address


def test_sends_both_ways_twice_received_and_out_of_order(laptops: tuple[Laptop, ...]) -> None:
    coord, alice, bruno = laptops
    world.log_group(alice, "Alice", place="Salle A", meal="14.50")
    first = alice.send()
    world.log_group(alice, "Alice", day=date(2026, 3, 20), place="Salle B")
    second = alice.send()
    world.log_group(bruno, "Bruno", place="Salle C")
    from_bruno = bruno.send()

    got = coord.receive(second)  # out of order: the second file first
    assert got.joined and got.counts.new["activity"] == 2  # the second carries both
    late = coord.receive(first)  # the first, late: nothing new, nothing duplicated
    assert late.counts.total == 0 and late.already_here == 3
    coord.receive(from_bruno)
    with pytest.raises(BadInputError, match="déjà été reçu"):
        coord.receive(second)
    assert places(coord) == ["Salle A", "Salle B", "Salle C"]
    assert count(coord, "expense_line") == 4

    back = alice.receive(coord.send("Alice Bérard"))
    assert back.counts.total == 0  # Alice's own records are already hers
    assert places(alice) == ["Salle A", "Salle B"]  # not Bruno's
    # Acknowledged: Alice's next file carries nothing already received.
    assert sending.prepare(alice.db, commit=False).counts.total == 0


def test_altered_truncated_foreign_and_revoked_files_change_nothing(
    laptops: tuple[Laptop, ...], tmp_path: Path, migrated_template: Path
) -> None:
    coord, alice, bruno = laptops
    world.log_group(alice, "Alice")
    good = alice.send()
    data = good.read_bytes()
    for name, broken, reason in (
        ("altere.pea", data[:200] + bytes([data[200] ^ 1]) + data[201:], "modifié ou abîmé"),
        ("tronque.pea", data[: len(data) // 2], "incomplet"),
        ("autre.txt", b"bonjour", "n'est pas un fichier d'échange"),
    ):
        path = tmp_path / name
        path.write_bytes(broken)
        with pytest.raises(BadInputError, match=reason):
            coord.receive(path)
    assert places(coord) == []
    # Bruno's file for the coordinator, given to Alice's laptop: not her coordinator's.
    with pytest.raises(BadInputError, match="autre ordinateur"):
        alice.receive(bruno.send())
    coord.receive(good)
    assert places(coord) == ["Maison des associations"]
    # Revoked: Alice's laptop is refused, until she joins again from a new invitation.
    assert peers.revoke(coord.db, "Alice Bérard") == 1
    world.log_group(alice, "Alice", place="Après révocation")
    with pytest.raises(BadInputError, match="révoqué"):
        coord.receive(alice.send())
    assert "Après révocation" not in places(coord)
    with pytest.raises(BadInputError, match="rien envoyé"):
        coord.send("Alice Bérard")


def test_a_file_from_an_unknown_laptop_is_refused(
    laptops: tuple[Laptop, ...], tmp_path: Path, migrated_template: Path
) -> None:
    coord, alice, _ = laptops
    # Another coordinator's base invites "Alice" too: her file there is unknown here.
    (tmp_path / "x").mkdir()
    other = world.coordinator(tmp_path / "x", migrated_template)
    mallory = world.join(other, tmp_path / "x", migrated_template, "Alice Bérard")
    world.log_group(mallory, "Alice", place="Intrus")
    forged = mallory.send()
    with pytest.raises(BadInputError, match="autre ordinateur"):
        coord.receive(forged)
    assert places(coord) == []
    del alice


def test_rejoin_after_revocation(
    laptops: tuple[Laptop, ...], tmp_path: Path, migrated_template: Path
) -> None:
    coord, alice, _ = laptops
    world.log_group(alice, "Alice", place="Avant la perte")
    coord.receive(alice.send())
    peers.revoke(coord.db, "Alice Bérard")
    new_laptop = world.join(coord, tmp_path, migrated_template, "Alice Bérard", "neuf")
    coord.receive(new_laptop.send())  # registers the new laptop
    back = new_laptop.receive(coord.send("Alice Bérard"))
    assert back.counts.new["activity"] == 1  # her history comes back on the new laptop
    assert places(new_laptop) == ["Avant la perte"]


@pytest.mark.parametrize("choice", [conflicts.LOCAL, conflicts.REMOTE])
def test_a_conflict_resolved_each_way(laptops: tuple[Laptop, ...], choice: str) -> None:
    coord, alice, _ = laptops
    world.log_group(alice, "Alice", place="Salle")
    coord.receive(alice.send())
    alice.receive(coord.send("Alice Bérard"))
    set_place(coord, "Salle", "Salle du coordinateur")
    set_place(alice, "Salle", "Salle d'Alice")
    got = coord.receive(alice.send())
    assert got.conflicts == 1
    assert places(coord) == ["Salle du coordinateur"]  # nothing overwritten in silence
    (conflict,) = conflicts.list_conflicts(coord.db)
    assert ("Lieu", "Salle du coordinateur", "Salle d'Alice") in conflict.differences()
    conflicts.resolve(coord.db, conflict.id, choice)
    expected = "Salle du coordinateur" if choice == conflicts.LOCAL else "Salle d'Alice"
    assert places(coord) == [expected]
    alice.receive(coord.send("Alice Bérard"))  # the choice travels back
    assert places(alice) == [expected]
    coord.receive(alice.send())
    assert places(coord) == [expected] and conflicts.list_conflicts(coord.db) == []


def test_a_change_to_a_locked_expense_is_refused_with_its_reason(
    laptops: tuple[Laptop, ...],
) -> None:
    coord, alice, _ = laptops
    world.log_group(alice, "Alice", place="Salle", km="40", meal="14.50")
    coord.receive(alice.send())
    prepare_month(coord.db, 2026, 3)
    with coord.db.session() as s:
        claim_id = s.scalars(select(ExpenseClaim.id)).one()
    apply_action(coord.db, claim_id, ClaimAction.SUBMIT, today=date(2026, 4, 2))
    apply_action(coord.db, claim_id, ClaimAction.APPROVE, today=date(2026, 4, 2))
    with coord.db.session() as s:
        before = s.get(ExpenseClaim, claim_id)
        assert before is not None
        amounts = sorted(line.amount or Decimal(0) for line in before.lines)
    with alice.db.session() as s:
        meal = s.scalars(select(ExpenseLine).where(ExpenseLine.km.is_(None))).one()
        meal.amount = Decimal("99.00")
    got = coord.receive(alice.send())
    assert len(got.refused) == 1 and "n'est plus un brouillon" in got.refused[0]
    with coord.db.session() as s:
        after = s.get(ExpenseClaim, claim_id)
        assert after is not None
        assert sorted(line.amount or Decimal(0) for line in after.lines) == amounts
    alice.receive(coord.send("Alice Bérard"))
    with alice.db.session() as s:
        assert s.scalars(
            select(ExpenseLine.amount).where(ExpenseLine.km.is_(None))
        ).one() == Decimal("14.50")  # back to what the coordinator approved
        notices = s.scalars(select(ExchangeNotice.message)).all()
        state = s.scalars(select(ExchangeClaimState)).one()
    assert any("refusée" in n for n in notices)
    assert state.status == ClaimStatus.APPROVED.value and state.amount == sum(amounts)


def test_receipts_travel_with_their_checksum_and_deletions_travel(
    laptops: tuple[Laptop, ...], tmp_path: Path
) -> None:
    coord, alice, _ = laptops
    world.log_group(alice, "Alice", place="Salle", meal="14.50")
    world.log_group(alice, "Alice", day=date(2026, 3, 21), place="À supprimer")
    scan = tmp_path / "ticket.pdf"
    scan.write_bytes(b"%PDF-1.4 ticket de repas " + bytes(range(256)) * 40)
    with alice.db.session() as s:
        line_id = s.scalars(select(ExpenseLine.id).where(ExpenseLine.km.is_(None))).one()
    attach_file(alice.db, line_id, scan)
    got = coord.receive(alice.send())
    assert got.receipt_files == 1
    with coord.db.session() as s:
        receipt = s.scalars(select(ReceiptFile)).one()
    stored = attachments_dir(coord.db) / receipt.stored_name
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == receipt.sha256
    assert stored.read_bytes() == scan.read_bytes()
    from pea_desktop.services.activities.records import delete_activities

    with alice.db.session() as s:
        doomed = s.scalars(select(Activity.id).where(Activity.place == "À supprimer")).one()
    delete_activities(alice.db, [doomed])
    got = coord.receive(alice.send())
    assert got.counts.deleted["activity"] == 1
    assert places(coord) == ["Salle"]


def test_coordinator_equals_a_single_base_holding_every_entry(
    laptops: tuple[Laptop, ...], tmp_path: Path, migrated_template: Path
) -> None:
    coord, alice, bruno = laptops
    (tmp_path / "s").mkdir()
    single = world.coordinator(tmp_path / "s", migrated_template)
    for lap, first in ((alice, "Alice"), (bruno, "Bruno"), (single, "Alice"), (single, "Bruno")):
        world.log_group(lap, first, place=f"Salle {first}", km="30", meal="12.00")
        world.log_group(lap, first, day=date(2026, 3, 28), place="Mairie", km="250")
    coord.receive(alice.send())
    coord.receive(bruno.send())
    for base in (coord, single):
        prepare_month(base.db, 2026, 3)

    def claims(lap: Laptop) -> list[tuple[str, Decimal]]:
        with lap.db.session() as s:
            return sorted(
                (
                    c.volunteer.first_name,
                    sum((ln.amount or Decimal(0) for ln in c.lines), Decimal()),
                )
                for c in s.scalars(select(ExpenseClaim))
            )

    assert claims(coord) == claims(single)
    period = Period.for_year(2026)
    assert summarize(coord.db, period, "LYON") == summarize(single.db, period, "LYON")
    single.db.close()


def test_row_versions_stay_home_and_a_received_change_is_a_new_version(
    laptops: tuple[Laptop, ...],
) -> None:
    """Each base keeps its own optimistic-locking versions: they do not travel, and a change
    taken from a file bumps the row's version here (an open form's stale save is refused)."""
    coord, alice, _ = laptops
    world.log_group(alice, "Alice", place="Salle A")
    coord.receive(alice.send())
    with coord.db.session() as s:
        ids = UuidMap(s)
        contents = read_contents(s, "activity", ids)
        assert contents and all(
            "version" not in c and "updated_by" not in c for c in contents.values()
        )
        before = s.execute(text("SELECT version FROM activity")).scalar_one()
    set_place(alice, "Salle A", "Salle A bis")
    coord.receive(alice.send())
    with coord.db.session() as s:
        assert s.execute(text("SELECT version FROM activity")).scalar_one() == before + 1
    assert places(coord) == ["Salle A bis"]
