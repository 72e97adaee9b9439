"""What the coordinator's laptop gives a volunteer's: the antenna's reference data, their claims.

Reference data: the association's identity, the antenna, its volunteers (names only, except the
volunteer's own record), partner structures, places already used, the mileage scales and the
association's own rates. Nothing else: no other volunteer's address, claims or bank details.
The volunteer's laptop takes it as it comes (the coordinator's laptop is the reference).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, select, text
from sqlalchemy.orm import Session

from pea_desktop.domain.claims import ClaimStatus
from pea_desktop.domain.text import fold
from pea_desktop.services.exchange.rows import RowError, UuidMap, _check_value, table
from pea_desktop.store.exchange_models import PLACES_SETTING, ExchangeClaimState
from pea_desktop.store.models import ExpenseClaim, Setting
from pea_desktop.store.raw_rows import bind_value, in_json_list, stored_now, stored_value

NAME_ONLY = (
    "uuid",
    "first_name",
    "last_name",
    "name_key",
    "role",
    "active",
    "deleted_at",
    "erased_at",
)
PRIVATE_BLANKS: dict[str, Any] = {
    "email": "",
    "phone": "",
    "address": "",
    "postal_code": "",
    "city": "",
    "vehicle_kind": None,
    "fiscal_horsepower": None,
    "electric": 0,
}


# Optimistic locking and who saved last are this base's own (migration 0010): never sent.
LOCAL_STAMPS = ("version", "updated_by")
STAMPS = ("created_at", "updated_at", *LOCAL_STAMPS)


def _raw_rows(
    session: Session, name: str, skip: set[str], where: str = "", **params: Any
) -> list[dict[str, Any]]:
    cols = [c.name for c in table(name).columns if c.name not in skip]
    sql = f"SELECT {', '.join(cols)} FROM {name} {where}"
    return [
        {name: stored_value(value) for name, value in zip(cols, row, strict=True)}
        for row in session.execute(text(sql), params)
    ]


def snapshot(session: Session, antenna_id: int, volunteer_id: int) -> dict[str, Any]:
    """The reference data a volunteer's laptop gets (plain JSON values)."""
    volunteers = _raw_rows(
        session, "volunteer", {"id", "antenna_id", *STAMPS},
        "WHERE antenna_id = :a OR id = :v", a=antenna_id, v=volunteer_id,
    )  # fmt: skip
    own_uuid = session.execute(
        text("SELECT uuid FROM volunteer WHERE id = :v"), {"v": volunteer_id}
    ).scalar_one()
    volunteers = [v if v["uuid"] == own_uuid else {k: v[k] for k in NAME_ONLY} for v in volunteers]
    places = session.scalars(
        text(
            "SELECT place FROM activity WHERE antenna_id = :a AND place != '' "
            "AND deleted_at IS NULL GROUP BY place ORDER BY count(*) DESC LIMIT 500"
        ),
        {"a": antenna_id},
    ).all()
    return {
        "association": next(iter(_raw_rows(session, "association", {"id", "updated_at"})), None),
        "antenna": _raw_rows(session, "antenna", {"id", *STAMPS}, "WHERE id = :a", a=antenna_id)[0],
        "volunteers": volunteers,
        "partners": _raw_rows(session, "partner", {"id", *STAMPS}),
        "places": list(places),
        "scales": _raw_rows(session, "mileage_scale", {"updated_at"}),
        "scale_bands": _raw_rows(session, "mileage_scale_band", {"id"}),
        "own_rates": _raw_rows(session, "own_mileage_rate", {"id", "updated_at"}),
    }


def _checked(name: str, row: Any, required: set[str] | None = None) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise RowError(f"données de référence illisibles ({name})")
    cols = {c.name: c for c in table(name).columns}
    values: dict[str, Any] = {}
    for key, value in row.items():
        column: Column[Any] | None = cols.get(key)
        if column is None or key == "id":
            raise RowError(f"données de référence illisibles ({name}.{key})")
        values[key] = _check_value(column, value)
    for key in required or set():
        if key not in values:
            raise RowError(f"données de référence incomplètes ({name}.{key})")
    return values


