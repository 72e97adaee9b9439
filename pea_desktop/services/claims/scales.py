"""Mileage scales per year and the association's own rates: loading and the settings screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from pea_desktop.domain.enums import VehicleKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.mileage import (
    Band,
    MileageScale,
    ScaleRow,
    official_scales,
    scale_problems,
)
from pea_desktop.store.claims_models import MileageScaleBand, MileageScaleYear, OwnMileageRate
from pea_desktop.store.database import Database

OwnRateLookup = Callable[[VehicleKind, date], Decimal | None]


def _to_domain(stored: MileageScaleYear) -> MileageScale:
    rows: dict[int, list[MileageScaleBand]] = {}
    for band in stored.bands:
        rows.setdefault(band.row, []).append(band)
    built = []
    for _, bands in sorted(rows.items()):
        bands.sort(key=lambda b: b.position)
        first = bands[0]
        built.append(
            ScaleRow(
                first.vehicle_kind,
                first.min_cv,
                first.max_cv,
                tuple(Band(b.up_to_km, b.rate, b.fixed) for b in bands),
            )
        )
    return MileageScale(stored.year, tuple(built), stored.electric_bonus)


def scales_in(session: Session) -> dict[int, MileageScale]:
    """Every stored year's scale; the shipped table if none is stored (a damaged settings)."""
    stored = session.scalars(select(MileageScaleYear).options(selectinload(MileageScaleYear.bands)))
    scales = {s.year: _to_domain(s) for s in stored if s.bands}
    return scales or official_scales()


def own_rates_in(session: Session) -> OwnRateLookup:
    """A lookup of the association's own rate for a vehicle kind on a day (None: the scale)."""
    rows = session.execute(
        select(
            OwnMileageRate.vehicle_kind, OwnMileageRate.valid_from, OwnMileageRate.rate
        ).order_by(OwnMileageRate.valid_from)
    ).all()

    def lookup(kind: VehicleKind, day: date) -> Decimal | None:
        rate = None
        for row_kind, valid_from, row_rate in rows:
            if row_kind is kind and valid_from <= day:
                rate = row_rate
        return rate

    return lookup


# --- Settings: scales -------------------------------------------------------------------------


def list_scales(db: Database) -> dict[int, MileageScale]:
    with db.session() as session:
        return scales_in(session)


def scale_source(db: Database, year: int) -> str:
    with db.session() as session:
        stored = session.get(MileageScaleYear, year)
        return stored.source if stored else ""


def _check_scale(scale: MileageScale) -> None:
    problems = scale_problems(scale)
    if not 2000 <= scale.year <= 2100:
        problems.insert(0, f"Année du barème invalide : {scale.year}.")
    if problems:
        raise BadInputError(f"Le barème {scale.year} ne peut pas être enregistré.", problems)


def _write_scale(session: Session, scale: MileageScale, source: str) -> None:
    stored = session.get(MileageScaleYear, scale.year)
    if stored is None:
        stored = MileageScaleYear(year=scale.year)
        session.add(stored)
    else:
        session.execute(delete(MileageScaleBand).where(MileageScaleBand.year == scale.year))
        session.expire(stored, ["bands"])
    stored.electric_bonus = scale.electric_bonus
    stored.source = source.strip()
    for row_index, row in enumerate(scale.rows):
        for position, band in enumerate(row.bands):
            session.add(
                MileageScaleBand(
                    year=scale.year,
                    row=row_index,
                    position=position,
                    vehicle_kind=row.vehicle,
                    min_cv=row.min_cv,
                    max_cv=row.max_cv,
                    up_to_km=band.up_to_km,
                    rate=band.rate,
                    fixed=band.fixed,
                )
            )


def save_scale(db: Database, scale: MileageScale, source: str = "") -> None:
    """Replace the year's scale (claims already valued keep the rates copied onto them)."""
    _check_scale(scale)
    with db.session() as session:
        _write_scale(session, scale, source)


def save_mileage_settings(
    db: Database, scale: MileageScale, source: str, rates: list[OwnRate]
) -> None:
    """The settings screen's save: a year's scale and the own rates, all or nothing."""
    _check_scale(scale)
    _check_rates(rates)
    with db.session() as session:
        _write_scale(session, scale, source)
        _write_rates(session, rates)


def delete_scale(db: Database, year: int) -> None:
    with db.session() as session:
        count = len(scales_in(session))
        stored = session.get(MileageScaleYear, year)
        if stored is None:
            raise BadInputError(f"Aucun barème n'est enregistré pour {year}.")
        if count <= 1:
            raise BadInputError("Le dernier barème enregistré ne peut pas être supprimé.")
        session.delete(stored)


# --- Settings: own rates ----------------------------------------------------------------------


@dataclass(frozen=True)
class OwnRate:
    vehicle_kind: VehicleKind
    valid_from: date
    rate: Decimal | None  # None: back to the official scale from that day


def list_own_rates(db: Database) -> list[OwnRate]:
    with db.session() as session:
        rows = session.scalars(
            select(OwnMileageRate).order_by(OwnMileageRate.valid_from, OwnMileageRate.vehicle_kind)
        )
        return [OwnRate(r.vehicle_kind, r.valid_from, r.rate) for r in rows]


def _check_rates(rates: list[OwnRate]) -> None:
    problems = []
    seen: set[tuple[VehicleKind, date]] = set()
    for number, rate in enumerate(rates, start=1):
        where = f"ligne {number}"
        if rate.vehicle_kind is VehicleKind.NONE:
            problems.append(f"{where}, colonne véhicule : choisissez voiture, moto ou cyclomoteur.")
        if rate.rate is not None and not Decimal(0) < rate.rate < Decimal(10):
            problems.append(f"{where}, colonne taux : « {rate.rate} » n'est pas un taux par km.")
        key = (rate.vehicle_kind, rate.valid_from)
        if key in seen:
            problems.append(f"{where} : ce véhicule a déjà un taux à cette date.")
        seen.add(key)
    if problems:
        raise BadInputError("Les taux de l'association ne peuvent pas être enregistrés.", problems)


def _write_rates(session: Session, rates: list[OwnRate]) -> None:
    session.execute(delete(OwnMileageRate))
    session.add_all(
        OwnMileageRate(vehicle_kind=r.vehicle_kind, valid_from=r.valid_from, rate=r.rate)
        for r in rates
    )


def save_own_rates(db: Database, rates: list[OwnRate]) -> None:
    """Replace the whole list of own rates (one transaction)."""
    _check_rates(rates)
    with db.session() as session:
        _write_rates(session, rates)
