from datetime import date

from pea_desktop.domain.dates import shift_year
from pea_desktop.domain.formatting import month_label, of_month, short_month


def test_month_labels_are_french() -> None:
    assert month_label(2025, 8) == "août 2025"
    assert month_label(2025, 2, capital=True) == "Février 2025"
    assert [short_month(m) for m in (1, 2, 7, 12)] == ["janv.", "févr.", "juil.", "déc."]


def test_shift_year_keeps_the_day_or_falls_back_to_28_february() -> None:
    assert shift_year(date(2025, 3, 14), -2) == date(2023, 3, 14)
    assert shift_year(date(2024, 2, 29), -1) == date(2023, 2, 28)
    assert shift_year(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_of_month_elides_before_a_vowel() -> None:
    assert of_month(2026, 10) == "d'octobre 2026"
    assert of_month(2026, 8) == "d'août 2026"
    assert of_month(2026, 3) == "de mars 2026"
