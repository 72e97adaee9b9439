"""The shared reference data of a base, merged when a base moves: the association's settings,
the other settings, the mileage scales and the association's own mileage rates.

Moving a laptop's base INTO a server base never replaces what the server already has in
silence: what is missing is added, what is equal is left alone, and a difference keeps the
server's value and is told in the report (the association's settings are replaced only when the
user asks, ``replace_association``). Copying OUT to a new file (``source_wins``) takes the
source's values over the defaults a new base starts with.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from pea_desktop.domain.formatting import format_date
from pea_desktop.services.server.transfer_report import TransferReport
from pea_desktop.store.models import Base

# Settings that describe one laptop in the exchange between laptops, not the association.
LAPTOP_SETTINGS = ("exchange.",)
# What identifies a base's association as never filled in (a new base).
_ASSOCIATION_IDENTITY = ("name", "rna", "siren")


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def _values(row: Any, skip: tuple[str, ...] = ("id", "updated_at")) -> dict[str, Any]:
    return {key: value for key, value in dict(row).items() if key not in skip}


class ReferenceMerge:
    def __init__(
        self,
        source: Session,
        target: Session,
        report: TransferReport,
        *,
        source_wins: bool,
        replace_association: bool,
    ) -> None:
        self.source, self.target, self.report = source, target, report
        self.source_wins = source_wins
        self.replace_association = replace_association

    def run(self) -> int:
        """Merge everything; returns how many source rows were looked at (for the progress)."""
        return self.association() + self.settings() + self.scales() + self.own_rates()

    # --- the association ----------------------------------------------------------------------
    def association(self) -> int:
        t = table("association")
        mine = self.source.execute(select(t).order_by(t.c.id).limit(1)).mappings().first()
        if mine is None:
            return 0
        theirs = self.target.execute(select(t).order_by(t.c.id).limit(1)).mappings().first()
        values = _values(mine)
        if theirs is None:
            self.target.execute(insert(t).values(**values, updated_at=mine["updated_at"]))
            self.report.added["association"] += 1
            return 1
        if _values(theirs) == values:
            self.report.unchanged["association"] += 1
            return 1
        blank = not any(str(theirs[name] or "").strip() for name in _ASSOCIATION_IDENTITY)
        if self.source_wins or blank or self.replace_association:
            self.target.execute(
                update(t)
                .where(t.c.id == theirs["id"])
                .values(**values, updated_at=mine["updated_at"])
            )
            self.report.updated["association"] += 1
            if self.replace_association and not blank and not self.source_wins:
                self.report.notices.append(
                    f"Paramètres de l'association remplacés par ceux de {self.report.source} "
                    f"(nom : « {mine['name']} », auparavant « {theirs['name']} »)."
                )
            return 1
        self.report.kept["association"] += 1
        self.report.notices.append(
            f"Les paramètres de l'association de {self.report.source} diffèrent de ceux de "
            f"{self.report.target} (nom : « {mine['name']} » / « {theirs['name']} ») : ceux "
            "de la destination sont gardés. Pour les remplacer, relancez avec "
            "--replace-association (ou cochez « Remplacer les paramètres de l'association »)."
        )
        return 1

    # --- settings (one JSON value per key) -------------------------------------------------
    def settings(self) -> int:
        t = table("setting")
        theirs = {row.key: row.value for row in self.target.execute(select(t.c.key, t.c.value))}
        seen = 0
        for row in self.source.execute(select(t).order_by(t.c.key)).mappings():
            seen += 1
            key, value = row["key"], row["value"]
            if key.startswith(LAPTOP_SETTINGS):
                continue
            if key not in theirs:
                self.target.execute(insert(t).values(**dict(row)))
                self.report.added["setting"] += 1
                continue
            if theirs[key] == value:
                self.report.unchanged["setting"] += 1
                continue
            merged, differs = (value, False) if self.source_wins else _merged(theirs[key], value)
            if merged != theirs[key]:
                self.target.execute(
                    update(t)
                    .where(t.c.key == key)
                    .values(value=merged, updated_at=row["updated_at"])
                )
                self.report.updated["setting"] += 1
            if differs:
                self.report.kept["setting"] += 1
                self.report.notices.append(
                    f"Réglage « {key} » : les valeurs de {self.report.target} sont gardées là où "
                    f"elles diffèrent de celles de {self.report.source}."
                )
        return seen

    # --- mileage scales, by year --------------------------------------------------------------
    def scales(self) -> int:
        scale, band = table("mileage_scale"), table("mileage_scale_band")
        seen = 0
        for row in self.source.execute(select(scale).order_by(scale.c.year)).mappings():
            seen += 1
            year = row["year"]
            mine = (_values(row, ("updated_at",)), self._bands(self.source, year))
            found = self.target.execute(select(scale).where(scale.c.year == year)).mappings()
            theirs_row = found.first()
            if theirs_row is not None:
                theirs = (_values(theirs_row, ("updated_at",)), self._bands(self.target, year))
                if theirs == mine:
                    self.report.unchanged["mileage_scale"] += 1
                    continue
                if not self.source_wins:
                    self.report.kept["mileage_scale"] += 1
                    self.report.notices.append(
                        f"Barème kilométrique {year} : celui de {self.report.source} diffère de "
                        f"celui de {self.report.target}, qui est gardé (les notes déjà "
                        "valorisées gardent le barème copié sur elles)."
                    )
                    continue
                self.target.execute(delete(band).where(band.c.year == year))
                self.target.execute(delete(scale).where(scale.c.year == year))
                self.report.updated["mileage_scale"] += 1
            else:
                self.report.added["mileage_scale"] += 1
            self.target.execute(insert(scale).values(**dict(row)))
            bands = [
                _values(b, ("id",))
                for b in self.source.execute(
                    select(band).where(band.c.year == year).order_by(band.c.id)
                ).mappings()
            ]
            if bands:
                self.target.execute(insert(band), bands)
        return seen

    @staticmethod
    def _bands(session: Session, year: int) -> list[tuple[Any, ...]]:
        band = table("mileage_scale_band")
        columns = [c for c in band.columns if c.name != "id"]
        return [
            tuple(row)
            for row in session.execute(
                select(*columns).where(band.c.year == year).order_by(band.c.row, band.c.position)
            )
        ]

    # --- the association's own mileage rates ----------------------------------------------------
    def own_rates(self) -> int:
        t = table("own_mileage_rate")
        seen = 0
        for row in self.source.execute(select(t).order_by(t.c.id)).mappings():
            seen += 1
            key = (t.c.vehicle_kind == row["vehicle_kind"], t.c.valid_from == row["valid_from"])
            theirs = self.target.execute(select(t).where(*key)).mappings().first()
            if theirs is None:
                self.target.execute(insert(t).values(**_values(row, ("id",))))
                self.report.added["own_mileage_rate"] += 1
            elif theirs["rate"] == row["rate"]:
                self.report.unchanged["own_mileage_rate"] += 1
            elif self.source_wins:
                self.target.execute(update(t).where(*key).values(rate=row["rate"]))
                self.report.updated["own_mileage_rate"] += 1
            else:
                self.report.kept["own_mileage_rate"] += 1
                self.report.notices.append(
                    f"Taux kilométrique propre ({row['vehicle_kind'].label} à partir du "
                    f"{format_date(row['valid_from'])}) : celui de {self.report.target} est "
                    "gardé."
                )
        return seen

    def count(self) -> int:
        return sum(
            self.source.scalar(select(func.count()).select_from(table(name))) or 0
            for name in REFERENCE_TABLES
        )


REFERENCE_TABLES = ("association", "setting", "mileage_scale", "own_mileage_rate")


def _merged(theirs: str, mine: str) -> tuple[str, bool]:
    """The target's value completed with the source's: two JSON objects are merged key by key
    (the target's values winning); anything else keeps the target's value. Also says whether
    a value of the source was left out (a difference to report)."""
    try:
        old, new = json.loads(theirs), json.loads(mine)
    except ValueError:
        return theirs, True
    if not isinstance(old, dict) or not isinstance(new, dict):
        return theirs, True
    differs = any(key in old and old[key] != value for key, value in new.items())
    if all(key in old for key in new):
        return theirs, differs
    return json.dumps({**new, **old}, sort_keys=True), differs
