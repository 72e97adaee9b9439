"""The official mileage scale (barème kilométrique) and its cumulative yearly valuation.

The scale applies to the distance driven in the calendar year, in bands (docs/money-rules.md). A
trip's amount is ``S(total after it) − S(total before it)`` for that volunteer and year, trips taken
in date order (then by id), S rounded to the cent; the trips of a year therefore add up exactly to
``S(yearly total)``. Electric vehicles get +20 %. An unknown vehicle or horsepower is valued on the
lowest car line (3 CV) and flagged. An association's own rate per km replaces the scale for
reimbursement; the scale then is the ceiling for the value of waived expenses.

Scales are plain data (:class:`MileageScale`), stored per year in the database and editable;
:data:`OFFICIAL_SCALE_2022_2025` is the table shipped with the application.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pea_desktop.domain.enums import VehicleKind
from pea_desktop.domain.money import to_money

ZERO = Decimal(0)
DEFAULT_ELECTRIC_BONUS = Decimal("0.20")
SCALED_VEHICLES = (VehicleKind.CAR, VehicleKind.MOTORCYCLE, VehicleKind.MOPED)
FALLBACK_HORSEPOWER = 3


@dataclass(frozen=True)
class Band:
    """``S(d) = d × rate + fixed`` for distances up to ``up_to_km`` (None: no upper limit)."""

    up_to_km: Decimal | None
    rate: Decimal
    fixed: Decimal = ZERO


@dataclass(frozen=True)
class ScaleRow:
    """One line of the scale: a vehicle kind and a horsepower range, with its bands."""

    vehicle: VehicleKind
    min_cv: int | None
    max_cv: int | None
    bands: tuple[Band, ...]

    @property
    def label(self) -> str:
        if self.vehicle is VehicleKind.MOPED:
            return "Cyclomoteur (≤ 50 cm³)"
        kind = "Voiture" if self.vehicle is VehicleKind.CAR else "Moto"
        if self.min_cv is None and self.max_cv is None:
            return kind
        if self.min_cv is None:
            return f"{kind} {self.max_cv} CV ou moins"
        if self.max_cv is None:
            return f"{kind} {self.min_cv} CV et plus"
        if self.min_cv == self.max_cv:
            return f"{kind} {self.min_cv} CV"
        return f"{kind} {self.min_cv} à {self.max_cv} CV"

    def matches(self, horsepower: int | None) -> bool:
        if horsepower is None:
            return self.min_cv is None and self.max_cv is None
        low_ok = self.min_cv is None or horsepower >= self.min_cv
        high_ok = self.max_cv is None or horsepower <= self.max_cv
        return low_ok and high_ok

    def band_for(self, distance: Decimal) -> Band:
        for band in self.bands:
            if band.up_to_km is None or distance <= band.up_to_km:
                return band
        return self.bands[-1]

    def value(self, distance: Decimal, bonus: Decimal = ZERO) -> Decimal:
        """S(d): the scale applied to a yearly distance, rounded to the cent."""
        if distance <= 0:
            return to_money(ZERO)
        band = self.band_for(distance)
        return to_money((distance * band.rate + band.fixed) * (1 + bonus))


@dataclass(frozen=True)
class MileageScale:
    year: int
    rows: tuple[ScaleRow, ...]
    electric_bonus: Decimal = DEFAULT_ELECTRIC_BONUS

    def row_for(self, vehicle: VehicleKind, horsepower: int | None) -> ScaleRow | None:
        for row in self.rows:
            if row.vehicle is vehicle and (vehicle is VehicleKind.MOPED or row.matches(horsepower)):
                return row
        return None

    def value(self, row: ScaleRow, distance: Decimal, electric: bool) -> Decimal:
        return row.value(distance, self.electric_bonus if electric else ZERO)


def _row(kind: VehicleKind, cv: tuple[int | None, int | None], *bands: tuple[str, ...]) -> ScaleRow:
    built = []
    for band in bands:
        limit, rate, *fixed = band
        upper = Decimal(limit) if limit else None
        built.append(Band(upper, Decimal(rate), Decimal(fixed[0] if fixed else 0)))
    return ScaleRow(kind, cv[0], cv[1], tuple(built))


_CAR, _MOTO, _MOPED = VehicleKind.CAR, VehicleKind.MOTORCYCLE, VehicleKind.MOPED

#: Official scale applying to trips from 1 January 2022 to 2025 (docs/money-rules.md).
OFFICIAL_ROWS_2022_2025: tuple[ScaleRow, ...] = (
    _row(_CAR, (None, 3), ("5000", "0.529"), ("20000", "0.316", "1065"), ("", "0.370")),
    _row(_CAR, (4, 4), ("5000", "0.606"), ("20000", "0.340", "1330"), ("", "0.407")),
    _row(_CAR, (5, 5), ("5000", "0.636"), ("20000", "0.357", "1395"), ("", "0.427")),
    _row(_CAR, (6, 6), ("5000", "0.665"), ("20000", "0.374", "1457"), ("", "0.447")),
    _row(_CAR, (7, None), ("5000", "0.697"), ("20000", "0.394", "1515"), ("", "0.470")),
    _row(_MOTO, (None, 2), ("3000", "0.395"), ("6000", "0.099", "891"), ("", "0.248")),
    _row(_MOTO, (3, 5), ("3000", "0.468"), ("6000", "0.082", "1158"), ("", "0.275")),
    _row(_MOTO, (6, None), ("3000", "0.606"), ("6000", "0.079", "1583"), ("", "0.343")),
    _row(_MOPED, (None, None), ("3000", "0.315"), ("6000", "0.079", "711"), ("", "0.198")),
)
OFFICIAL_YEARS = (2022, 2023, 2024, 2025)


def official_scales() -> dict[int, MileageScale]:
    return {year: MileageScale(year, OFFICIAL_ROWS_2022_2025) for year in OFFICIAL_YEARS}


def scale_problems(scale: MileageScale) -> list[str]:
    """What is wrong with a scale someone typed in (French), empty when it can be used."""
    problems: list[str] = []
    for vehicle in SCALED_VEHICLES:
        rows = [r for r in scale.rows if r.vehicle is vehicle]
        if not rows:
            problems.append(f"{vehicle.label} : aucune ligne dans le barème.")
            continue
        probes = [None] if vehicle is VehicleKind.MOPED else list(range(1, 21))
        for cv in probes:
            hits = [r for r in rows if vehicle is VehicleKind.MOPED or r.matches(cv)]
            if len(hits) != 1:
                what = "aucune ligne" if not hits else "plusieurs lignes"
                problems.append(f"{vehicle.label} {cv} CV : {what} du barème.")
                break
    for row in scale.rows:
        limits = [b.up_to_km for b in row.bands]
        if not row.bands or limits[-1] is not None:
            problems.append(f"{row.label} : la dernière tranche doit être sans limite.")
        bounded = [limit for limit in limits[:-1] if limit is not None]
        if len(bounded) != len(limits) - 1 or bounded != sorted(set(bounded)):
            problems.append(f"{row.label} : les limites des tranches doivent croître.")
        if any(b.rate < 0 or b.fixed < 0 for b in row.bands):
            problems.append(f"{row.label} : un taux ou un montant fixe est négatif.")
    if scale.electric_bonus < 0:
        problems.append("La majoration des véhicules électriques est négative.")
    return problems


@dataclass(frozen=True)
class ScaleChoice:
    """The scale used for a year; ``fallback`` when that year has none and an older one is used."""

    scale: MileageScale
    requested_year: int

    @property
    def fallback(self) -> bool:
        return self.scale.year != self.requested_year

    @property
    def notice(self) -> str:
        if not self.fallback:
            return ""
        return (
            f"Barème {self.requested_year} non publié ou non saisi : "
            f"barème {self.scale.year} appliqué."
        )


def choose_scale(scales: Mapping[int, MileageScale], year: int) -> ScaleChoice:
    """The year's scale, else the latest one before it, else the earliest known."""
    if not scales:
        raise LookupError("aucun barème kilométrique n'est enregistré")
    if year in scales:
        return ScaleChoice(scales[year], year)
    earlier = [y for y in scales if y < year]
    chosen = max(earlier) if earlier else min(scales)
    return ScaleChoice(scales[chosen], year)


