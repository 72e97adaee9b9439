"""``association set``, ``claims approve|waive|sepa``, ``print receipts|attestation`` and
``export accounting`` from the command line (docs/command-line.md)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema
from sepaxml import validation

from pea_desktop.cli import main
from pea_desktop.domain.claims import ClaimStatus, PaymentMethod
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.services.claims import sepa
from pea_desktop.store.models import ExpenseClaim, Volunteer
from tests.commands.locations import open_location
from tests.reports.pdf_helpers import page_count, pdf_text
from tests.services.claim_builders import add_line, build_world

ALICE_IBAN = "FR76 3000 6000 0112 3456 7890 189"
ASSOCIATION_IBAN = "FR14 2004 1010 0505 0001 3M02 606"
SCHEMA = Path(validation.__file__).parent / "schemas" / "pain.001.001.03.xsd"


@pytest.fixture
def base(base_location: str) -> str:
    db = open_location(base_location)
    try:
        w = build_world(db)
        add_line(db, w.alice, date(2025, 3, 4), km="100")
        add_line(db, w.alice, date(2025, 3, 9), ExpenseKind.TOLL, amount="4.20")
        add_line(db, w.bruno, date(2025, 3, 5), ExpenseKind.MEAL, amount="12.00")
        add_line(db, w.chloe, date(2025, 3, 6), ExpenseKind.TOLL, amount="7.10")
    finally:
        db.close()
    return base_location


def run(*args: str) -> int:
    return main(list(args))


def test_association_set_checks_and_keeps_what_is_not_given(
    base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = base
    assert run("association", "set", "--db", db, "--siren", "123456789") == 2
    assert "SIREN" in capsys.readouterr().err
    assert run("association", "set", "--db", db, "--status", "inconnu") == 2
    assert "--status" in capsys.readouterr().err
    bad_iban = ALICE_IBAN[:-1] + "8"
    assert run("association", "set", "--db", db, "--iban", bad_iban, "--bic", "AGRIFRPP") == 2
    err = capsys.readouterr().err
    assert "n'est pas un IBAN valable" in err and "3456" not in err  # never echoed in full
    assert (
        run(
            "association",
            "set",
            "--db",
            db,
            "--status",
            "Reconnue d'utilité publique",
            "--iban",
            ASSOCIATION_IBAN,
            "--bic",
            "PSSTFRPPXXX",
            "--signatory",
            "Anaïs Martin",
            "--signatory-role",
            "Présidence",
            "--siren",
            "732829320",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "FR14 •••• •••• •••• •••• •••2 606" in out and "0505" not in out
    from pea_desktop.services.association import load_association

    handle = open_location(base)
    try:
        info = load_association(handle)
    finally:
        handle.close()
    assert info.name == "Entraide Addictions Rhône"  # kept
    assert info.rna == "W691234567"  # kept beside the SIREN
    assert (info.siren, info.status, info.signatory_name) == (
        "732829320",
        "utilite_publique",
        "Anaïs Martin",
    )
    assert info.iban == "FR1420041010050500013M02606"


def _set_bank(base: str) -> None:
    assert (
        run(
            "association",
            "set",
            "--db",
            base,
            "--iban",
            ASSOCIATION_IBAN,
            "--bic",
            "PSSTFRPPXXX",
        )
        == 0
    )
    handle = open_location(base)
    try:
        with handle.session() as s:
            alice = s.query(Volunteer).filter_by(first_name="Alice").one()
            alice.iban, alice.bic = ALICE_IBAN.replace(" ", ""), "AGRIFRPPXXX"
    finally:
        handle.close()


def _claims(base: str) -> dict[str, tuple[ClaimStatus, Decimal, PaymentMethod | None, str]]:
    handle = open_location(base)
    try:
        with handle.session() as s:
            return {
                c.volunteer.first_name: (
                    c.status,
                    sum((x.amount or Decimal(0) for x in c.lines), Decimal(0)),
                    c.payment_method,
                    c.payment_reference,
                )
                for c in s.query(ExpenseClaim)
            }
    finally:
        handle.close()


def test_approve_waive_then_sepa_file_valid_and_confirmed(
    base: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = base
    _set_bank(base)
    assert run("claims", "prepare", "--db", db, "--month", "2025-03") == 0
    capsys.readouterr()
    # Bruno gives his meal up: submitted, approved, waived and the receipt issued at once.
    assert (
        run("claims", "waive", "--db", db, "--month", "2025-03", "--volunteer", "bruno elie") == 0
    )
    assert "reçu fiscal RF-" in capsys.readouterr().out
    assert run("claims", "approve", "--db", db, "--month", "2025-03", "--antenna", "LYON") == 0
    out = capsys.readouterr().out
    assert "Mars 2025 : 1 note approuvée." in out  # Alice's; Bruno's is already waived
    assert run("claims", "approve", "--db", db, "--month", "2025-03") == 0
    assert "1 note approuvée." in capsys.readouterr().out  # Chloé, in Grenoble

    output = tmp_path / "virement mars.xml"
    assert run("claims", "sepa", "--db", db, "--month", "2025-03", "-o", str(output)) == 0
    out = capsys.readouterr().out
    assert "1 virement pour 57,10" in out  # 52,90 (100 km at 0,529) + 4,20
    assert "FR76 •••• •••• •••• •••• •••0 189" in out and "3456" not in out
    assert "non inclus : NF-2025-0002 (Chloé Dumas) : IBAN ou BIC inconnu" in out
    xml = output.read_bytes()
    xmlschema.XMLSchema(str(SCHEMA)).validate(xml.decode())  # raises when invalid
    tree = xmlschema.XMLSchema(str(SCHEMA)).to_dict(xml.decode())
    header = tree["CstmrCdtTrfInitn"]["GrpHdr"]
    assert (header["NbOfTxs"], Decimal(str(header["CtrlSum"]))) == ("1", Decimal("57.10"))
    transfer = tree["CstmrCdtTrfInitn"]["PmtInf"][0]["CdtTrfTxInf"][0]
    assert transfer["CdtrAcct"]["Id"]["IBAN"] == ALICE_IBAN.replace(" ", "")
    assert transfer["PmtId"]["EndToEndId"] == "NF-2025-0001"
    # Not yet paid: the treasurer confirms once the bank accepted the file.
    assert _claims(base)["Alice"][0] is ClaimStatus.APPROVED
    # Asking again leaves out what is already in a pending transfer.
    again = tmp_path / "encore.xml"
    assert run("claims", "sepa", "--db", db, "--month", "2025-03", "-o", str(again)) == 2
    assert "déjà dans un virement en attente" in capsys.readouterr().err
    assert not again.exists()

    handle = open_location(base)
    try:
        (batch,) = [b for b in sepa.list_batches(handle) if b.pending]
        assert sepa.confirm_batch(handle, batch.id, date(2025, 4, 10)) == ["NF-2025-0001"]
    finally:
        handle.close()
    claims = _claims(base)
    assert claims["Alice"][0] is ClaimStatus.PAID
    assert claims["Alice"][2] is PaymentMethod.TRANSFER and claims["Alice"][3] == batch.message_id
    assert claims["Bruno"][0] is ClaimStatus.WAIVED


def test_sepa_needs_the_association_account_and_never_writes_over_the_base(
    base: str, database_engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = base
    assert run("claims", "prepare", "--db", db, "--month", "2025-03") == 0
    assert run("claims", "approve", "--db", db, "--month", "2025-03") == 0
    capsys.readouterr()
    if database_engine == "sqlite":  # a file base: never written over
        before = Path(base).read_bytes()
        assert run("claims", "sepa", "--db", db, "--month", "2025-03", "-o", db) == 2
        assert "Choisissez un autre nom" in capsys.readouterr().err
        assert Path(base).read_bytes() == before
    out = tmp_path / "v.xml"
    assert run("claims", "sepa", "--db", db, "--month", "2025-03", "-o", str(out)) == 2
    assert "IBAN et le BIC du compte de l'association" in capsys.readouterr().err


def test_approve_is_all_or_nothing(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = base
    assert run("claims", "prepare", "--db", db, "--month", "2025-03") == 0
    handle = open_location(base)
    try:
        with handle.session() as s:  # a line that cannot be submitted: a meal without amount
            bruno = s.query(ExpenseClaim).join(Volunteer).filter(Volunteer.first_name == "Bruno")
            bruno.one().lines[0].amount = None
    finally:
        handle.close()
    capsys.readouterr()
    assert run("claims", "approve", "--db", db, "--month", "2025-03") == 2
    err = capsys.readouterr().err
    assert "Aucune note n'a été approuvée (1 problème)" in err and "NF-2025-0003 : ligne 1" in err
    assert {status for status, *_ in _claims(base).values()} == {ClaimStatus.DRAFT}


def test_receipts_attestation_and_accounting(
    base: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = base
    assert run("claims", "prepare", "--db", db, "--month", "2025-03") == 0
    assert (
        run("claims", "waive", "--db", db, "--month", "2025-03", "--volunteer", "Alice Bérard") == 0
    )
    assert run("claims", "approve", "--db", db, "--month", "2025-03") == 0
    capsys.readouterr()
    year = str(date.today().year)  # receipts are numbered in the year they are issued

    receipts = tmp_path / "reçus.pdf"
    assert run("print", "receipts", "--db", db, "--year", year, "-o", str(receipts)) == 0
    assert "1 reçu fiscal valable pour 57,10" in capsys.readouterr().out
    data = receipts.read_bytes()
    assert page_count(data) == 2  # the list and declared totals, then the receipt
    text = " ".join(pdf_text(data).split())
    assert "article 222 bis du CGI" in text
    assert "Nombre de reçus délivrés 1" in text
    assert "Montant cumulé des dons ayant donné lieu à reçu 57,10 €" in text
    assert "☒ Œuvre ou organisme d'intérêt général" in text
    assert "☒ 200 du CGI" in text and "☐ 978 du CGI" in text
    assert "☒ Déclaration de don manuel" in text
    assert "frais engagés par les bénévoles dont ils renoncent expressément" in text
    assert "cinquante-sept euros et dix centimes" in text
    assert "BÉRARD" in text and "Hélène Faure" in text

    attestation = tmp_path / "attestation.pdf"
    assert (
        run(
            "print",
            "attestation",
            "--db",
            db,
            "--year",
            "2025",
            "--volunteer",
            "alice berard",
            "-o",
            str(attestation),
        )
        == 0
    )
    text = pdf_text(attestation.read_bytes())
    assert "Attestation de bénévolat 2025" in text and "Alice Bérard" in text
    assert "aucune activité n'est enregistrée" in text  # expenses only in this base
    assert run("print", "attestation", "--db", db, "--year", "2025", "--volunteer", "Zoé",
               "-o", str(attestation)) == 2  # fmt: skip
    assert "aucun bénévole ne s'appelle « Zoé »" in capsys.readouterr().err

    accounts = tmp_path / "compta.csv"
    assert run("export", "accounting", "--db", db, "--year", "2025", "-o", str(accounts)) == 0
    rows = list(csv.reader(io.StringIO(accounts.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["date", "journal", "compte", "libelle", "piece", "debit", "credit"]

    def amount(text: str) -> Decimal:
        return Decimal(text.replace(",", ".") or "0")

    assert sum(amount(r[5]) for r in rows[1:]) == sum(amount(r[6]) for r in rows[1:])
    waived = [r for r in rows if r[1] == "ABF"]
    # Mileage and toll share the travel account: one debit line for both.
    assert [(r[2], r[5], r[6]) for r in waived] == [
        ("62510000", "57,10", ""),
        ("75412000", "", "57,10"),
    ]
    assert all(r[4].startswith("RF-") for r in waived)
    reimbursed = [r for r in rows if r[1] == "NDF"]
    assert ("62560000", "12,00") in [(r[2], r[5]) for r in reimbursed]  # Bruno's meal
    assert ("46700000", "19,10") not in [(r[2], r[6]) for r in reimbursed]  # one per claim
    assert all(r[0] == "31/03/2025" for r in rows[1:])
    assert "FR76" not in accounts.read_text("utf-8-sig")
