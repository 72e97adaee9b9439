"""The page header's two texts never overlap, however long the names and periods."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from pea_desktop.reports import styles


def test_long_association_and_title_fit_on_one_line() -> None:
    styles.register_fonts()
    room = styles.CONTENT_WIDTH
    association = "Fédération régionale Entraide Addictions Auvergne-Rhône-Alpes et Bourgogne"
    title = (
        "Bilan d'activité — Saint-Étienne-de-Saint-Geoirs et Pays de la Loire Sud (SAINTETIENNE)"
        " — 1er trimestre 2025"
    )
    left, right, size = styles.fit_header(association, title, room)
    used = stringWidth(left, styles.FONT_BOLD, size) + stringWidth(right, styles.FONT, size)
    assert used + styles.HEADER_GAP <= room
    assert right.endswith("…") or right == title
    assert left.startswith("Fédération régionale")
    short = styles.fit_header("PEA", "Bilan", room)
    assert short == ("PEA", "Bilan", styles.HEADER_SIZES[0])
