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
