"""The shared PDF base: embedded fonts, page numbers, French formatting."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader
from reportlab.platypus import PageBreak, Paragraph, Table

from pea_desktop.reports import styles


def _fonts(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object()
    return names


def test_document_embeds_dejavu_only_and_numbers_pages() -> None:
    buffer = io.BytesIO()
    doc = styles.make_document(buffer, title="Essai", association="Les Pairs", footer="Édité")
    table = Table([["Nature", "Montant"], ["Péage", styles.fr_euros(Decimal("12.5"))]])
    table.setStyle(styles.grid_table_style())
    unstyled = Table([["", "sans style"]])  # would reference Helvetica by default
    story = [
        Paragraph("Été <b>gras</b> <i>oblique</i>", styles.style("Title")),
        table,
        unstyled,
        styles.SetHeader("NF-2025-0007"),
        PageBreak(),
        Paragraph("suite", styles.style("Body")),
    ]
    styles.build(doc, story)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    fonts = _fonts(reader)
    assert all("DejaVuSans" in name for name in fonts)
    assert any(name.endswith("DejaVuSans-Bold") for name in fonts)
    first, second = (page.extract_text() for page in reader.pages)
    assert "Page 1 / 2" in first and "Page 2 / 2" in second
    assert "12,50" in first and "Les Pairs" in first and "Essai" in first
    assert "NF-2025-0007" in second


def test_french_formatting() -> None:
    # No narrow no-break space: ReportLab would break lines there.
    assert styles.fr_euros(Decimal("1234.5")) == "1\u00a0234,50\u00a0€"
    assert styles.fr_km(Decimal("42.0")) == "42\u00a0km"
    assert styles.fr_km(Decimal("1234.5")) == "1\u00a0234,5\u00a0km"
    assert styles.fr_percent(Decimal(20)) == "20\u00a0%"
    assert styles.fr_rate(Decimal("0.529")) == "0,529\u00a0€/km"
    assert styles.fr_rate(Decimal("0.30")) == "0,30\u00a0€/km"
    assert styles.esc("A & <B>\nC") == "A &amp; &lt;B&gt;<br/>C"
