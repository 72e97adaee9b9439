from __future__ import annotations

import io
from datetime import date

import pytest

from pea_desktop.domain.period import Period
from pea_desktop.reports.summary_pdf import render_summary
from pea_desktop.services.summaries.summary import summarize
from pea_desktop.store.database import Database
from tests.reports.pdf_helpers import fonts, page_count, pdf_text
from tests.services import known_data


def render(db: Database, period: Period, antenna: str | None) -> bytes:
    current, previous = summarize(db, period, antenna)
    buffer = io.BytesIO()
    render_summary(current, previous, buffer, generated_on=date(2026, 1, 10))
    return buffer.getvalue()


@pytest.fixture
def lyon_2025(db: Database) -> bytes:
    known_data.build(db)
    return render(db, Period.for_year(2025), "LYON")


def test_figures_read_back_from_the_pdf(lyon_2025: bytes) -> None:
    text = pdf_text(lyon_2025)
    assert "Bilan d'activité" in text and "Lyon Métropole (LYON)" in text
    assert "Année 2025" in text and "édité le 10/01/2026" in text
    # Key figures with the year before and the change
    assert "Groupes de parole 4 1 +300 %" in text
    assert "Participations aux groupes 35 6 +483 %" in text
    assert "Heures de bénévolat 20 h 15 3 h +575 %" in text
    assert "Valorisation du bénévolat 240,57 € 34,95 €" in text
    assert "Frais abandonnés (dons) 8,00 € 0,00 € nouveau" in text
    # Month x kind table and its total line
    # Costs still to claim include the unclaimed km at the scale (3 CV: 0,529 €/km):
    # March groups 4,20 € + 42,5 km x 0,529 = 22,48 €; the year 23,00 € + 60,5 km = 32,00 €.
    assert "mars 2025 Groupes 2 18 4 2 – 5 h 30 2 42,5 26,68 €" in text
    assert "Total 8 35 6 7 65 20 h 15 2 60,5 55,00 € 8,00 €" in text
    # The cost in three parts, the estimate labelled as such, adding up.
    assert "Remboursés (notes approuvées ou payées) 0,00 €" in text
    assert "Abandonnés par les bénévoles (dons, reçus fiscaux) 8,00 €" in text
    assert "Pas encore réclamés ou en cours (estimation) 55,00 €" in text
    assert "dont kilomètres estimés au barème 32,00 €" in text
    assert "Coût total des frais des bénévoles 63,00 €" in text
    # Categories, partners, valuation
    assert "La famille 1" in text and "Prévention 1 40" in text
    assert "CSAPA Lyon Centre CSAPA Lyon 1 25" in text
    assert "2025 20 h 15 11,88 € 240,57 €" in text
    assert "864" in text and "875" in text


def test_nobody_helped_is_named_and_no_note_is_printed(lyon_2025: bytes) -> None:
    text = pdf_text(lyon_2025)
    for secret in known_data.SECRETS:
        assert secret not in text


def test_fonts_are_embedded_dejavu_only(lyon_2025: bytes) -> None:
    used = fonts(lyon_2025)
    assert used and all(embedded for embedded in used.values()), used
    assert all("DejaVu" in name for name in used), used


def test_all_antennas_quarter_and_empty_period(db: Database) -> None:
    known_data.build(db)
    text = pdf_text(render(db, Period.for_quarter(2025, 1), None))
    assert "Toutes les antennes" in text and "1er trimestre 2025" in text
    assert "Groupes de parole 3 1 +200 %" in text
    empty = render(db, Period.for_month(2023, 2), "GREN")
    assert "Aucune activité sur la période." in pdf_text(empty)
    assert page_count(empty) >= 2