def _bound(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """Stored values ready for either engine (a server's boolean column refuses 0/1)."""
    kinds = {c.name: c.type for c in table(name).columns}
    return {key: bind_value(kinds[key], value) for key, value in values.items()}


def _upsert(session: Session, name: str, values: dict[str, Any], key: str = "uuid") -> int:
    now = stored_now()
    cols = {c.name for c in table(name).columns}
    values = _bound(name, values)
    stamps: dict[str, Any] = {c: now for c in ("created_at", "updated_at") if c in cols}
    found = session.execute(
        text(f"SELECT id FROM {name} WHERE {key} = :k"),
        {"k": values[key]},
    ).scalar()
    if found is None:
        row: dict[str, Any] = {**stamps, **values}
        # RETURNING: the new row's id on either engine (SQLite 3.35+, PostgreSQL).
        inserted = session.execute(
            text(
                f"INSERT INTO {name} ({', '.join(row)}) "
                f"VALUES ({', '.join(':' + n for n in row)}) RETURNING id"
            ),
            row,
        )
        return int(inserted.scalar_one())
    assignments = ", ".join(f"{n} = :{n}" for n in values if n != key)
    if "updated_at" in cols:
        assignments += ", updated_at = :updated_at"
    if "version" in cols:  # a form holding the older version must not overwrite this change
        assignments += ", version = version + 1"
    session.execute(
        text(f"UPDATE {name} SET {assignments} WHERE id = :id"),
        {**values, "updated_at": now, "id": found},
    )
    return int(found)


def _replace_all(session: Session, name: str, rows: Any, skip_stamp: bool = False) -> None:
    if not isinstance(rows, list):
        raise RowError(f"données de référence illisibles ({name})")
    checked = [_bound(name, _checked(name, row)) for row in rows]
    session.execute(text(f"DELETE FROM {name}"))
    now = stored_now()
    for row in checked:
        if "updated_at" in {c.name for c in table(name).columns} and not skip_stamp:
            row = {**row, "updated_at": now}
        session.execute(
            text(
                f"INSERT INTO {name} ({', '.join(row)}) VALUES ({', '.join(':' + n for n in row)})"
            ),
            row,
        )


def apply(session: Session, reference: Any, ids: UuidMap) -> int:
    """Write the reference data on a volunteer's laptop; returns the antenna's local id."""
    if not isinstance(reference, dict):
        raise RowError("données de référence illisibles")
    association = reference.get("association")
    if association is not None:
        values = _checked("association", association)
        found = session.execute(text("SELECT id FROM association LIMIT 1")).scalar()
        row = {**values, "id": found or 1}
        _upsert(session, "association", row, key="id")
    antenna_id = _upsert(
        session, "antenna", _checked("antenna", reference.get("antenna"), {"uuid", "code"})
    )
    volunteers = reference.get("volunteers")
    partners = reference.get("partners")
    if not isinstance(volunteers, list) or not isinstance(partners, list):
        raise RowError("données de référence illisibles")
    for volunteer in volunteers:
        values = _checked("volunteer", volunteer, {"uuid", "first_name", "last_name"})
        full = {**PRIVATE_BLANKS, **values, "antenna_id": antenna_id}
        if session.execute(
            text("SELECT id FROM volunteer WHERE uuid = :u"), {"u": values["uuid"]}
        ).scalar():
            full = {**values, "antenna_id": antenna_id}  # never blank a record with blanks
        _upsert(session, "volunteer", full)
    for partner in partners:
        _upsert(session, "partner", _checked("partner", partner, {"uuid", "name"}))
    _replace_all(session, "mileage_scale_band", [])
    _replace_all(session, "mileage_scale", reference.get("scales"))
    _replace_all(session, "mileage_scale_band", reference.get("scale_bands"))
    _replace_all(session, "own_mileage_rate", reference.get("own_rates"))
    places = reference.get("places")
    if isinstance(places, list):
        value = json.dumps([p for p in places if isinstance(p, str)][:500], ensure_ascii=False)
        setting = session.get(Setting, PLACES_SETTING)
        if setting is None:
            session.add(Setting(key=PLACES_SETTING, value=value))
        else:
            setting.value = value
    for name in ("volunteer", "partner", "antenna"):
        ids.forget(name)
    return antenna_id


def referenced_people(
    session: Session, volunteer_ids: set[int], partner_ids: set[int]
) -> dict[str, Any]:
    """Names of the volunteers and partners a volunteer's records refer to (for a new one)."""
    people = [
        {"uuid": u, "first_name": f, "last_name": last}
        for u, f, last in session.execute(
            text(
                "SELECT uuid, first_name, last_name FROM volunteer "
                f"WHERE id IN {in_json_list(session, 'ids', integers=True)}"
            ),
            {"ids": json.dumps(sorted(volunteer_ids))},
        )
    ]
    partners = [
        {"uuid": u, "name": n, "kind": k, "town": t}
        for u, n, k, t in session.execute(
            text(
                "SELECT uuid, name, kind, town FROM partner "
                f"WHERE id IN {in_json_list(session, 'ids', integers=True)}"
            ),
            {"ids": json.dumps(sorted(partner_ids))},
        )
    ]
    return {"volunteers": people, "partners": partners}


def add_missing_people(session: Session, people: Any, antenna_id: int, ids: UuidMap) -> int:
    """Create the volunteers and partners a volunteer's laptop added (names only)."""
    if not isinstance(people, dict):
        return 0
    added = 0
    for person in people.get("volunteers") or []:
        values = _checked("volunteer", person, {"uuid", "first_name", "last_name"})
        if ids.id("volunteer", values["uuid"]) is None:
            key = fold(f"{values['first_name']} {values['last_name']}")
            _upsert(
                session,
                "volunteer",
                {
                    **PRIVATE_BLANKS,
                    "role": "benevole",
                    "active": 1,
                    **values,
                    "name_key": key,
                    "antenna_id": antenna_id,
                },
            )
            added += 1
    for partner in people.get("partners") or []:
        values = _checked("partner", partner, {"uuid", "name"})
        if ids.id("partner", values["uuid"]) is None:
            _upsert(session, "partner", values)
            added += 1
    ids.forget("volunteer")
    ids.forget("partner")
    return added


def claims_of(session: Session, volunteer_id: int) -> list[dict[str, Any]]:
    """The state of a volunteer's claims, as their laptop shows it."""
    claims = session.scalars(
        select(ExpenseClaim).where(ExpenseClaim.volunteer_id == volunteer_id)
    ).all()
    result = []
    for claim in claims:
        live = [line for line in claim.lines if line.deleted_at is None]
        amount = sum((line.amount or Decimal(0) for line in live), Decimal(0))
        result.append(
            {
                "uuid": claim.uuid,
                "number": claim.number,
                "status": claim.status.value,
                "period_start": claim.period_start.isoformat(),
                "period_end": claim.period_end.isoformat(),
                "amount": str(amount),
                "waiver": claim.waiver,
                "refusal_reason": claim.refusal_reason,
                "paid_on": claim.paid_on.isoformat() if claim.paid_on else None,
                "lines": [line.uuid for line in live],
            }
        )
    return result


def apply_claims(session: Session, claims: Any) -> int:
    """Replace the volunteer's view of their claims by the coordinator's."""
    if not isinstance(claims, list):
        raise RowError("état des notes de frais illisible")
    session.execute(text("DELETE FROM exchange_claim_state"))
    for claim in claims:
        try:
            session.add(
                ExchangeClaimState(
                    uuid=str(claim["uuid"])[:36],
                    number=str(claim["number"])[:16],
                    status=ClaimStatus(claim["status"]).value,
                    period_start=date.fromisoformat(claim["period_start"]),
                    period_end=date.fromisoformat(claim["period_end"]),
                    amount=Decimal(str(claim["amount"])),
                    waiver=bool(claim["waiver"]),
                    refusal_reason=str(claim["refusal_reason"])[:2000],
                    paid_on=date.fromisoformat(claim["paid_on"]) if claim["paid_on"] else None,
                    line_uuids=json.dumps([str(u) for u in claim["lines"]]),
                )
            )
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise RowError("état des notes de frais illisible") from exc
    session.flush()
    return len(claims)
