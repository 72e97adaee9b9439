"""Scale arithmetic against hand-computed cases (docs/money-rules.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pea_desktop.domain.enums import VehicleKind
from pea_desktop.domain.mileage import (
    OFFICIAL_ROWS_2022_2025,
    Band,
    MileageScale,
    ScaleRow,
    Trip,
    choose_scale,
    official_scales,
    resolve_vehicle,
    scale_problems,
    value_trips,
)

D = Decimal
SCALE = official_scales()[2025]
CAR3 = SCALE.row_for(VehicleKind.CAR, 3)


def row(kind: VehicleKind, cv: int | None) -> ScaleRow:
    found = SCALE.row_for(kind, cv)
    assert found is not None
    return found


def amounts(kms: list[str], scale_row: ScaleRow, electric: bool = False, start: str = "0"):
    trips = [Trip(i, date(2025, 3, 1 + i), D(km)) for i, km in enumerate(kms)]
    return [v.amount() for v in value_trips(trips, SCALE, scale_row, electric, D(start))]


@pytest.mark.parametrize(
    ("cv", "distance", "expected"),
    [
        (3, "100", "52.90"),  # 100 × 0,529
        (3, "33.3", "17.62"),  # 17,6157 rounded half-up
        (3, "5000", "2645.00"),  # last km of band 1
        (3, "5200", "2708.20"),  # 5 200 × 0,316 + 1 065
        (3, "20000", "7385.00"),  # 20 000 × 0,316 + 1 065
        (3, "20100", "7437.00"),  # 20 100 × 0,370
        (2, "1000", "529.00"),  # "3 CV ou moins"
        (4, "1000", "606.00"),
        (5, "10000", "4965.00"),  # 10 000 × 0,357 + 1 395
        (6, "30000", "13410.00"),  # 30 000 × 0,447
        (7, "1000", "697.00"),
        (11, "6000", "3879.00"),  # 7 CV et plus: 6 000 × 0,394 + 1 515
    ],
)
def test_car_scale_each_band(cv: int, distance: str, expected: str) -> None:
    assert SCALE.value(row(VehicleKind.CAR, cv), D(distance), electric=False) == D(expected)


def test_trips_within_band_one() -> None:
    # S(100) = 52,90 ; S(350) = 185,15
    assert amounts(["100", "250"], CAR3) == [D("52.90"), D("132.25")]


def test_trip_crossing_into_band_two() -> None:
    # S(4 900) = 2 592,10 ; S(5 200) = 1 643,20 + 1 065 = 2 708,20
    assert amounts(["300"], CAR3, start="4900") == [D("116.10")]


def test_trip_inside_band_two() -> None:
    # S(10 000) = 4 225,00 ; S(10 100) = 4 256,60
    assert amounts(["100"], CAR3, start="10000") == [D("31.60")]


def test_trip_crossing_into_band_three() -> None:
    # S(19 950) = 7 369,20 ; S(20 100) = 7 437,00
    assert amounts(["150"], CAR3, start="19950") == [D("67.80")]


def test_trip_inside_band_three() -> None:
    # S(25 000) = 9 250,00 ; S(25 100) = 9 287,00
    assert amounts(["100"], CAR3, start="25000") == [D("37.00")]


def test_band_crossing_within_a_month() -> None:
    # 4 800 km already driven; March trips bring the year to 4 950, 5 070 and 5 150 km.
    # S(4 800) = 2 539,20 ; S(4 950) = 2 618,55 ; S(5 070) = 2 667,12 ; S(5 150) = 2 692,40
    trips = [
        Trip(7, date(2025, 3, 20), D("80")),
        Trip(5, date(2025, 3, 3), D("150")),
        Trip(6, date(2025, 3, 10), D("120")),
    ]
    values = value_trips(trips, SCALE, CAR3, False, D("4800"))
    assert [v.key for v in values] == [5, 6, 7]
    assert [v.amount() for v in values] == [D("79.35"), D("48.57"), D("25.28")]
    assert [v.km_after for v in values] == [D("4950"), D("5070"), D("5150")]
    assert [v.crosses_band for v in values] == [False, True, False]
    assert values[2].band_rate == D("0.316")
    assert sum(v.amount() for v in values) == D("2692.40") - D("2539.20")


def test_same_day_trips_ordered_by_id() -> None:
    trips = [Trip(9, date(2025, 1, 5), D("4990")), Trip(2, date(2025, 1, 5), D("20"))]
    first, second = value_trips(trips, SCALE, CAR3, False)
    assert (first.key, first.km_before, second.key, second.km_before) == (2, 0, 9, 20)
    # S(20) = 10,58 ; S(5 010) = 1 583,16 + 1 065 = 2 648,16
    assert (first.amount(), second.amount()) == (D("10.58"), D("2637.58"))


def test_electric_adds_twenty_percent() -> None:
    car5 = row(VehicleKind.CAR, 5)
    # 1 000 × 0,636 × 1,2 = 763,20 ; 1 200 × 0,636 × 1,2 = 915,84
    assert amounts(["1000", "200"], car5, electric=True) == [D("763.20"), D("152.64")]


def test_motorcycles() -> None:
    assert amounts(["500"], row(VehicleKind.MOTORCYCLE, 1)) == [D("197.50")]  # × 0,395
    # 3-5 CV across 3 000 km: S(2 900) = 1 357,20 ; S(3 100) = 254,20 + 1 158 = 1 412,20
    assert amounts(["200"], row(VehicleKind.MOTORCYCLE, 4), start="2900") == [D("55.00")]
    # more than 5 CV beyond 6 000 km: S(7 000) = 2 401,00
    assert amounts(["7000"], row(VehicleKind.MOTORCYCLE, 8)) == [D("2401.00")]
    electric = amounts(["100"], row(VehicleKind.MOTORCYCLE, 2), electric=True)
    assert electric == [D("47.40")]  # 100 × 0,395 × 1,2


def test_moped() -> None:
    moped = row(VehicleKind.MOPED, None)
    assert SCALE.row_for(VehicleKind.MOPED, 99) is moped  # horsepower is irrelevant
    assert amounts(["100"], moped) == [D("31.50")]
    # S(5 900) = 466,10 + 711 = 1 177,10 ; S(6 100) = 1 207,80
    assert amounts(["200"], moped, start="5900") == [D("30.70")]


@pytest.mark.parametrize(
    ("kind", "cv", "problem"),
    [
        (None, None, "Véhicule inconnu"),
        (VehicleKind.NONE, 5, "Véhicule inconnu"),
        (VehicleKind.CAR, None, "Puissance fiscale inconnue"),
        (VehicleKind.MOTORCYCLE, None, "Puissance fiscale inconnue"),
    ],
)
def test_unknown_vehicle_is_valued_as_3cv_car_and_flagged(
    kind: VehicleKind | None, cv: int | None, problem: str
) -> None:
    used = resolve_vehicle(kind, cv, False)
    assert used.flagged and problem in used.problem
    assert (used.kind, used.horsepower) == (VehicleKind.CAR, 3)
    scale_row = SCALE.row_for(used.kind, used.horsepower)
    assert scale_row is CAR3
    assert amounts(["100"], scale_row) == [D("52.90")]


def test_known_vehicles_are_not_flagged() -> None:
    assert not resolve_vehicle(VehicleKind.CAR, 5, True).flagged
    assert resolve_vehicle(VehicleKind.CAR, 5, True).electric
    assert not resolve_vehicle(VehicleKind.MOPED, None, False).flagged


def test_own_rate_reimburses_and_scale_caps_waived_value() -> None:
    trips = [
        Trip(1, date(2025, 2, 1), D("100"), own_rate=D("0.35")),
        Trip(2, date(2025, 2, 2), D("100"), own_rate=D("0.70")),
        Trip(3, date(2025, 2, 3), D("100")),
    ]
    low, high, plain = value_trips(trips, SCALE, CAR3, False)
    assert low.amount() == D("35.00") and low.amount(waived=True) == D("35.00")
    # Above the scale: reimbursed at the own rate, but a waiver is valued at most on the scale.
    assert high.amount() == D("70.00") and high.amount(waived=True) == D("52.90")
    assert plain.amount() == plain.amount(waived=True) == D("52.90")
    # Own-rate trips still count in the yearly distance for the scale.
    assert plain.km_before == D("200")


kms = st.decimals(min_value=D("0.1"), max_value=D("3000"), places=1)


@settings(max_examples=150, deadline=None)
@given(
    distances=st.lists(kms, min_size=1, max_size=40),
    row_index=st.integers(0, len(OFFICIAL_ROWS_2022_2025) - 1),
    electric=st.booleans(),
    start=st.decimals(min_value=D("0"), max_value=D("30000"), places=1),
)
def test_year_lines_add_up_to_scale_of_yearly_total(
    distances: list[Decimal], row_index: int, electric: bool, start: Decimal
) -> None:
    scale_row = OFFICIAL_ROWS_2022_2025[row_index]
    trips = [Trip(i, date(2025, 1 + i % 12, 1 + i % 28), km) for i, km in enumerate(distances)]
    from_zero = value_trips(trips, SCALE, scale_row, electric)
    total = sum(distances, D(0))
    assert sum(v.amount() for v in from_zero) == SCALE.value(scale_row, total, electric)
    after_locked = value_trips(trips, SCALE, scale_row, electric, start)
    assert sum(v.amount() for v in after_locked) == SCALE.value(
        scale_row, start + total, electric
    ) - SCALE.value(scale_row, start, electric)


def test_year_without_scale_uses_latest_and_says_so() -> None:
    scales = official_scales()
    choice = choose_scale(scales, 2026)
    assert choice.scale.year == 2025 and choice.fallback
    assert "2026" in choice.notice and "barème 2025 appliqué" in choice.notice
    exact = choose_scale(scales, 2023)
    assert exact.scale.year == 2023 and not exact.fallback and exact.notice == ""
    assert choose_scale(scales, 2019).scale.year == 2022
    with pytest.raises(LookupError):
        choose_scale({}, 2025)


def test_scale_validation() -> None:
    assert scale_problems(SCALE) == []
    without_moped = MileageScale(2026, OFFICIAL_ROWS_2022_2025[:-1])
    assert any("Cyclomoteur" in p for p in scale_problems(without_moped))
    gap = MileageScale(2026, tuple(r for r in OFFICIAL_ROWS_2022_2025 if r.min_cv != 5))
    assert any("5 CV : aucune ligne" in p for p in scale_problems(gap))
    bad_bands = ScaleRow(VehicleKind.MOPED, None, None, (Band(D("6000"), D("0.3")),))
    broken = MileageScale(2026, (*OFFICIAL_ROWS_2022_2025[:-1], bad_bands))
    assert any("dernière tranche" in p for p in scale_problems(broken))


def test_row_labels() -> None:
    labels = [r.label for r in OFFICIAL_ROWS_2022_2025]
    assert labels[0] == "Voiture 3 CV ou moins"
    assert labels[4] == "Voiture 7 CV et plus"
    assert labels[6] == "Moto 3 à 5 CV"
    assert labels[-1].startswith("Cyclomoteur")
