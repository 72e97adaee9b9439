from decimal import Decimal

from pea_desktop.domain.formatting import format_hours, format_km, format_number

NNBSP = "\u202f"


def test_quantities_drop_empty_decimals() -> None:
    assert format_number(12345) == f"12{NNBSP}345,00"
    assert format_number(12345, 0) == f"12{NNBSP}345"
    assert format_km(Decimal("1234.5")) == f"1{NNBSP}234,5"
    assert format_km(Decimal("42.04")) == "42"
    assert format_hours(Decimal("20.25")) == "20\u00a0h\u00a015"
    assert format_hours(Decimal("3.001")) == "3\u00a0h"
    assert format_hours(Decimal("2.5")) == "2\u00a0h\u00a030"


def test_a_mileage_line_says_why_it_is_not_km_times_rate() -> None:
    from pea_desktop.domain.claim_forms import mileage_note

    # The case: 54,4 km × 0,529 = 28,7776 → 28,78 €, but the year's formula pays 28,77 €.
    note = mileage_note(
        Decimal("54.4"), Decimal("28.77"), Decimal("0.529"), False, None, None, None, None
    )
    assert "54,4 km × 0,529\u00a0€/km = 28,78\u00a0€" in note and "28,77\u00a0€ payés" in note
    assert "arrondi du barème de l'année" in note
    exact = mileage_note(
        Decimal("100"), Decimal("52.90"), Decimal("0.529"), False, None, None, None, None
    )
    assert exact == ""
    crossing = mileage_note(
        Decimal("200"), Decimal("95.20"), Decimal("0.316"), True, None, None,
        Decimal("4900"), Decimal("5100"),
    )  # fmt: skip
    assert "change de tranche" in crossing
