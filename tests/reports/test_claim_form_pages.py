"""A claim's total and signatures never stand alone on a page: its last lines go with them."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.claim_forms import ClaimForm, FormGroup, FormLine, MileageDetail
from pea_desktop.reports.claim_form import claim_form_pdf

START = date(2025, 3, 1)
LONG_PLACE = "Saint-Étienne, centre social des Quartiers-Sud, salle polyvalente"


def _form(lines: int, *, long_texts: bool = False) -> ClaimForm:
    place = LONG_PLACE if long_texts else ""
    mileage = tuple(
        FormLine(
            day=START + timedelta(days=i),
            purpose=f"Ligne{i + 1:02d} groupe de parole {place}".strip(),
            trip=f"Lyon → Villeurbanne {place}".strip(),
            km=Decimal("54.4"),
            rate="0,529 €/km",
            amount=Decimal("28.78"),
            receipts=0,
            note="arrondi de la formule de l'année" if i % 2 else "",
        )
        for i in range(lines)
    )
    toll = FormLine(START, "Péage A7", "", None, "", Decimal("4.10"), 1)
    return ClaimForm(
        number="NF-2025-0042",
        status="Soumise",
        issuer=AssociationInfo(name="Association PEA", address="1 rue X", city="Lyon"),
        antenna="Lyon",
        period="mars 2025",
        period_start=START,
        period_end=date(2025, 3, 31),
        volunteer_name="Anaïs Martin",
        volunteer_address="2 rue Y\n69000 Lyon",
        groups=(
            FormGroup("Péage", (toll,)),
            FormGroup("Indemnités kilométriques", mileage),
        ),
        mileage=MileageDetail(
            scale_year=2025,
            row_label="5 CV",
            bands=("d ≤ 5 000 km : d × 0,636", "5 001 à 20 000 km : d × 0,357 + 1 395"),
            electric_bonus=None,
            km_before=Decimal("100.0"),
            km_claimed=Decimal("54.4") * lines,
            km_after=Decimal("100.0") + Decimal("54.4") * lines,
            scale_before=Decimal("63.60"),
            scale_after=Decimal("63.60") + Decimal("28.78") * lines,
        ),
        total=Decimal("4.10") + Decimal("28.78") * lines,
        total_words="quelques euros",
        waiver=False,
        receipt_count=1,
        flag="Véhicule à compléter par la coordination d'antenne " * (3 if long_texts else 1),
    )


def _pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


@pytest.mark.parametrize("long_texts", [False, True])
def test_total_stays_with_the_last_lines(long_texts: bool) -> None:
    """From 1 to 30 mileage lines, the page with the total and the signatures also holds the
    claim's last line and the one before it; the page count of some claims proves a break."""
    broke = False
    for count in range(1, 31):
        pages = _pages(claim_form_pdf(_form(count, long_texts=long_texts), date(2025, 4, 30)))
        total_page = next(i for i, text in enumerate(pages) if "Total :" in text)
        last = f"Ligne{count:02d}"
        assert last in pages[total_page], (count, len(pages))
        if count > 1:
            assert f"Ligne{count - 1:02d}" in pages[total_page], (count, len(pages))
        assert "Signature" in pages[-1] and total_page == len(pages) - 1
        # every line printed once, on some page, in order
        found = [m for text in pages for m in re.findall(r"Ligne\d\d", text)]
        assert found == [f"Ligne{i:02d}" for i in range(1, count + 1)], count
        if len(pages) > 1:
            broke = True
            assert "Date" in pages[total_page] and "Montant" in pages[total_page]  # header
    assert broke


def test_five_lines_total_on_the_page_of_its_last_line() -> None:
    pages = _pages(claim_form_pdf(_form(5, long_texts=True), date(2025, 4, 30)))
    total_page = next(i for i, text in enumerate(pages) if "Total :" in text)
    assert "Ligne05" in pages[total_page]
    assert "Signatures" in pages[total_page]
