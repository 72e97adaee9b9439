"""Claim documents read back: amounts, names, numbers and words are where a treasurer looks."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from pea_desktop.reports.claim_batch import Progress, claim_batch_pdf
from pea_desktop.reports.claim_form import claim_form_pdf
from pea_desktop.reports.tax_receipt import receipt_list_pdf, tax_receipt_pdf
from pea_desktop.services.claims import documents, receipts
from pea_desktop.services.output_files import write_bytes_atomically
from pea_desktop.store.claims_models import TaxReceipt
from pea_desktop.store.database import Database
from tests.reports.claim_scenario import build_scenario
from tests.reports.pdf_helpers import fonts, page_count, pdf_text

PRINTED = date(2025, 4, 30)


def print_month(
    db: Database,
    year: int,
    month: int,
    antenna_id: int | None,
    output: Path,
    progress: Progress | None = None,
) -> int:
    """What the command and the window do: the month's data, its PDF, written all at once."""
    batch = documents.month_batch(db, year, month, antenna_id, today=PRINTED)
    write_bytes_atomically(output, claim_batch_pdf(batch, progress))
    return len(batch.forms)


def save_claim_pdf(db: Database, claim_id: int, output: Path) -> None:
    write_bytes_atomically(output, claim_form_pdf(documents.claim_form(db, claim_id), PRINTED))


def save_tax_receipt_pdf(db: Database, receipt_id: int, output: Path) -> None:
    form = documents.tax_receipt_form(db, receipt_id)
    write_bytes_atomically(output, tax_receipt_pdf(form, PRINTED))


def save_receipt_list_pdf(db: Database, year: int, output: Path) -> None:
    write_bytes_atomically(output, receipt_list_pdf(documents.receipt_list(db, year), PRINTED))


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces (paragraphs wrap)."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def pages(path: Path) -> list[str]:
    return [flat(page.extract_text() or "") for page in PdfReader(path).pages]


def text_of(path: Path) -> str:
    return flat(pdf_text(path.read_bytes()))


def test_month_batch_slip_then_every_form(db: Database, tmp_path: Path) -> None:
    build_scenario(db, tmp_path)
    output = tmp_path / "mars.pdf"
    seen: list[tuple[int, int]] = []
    count = print_month(db, 2025, 3, None, output, progress=lambda d, t: seen.append((d, t)))
    assert count == 3 and seen[-1] == (3, 3)
    data = output.read_bytes()
    assert all(embedded and "DejaVuSans" in name for name, embedded in fonts(data).items())
    assert page_count(data) == 4  # the slip, then one page per claim
    slip, alice, chloe, bruno = pages(output)

    assert "Bordereau de remboursement des frais" in slip and "mars 2025" in slip
    assert "NF-2025-0002 Alice Bérard Payée 1 175,70 € —" in slip
    assert "NF-2025-0003 Chloé Dumas Abandon de frais 0 — 763,20 €" in slip
    assert "NF-2025-0004 Bruno Élie Brouillon 0 24,32 € —" in slip
    assert "Total (3 notes) 200,02 € 763,20 €" in slip  # 175,70 + 24,32 ; 763,20

    assert "N° NF-2025-0002" in alice and "Alice Bérard" in alice and "3 place Bellecour" in alice
    assert "Entraide Addictions Rhône" in alice and "RNA W691234567" in alice
    for figure in ("79,35 €", "48,57 €", "25,28 €", "153,20 €", "4,80 €", "14,50 €", "3,20 €"):
        assert figure in alice
    assert "Groupe de parole — CSAPA" in alice and "Hôpital Édouard-Herriot" in alice
    assert "Barème kilométrique 2025 — Voiture 3 CV ou moins" in alice
    assert "avant cette note : 4 800 km" in alice and "après : 5 150 km" in alice
    assert "S(5 150 km) − S(4 800 km) = 2 692,40 € − 2 539,20 € = 153,20 €" in alice
    assert "Justificatifs joints : 1" in alice and "Total : 175,70 €" in alice
    assert "cent soixante-quinze euros et soixante-dix centimes" in alice
    assert "☒ Remboursement." in alice and "☐ Abandon de frais." in alice
    assert "Payée le 20/04/2025 par virement, réf. VIR-0420" in alice
    assert "Trésorerie" in alice and "Coordination d'antenne" in alice  # epicene
    # The line crossing 5 000 km says why it is not km × rate.
    assert "change de tranche du barème entre" in " ".join(alice.split())

    assert (
        "Total : 763,20 €" in chloe and "sept cent soixante-trois euros et vingt centimes" in chloe
    )
    assert "☒ Abandon de frais." in chloe and "renoncer expressément au remboursement" in chloe
    assert "reçu n° RF-2025-0001" in chloe and "majorés de 20 %" in chloe

    assert "Véhicule inconnu : barème 3 CV appliqué." in bruno
    assert "22,22 €" in bruno and "vingt-quatre euros et trente-deux centimes" in bruno


