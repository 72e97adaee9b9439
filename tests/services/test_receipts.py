"""Attached receipts stored by checksum; tax receipts numbered per year, frozen, reissued."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from pea_desktop.domain.claims import ClaimAction, ClaimStatus, ReceiptStatus
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.claims import receipts
from pea_desktop.services.claims import workflow as claims
from pea_desktop.services.claims.views import load_claim
from pea_desktop.store.claims_models import TaxReceipt
from pea_desktop.store.database import Database
from pea_desktop.store.models import AssociationSettings, ExpenseClaim, Volunteer
from tests.services.claim_builders import D, add_line, build_world

A = ClaimAction


def claim_id_of(db: Database, number: str) -> int:
    with db.session() as s:
        return s.scalar(select(ExpenseClaim.id).where(ExpenseClaim.number == number))


def waived_claim(db: Database, volunteer: int, month: int, amount: str, day: date) -> int:
    add_line(db, volunteer, date(2025, month, 3), ExpenseKind.TRANSPORT, amount=amount)
    claims.prepare_month(db, 2025, month)
    with db.session() as s:
        claim = s.scalar(
            select(ExpenseClaim).where(
                ExpenseClaim.volunteer_id == volunteer,
                ExpenseClaim.period_start == date(2025, month, 1),
            )
        )
        claim.waiver = True
        claim_id = claim.id
    for action in (A.SUBMIT, A.APPROVE, A.WAIVE):
        claims.apply_action(db, claim_id, action, actor="Hélène", today=day)
    return claim_id


def test_attached_file_is_copied_under_its_checksum(db: Database, tmp_path: Path) -> None:
    w = build_world(db)
    line = add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.TOLL, amount="4.80")
    other = add_line(db, w.alice, date(2025, 3, 5), ExpenseKind.TOLL, amount="4.80")
    scan = tmp_path / "ticket péage.PDF"
    scan.write_bytes(b"%PDF-1.4 ticket")
    checksum = hashlib.sha256(b"%PDF-1.4 ticket").hexdigest()

    first = receipts.attach_file(db, line, scan)
    second = receipts.attach_file(db, other, scan)
    stored = receipts.attachments_dir(db) / f"{checksum}.pdf"
    assert stored.read_bytes() == b"%PDF-1.4 ticket"
    assert sorted(p.name for p in receipts.attachments_dir(db).iterdir()) == [stored.name]
    assert receipts.receipt_file(db, first) == stored == receipts.receipt_file(db, second)
    assert stored.stat().st_mode & 0o077 == 0

    scan.unlink()  # the original may go: the copy stays
    claims.prepare_month(db, 2025, 3)
    detail = load_claim(db, claim_id_of(db, "NF-2025-0001"))
    assert [r.original_name for r in detail.lines[0].receipts] == ["ticket péage.PDF"]
    assert detail.receipt_count == 2
    receipts.remove_receipt(db, second)
    assert load_claim(db, detail.id).receipt_count == 1
    assert stored.exists()  # still used by the first line


def test_attachment_refusals(db: Database, tmp_path: Path) -> None:
    w = build_world(db)
    line = add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.TOLL, amount="4.80")
    text = tmp_path / "notes.txt"
    text.write_text("x")
    with pytest.raises(BadInputError, match="PDF et les images"):
        receipts.attach_file(db, line, text)
    with pytest.raises(BadInputError, match="n'existe pas"):
        receipts.attach_file(db, line, tmp_path / "absent.pdf")
    photo = tmp_path / "photo.jpeg"
    photo.write_bytes(b"\xff\xd8 photo")
    receipt = receipts.attach_file(db, line, photo)
    claims.prepare_month(db, 2025, 3)
    claim_id = claim_id_of(db, "NF-2025-0001")
    for action in (A.SUBMIT, A.APPROVE):
        claims.apply_action(db, claim_id, action, actor="Hélène")
    with pytest.raises(BadInputError, match="verrouillée"):
        receipts.attach_file(db, line, photo)
    with pytest.raises(BadInputError, match="verrouillée"):
        receipts.remove_receipt(db, receipt)
    receipts.receipt_file(db, receipt).unlink()
    with pytest.raises(BadInputError, match="introuvable"):
        receipts.receipt_file(db, receipt)


def test_waiver_issues_a_numbered_frozen_tax_receipt(db: Database) -> None:
    w = build_world(db)
    claim_id = waived_claim(db, w.alice, 3, "23.50", date(2025, 4, 2))
    detail = load_claim(db, claim_id)
    assert detail.status is ClaimStatus.WAIVED and detail.tax_receipt_number == "RF-2025-0001"
    assert "RF-2025-0001" in detail.history[-1].note
    with db.session() as s:
        receipt = s.scalar(select(TaxReceipt))
        assert (receipt.amount, receipt.donation_date) == (D("23.50"), date(2025, 4, 2))
        assert receipt.donor_name == "Alice BÉRARD"
        assert receipt.donor_address == "3 place Bellecour\n69002 Lyon"
        assert json.loads(receipt.association_json)["rna"] == "W691234567"
        # Later changes of the association or the donor do not alter the issued receipt.
        s.get(AssociationSettings, 1).name = "Nouveau nom"
        s.get(Volunteer, w.alice).address = "ailleurs"
    with db.session() as s:
        receipt = s.scalar(select(TaxReceipt))
        assert json.loads(receipt.association_json)["name"] == "Entraide Addictions Rhône"
        assert receipt.donor_address.startswith("3 place Bellecour")

    second = waived_claim(db, w.bruno, 5, "8.00", date(2025, 6, 1))
    assert load_claim(db, second).tax_receipt_number == "RF-2025-0002"
    third = waived_claim(db, w.chloe, 7, "5.00", date(2026, 1, 10))  # numbered in its year
    assert load_claim(db, third).tax_receipt_number == "RF-2026-0001"


def test_waiver_needs_the_association_details(db: Database) -> None:
    w = build_world(db, with_association=False)
    with pytest.raises(BadInputError) as error:
        waived_claim(db, w.alice, 3, "23.50", date(2025, 4, 2))
    assert "RNA ou SIREN" in str(error.value) and "signataire" in str(error.value)
    claim_id = claim_id_of(db, "NF-2025-0001")
    assert load_claim(db, claim_id).status is ClaimStatus.APPROVED  # nothing half-done
    with db.session() as s:
        assert s.scalar(select(TaxReceipt.id)) is None


def test_waiver_needs_the_donors_address(db: Database) -> None:
    w = build_world(db)
    with db.session() as s:
        s.get(Volunteer, w.bruno).address = ""
    with pytest.raises(BadInputError, match="adresse du donateur Bruno Élie"):
        waived_claim(db, w.bruno, 3, "8.00", date(2025, 4, 2))


def test_cancel_and_reissue_leaves_a_trace(db: Database) -> None:
    w = build_world(db)
    claim_id = waived_claim(db, w.alice, 3, "23.50", date(2025, 4, 2))
    with db.session() as s:
        first_id = s.scalar(select(TaxReceipt.id))
        s.get(Volunteer, w.alice).address = "8 quai Saint-Vincent"
    with pytest.raises(BadInputError, match="pourquoi"):
        receipts.reissue_tax_receipt(db, first_id, "  ")
    number = receipts.reissue_tax_receipt(
        db, first_id, "Adresse du donateur erronée", actor="Hélène", today=date(2025, 5, 2)
    )
    assert number == "RF-2025-0002"
    with db.session() as s:
        old, new = s.scalars(select(TaxReceipt).order_by(TaxReceipt.id)).all()
        assert old.status is ReceiptStatus.CANCELLED and old.cancel_reason.startswith("Adresse")
        assert old.cancelled_by == "Hélène" and old.cancelled_at is not None
        assert new.replaces_id == old.id and new.status is ReceiptStatus.ISSUED
        assert new.donor_address.startswith("8 quai") and new.donation_date == date(2025, 4, 2)
    assert load_claim(db, claim_id).tax_receipt_number == "RF-2025-0002"
    with pytest.raises(BadInputError, match="déjà annulé"):
        receipts.cancel_tax_receipt(db, first_id, "encore")
    with db.session() as s:
        new_id = s.scalar(select(TaxReceipt.id).where(TaxReceipt.number == number))
    receipts.cancel_tax_receipt(db, new_id, "Don contesté")
    assert load_claim(db, claim_id).tax_receipt_number == ""
    assert receipts.issue_missing_receipt(db, claim_id, today=date(2025, 5, 3)) == "RF-2025-0003"
    with pytest.raises(BadInputError, match="déjà le reçu"):
        receipts.issue_missing_receipt(db, claim_id)