@dataclass(frozen=True)
class VehicleUsed:
    """The vehicle a volunteer's trips are valued with, after filling in unknowns."""

    kind: VehicleKind
    horsepower: int | None
    electric: bool
    problem: str = ""  # why the claim is flagged, empty when the vehicle is fully known

    @property
    def flagged(self) -> bool:
        return bool(self.problem)


def resolve_vehicle(
    kind: VehicleKind | None, horsepower: int | None, electric: bool
) -> VehicleUsed:
    """Unknown vehicle or horsepower: lowest car line (3 CV), flagged for the coordinator."""
    if kind is None or kind is VehicleKind.NONE:
        return VehicleUsed(
            VehicleKind.CAR, FALLBACK_HORSEPOWER, False, "Véhicule inconnu : barème 3 CV appliqué."
        )
    if kind is VehicleKind.MOPED:
        return VehicleUsed(kind, horsepower, electric)
    if horsepower is None or horsepower <= 0:
        return VehicleUsed(
            VehicleKind.CAR,
            FALLBACK_HORSEPOWER,
            electric,
            "Puissance fiscale inconnue : barème voiture 3 CV appliqué.",
        )
    return VehicleUsed(kind, horsepower, electric)


@dataclass(frozen=True)
class Trip:
    """A mileage line to value: ``key`` is its id (the tie-break after the date)."""

    key: int
    day: date
    km: Decimal
    own_rate: Decimal | None = None  # the association's rate per km on that day, if any