def test_batch_for_one_antenna_and_an_empty_month(db: Database, tmp_path: Path) -> None:
    scenario = build_scenario(db)
    output = tmp_path / "lyon.pdf"
    assert print_month(db, 2025, 3, scenario.world.antenna, output) == 2
    text = text_of(output)
    assert "Lyon Métropole (LYON)" in text and "Chloé" not in text
    empty = tmp_path / "vide.pdf"
    assert print_month(db, 2025, 9, None, empty) == 0
    assert "Aucune note de frais pour cette période." in text_of(empty)


def test_single_form_of_a_year_without_scale(db: Database, tmp_path: Path) -> None:
    from pea_desktop.services.claims import workflow as claims
    from tests.services.claim_builders import add_line

    scenario = build_scenario(db)
    add_line(db, scenario.world.alice, date(2026, 1, 8), km="10", trip_to="Bron")
    claims.prepare_month(db, 2026, 1)
    claim_id = next(r.id for r in claims_list(db) if r.number == "NF-2026-0001")
    output = tmp_path / "nf.pdf"
    save_claim_pdf(db, claim_id, output)
    text = text_of(output)
    assert "Barème 2026 non publié ou non saisi : barème 2025 appliqué." in text
    assert "5,29 €" in text and "cinq euros et vingt-neuf centimes" in text


def claims_list(db: Database):  # type: ignore[no-untyped-def]
    from pea_desktop.services.claims.views import list_claims

    return list_claims(db, None)


def test_tax_receipt_and_its_replacement(db: Database, tmp_path: Path) -> None:
    build_scenario(db)
    with db.session() as s:
        receipt_id = s.scalar(select(TaxReceipt.id))
    output = tmp_path / "recu.pdf"
    save_tax_receipt_pdf(db, receipt_id, output)
    data = output.read_bytes()
    assert all(embedded for embedded in fonts(data).values())
    text = text_of(output)
    for expected in (
        "Cerfa n° 11580*05",
        "Numéro d'ordre du reçu RF-2025-0001",
        "Entraide Addictions Rhône",
        "12 rue de la Paix",
        "W691234567",
        "Accompagnement par les pairs",
        "Chloé DUMAS",
        "5 cours Berriat",
        "38000 Grenoble",
        "763,20 €",
        "sept cent soixante-trois euros et vingt centimes",
        "02/04/2025",
        "frais engagés par les bénévoles dont ils renoncent expressément au remboursement",
        "article 200 du code général des impôts",
        "Hélène Faure",
        "Trésorière",
        "Fait à Lyon, le 02/04/2025",
        "NF-2025-0003",
    ):
        assert expected in text, expected
    assert "ANNULÉ" not in text

    receipts.reissue_tax_receipt(db, receipt_id, "Adresse erronée", today=date(2025, 5, 2))
    save_tax_receipt_pdf(db, receipt_id, output)
    assert "ANNULÉ" in text_of(output)
    with db.session() as s:
        new_id = s.scalar(select(TaxReceipt.id).where(TaxReceipt.number == "RF-2025-0002"))
    save_tax_receipt_pdf(db, new_id, output)
    assert "annule et remplace le reçu n° RF-2025-0001" in text_of(output)

    listing = tmp_path / "liste.pdf"
    save_receipt_list_pdf(db, 2025, listing)
    text = text_of(listing)
    assert "Reçus fiscaux émis en 2025" in text and "1 reçu valable" in text
    assert "RF-2025-0001" in text and "Annulé" in text and "Adresse erronée" in text
    assert "Total des dons à déclarer (reçus valables) 763,20 €" in text
    assert documents.receipt_list(db, 2025).total == documents.receipt_list(db, 2025).rows[1].amount