@dataclass(frozen=True)
class TripValue:
    key: int
    km: Decimal
    km_before: Decimal
    km_after: Decimal
    scale_before: Decimal  # S(km_before)
    scale_after: Decimal  # S(km_after)
    own_rate: Decimal | None
    band_rate: Decimal  # rate of the band the year-to-date distance ends in
    crosses_band: bool

    @property
    def scale_amount(self) -> Decimal:
        return self.scale_after - self.scale_before

    @property
    def own_amount(self) -> Decimal | None:
        return None if self.own_rate is None else to_money(self.km * self.own_rate)

    def amount(self, waived: bool = False) -> Decimal:
        """Reimbursed: own rate if any, else the scale. Waived: capped by the scale."""
        own = self.own_amount
        if own is None:
            return self.scale_amount
        return min(own, self.scale_amount) if waived else own


def value_trips(
    trips: Iterable[Trip],
    scale: MileageScale,
    row: ScaleRow,
    electric: bool,
    start_km: Decimal = ZERO,
) -> list[TripValue]:
    """Value a volunteer's trips of one year on the cumulative scale.

    ``start_km`` is the distance already valued (trips on locked claims), which the trips given
    here follow; they are taken in date order, then by key.
    """
    values: list[TripValue] = []
    total = start_km
    s_total = scale.value(row, total, electric)
    for trip in sorted(trips, key=lambda t: (t.day, t.key)):
        after = total + trip.km
        s_after = scale.value(row, after, electric)
        # The band the trip starts in: at a band's upper limit, the next one.
        band_before = row.band_for(total + Decimal("0.01"))
        band_after = row.band_for(after)
        values.append(
            TripValue(
                key=trip.key,
                km=trip.km,
                km_before=total,
                km_after=after,
                scale_before=s_total,
                scale_after=s_after,
                own_rate=trip.own_rate,
                band_rate=band_after.rate,
                crosses_band=band_before is not band_after,
            )
        )
        total, s_total = after, s_after
    return values
