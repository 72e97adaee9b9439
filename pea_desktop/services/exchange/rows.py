"""Travelling rows as plain JSON values, and back: the content that goes into ``.pea`` files.

A row travels as its stored values (what SQLite holds: text for dates, whole cents for money,
codes for enumerations; a server base's values are read and written in that same form through
store/raw_rows.py), so that what arrives is exactly what left, with every reference to
another row replaced by that row's UUID. Local columns (the row id, timestamps, the search text,
the claim a line is on) stay home. Every value read from a file is checked against its column's
type before it is written: a bad value refuses the record, never reaches the base.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, String, Table, Text, Time, text
from sqlalchemy.orm import Session

from pea_desktop.store.models import Base
from pea_desktop.store.raw_rows import RawRows, bind_value, stored_now, stored_value
from pea_desktop.store.types import EnumValue, KindCode, ScaledDecimal

ACTIVITY, EXPENSE, RECEIPT = "activity", "expense", "receipt"
KINDS = (ACTIVITY, EXPENSE, RECEIPT)  # the order records are applied in (references first)
MAX_TEXT = 20_000
STORED_NAME = re.compile(r"^[0-9a-f]{64}\.[a-z0-9]{1,5}$")


@dataclass(frozen=True)
class Spec:
    table: str
    # column -> table whose UUID it holds
    references: dict[str, str] = field(default_factory=dict)
    local: frozenset[str] = frozenset()


COMMON_LOCAL = frozenset(
    {"id", "uuid", "created_at", "updated_at", "search_text", "version", "updated_by"}
)
SPECS = {
    ACTIVITY: Spec("activity", {"antenna_id": "antenna", "partner_id": "partner"}),
    EXPENSE: Spec(
        "expense_line",
        {"volunteer_id": "volunteer", "activity_id": "activity"},
        frozenset({"claim_id"}),
    ),
    RECEIPT: Spec("expense_receipt", {"expense_line_id": "expense_line"}),
}
LINKS = "volunteers"  # the activity's volunteers: [link uuid, volunteer uuid, position]


class RowError(ValueError):
    """A record whose content cannot be written (French message)."""


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def columns(spec: Spec) -> list[Column[Any]]:
    return [c for c in table(spec.table).columns if c.name not in COMMON_LOCAL | spec.local]


def content_hash(content: dict[str, Any] | None) -> str:
    raw = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class UuidMap:
    """Row ids and UUIDs of the tables rows refer to, loaded once per exchange."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._to_uuid: dict[str, dict[int, str]] = {}
        self._to_id: dict[str, dict[str, int]] = {}

    def _load(self, name: str) -> None:
        if name not in self._to_id:
            rows = self.session.execute(text(f"SELECT id, uuid FROM {name}")).all()
            self._to_uuid[name] = {row_id: uuid for row_id, uuid in rows}
            self._to_id[name] = {uuid: row_id for row_id, uuid in rows}

    def uuid(self, name: str, row_id: int | None) -> str | None:
        if row_id is None:
            return None
        self._load(name)
        return self._to_uuid[name].get(row_id)

    def id(self, name: str, uuid: str | None) -> int | None:
        if uuid is None:
            return None
        self._load(name)
        return self._to_id[name].get(uuid)

    def added(self, name: str, row_id: int, uuid: str) -> None:
        self._load(name)
        self._to_uuid[name][row_id] = uuid
        self._to_id[name][uuid] = row_id

    def forget(self, name: str) -> None:
        self._to_uuid.pop(name, None)
        self._to_id.pop(name, None)


def read_contents(
    session: Session, kind: str, ids: UuidMap, where: str = "", params: dict[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """The content of every ``kind`` row matching ``where`` (SQL on the row's table), by UUID."""
    spec = SPECS[kind]
    cols = columns(spec)
    names = ", ".join(c.name for c in cols)
    sql = f"SELECT id, uuid, {names} FROM {spec.table} {where}"
    result: dict[str, dict[str, Any]] = {}
    row_uuids: dict[int, str] = {}
    for row in session.execute(text(sql), params or {}):
        content: dict[str, Any] = {}
        for column, value in zip(cols, row[2:], strict=True):
            target = spec.references.get(column.name)
            content[column.name] = ids.uuid(target, value) if target else stored_value(value)
        if kind == EXPENSE and content.get("km") is not None:
            # A mileage line's amount is valued by the coordinator's claims: it does not travel.
            content["amount"] = None
        result[row[1]] = content
        row_uuids[row[0]] = row[1]
    if kind == ACTIVITY and result:
        links: dict[str, list[list[Any]]] = {uuid: [] for uuid in result}
        for activity_id, volunteer_id, position, link_uuid in session.execute(
            text("SELECT activity_id, volunteer_id, position, uuid FROM activity_volunteer")
        ):
            owner = row_uuids.get(activity_id)
            if owner is not None:
                links[owner].append([link_uuid, ids.uuid("volunteer", volunteer_id), position])
        for uuid, content in result.items():
            content[LINKS] = sorted(links[uuid], key=lambda link: (link[2], link[0]))
    return result


def _check_value(column: Column[Any], value: Any) -> Any:
    """``value`` if it fits ``column`` as stored, else :class:`RowError`."""
    if value is None:
        if not column.nullable:
            raise RowError(f"champ {column.name} manquant")
        return None
    kind = column.type
    try:
        if isinstance(kind, ScaledDecimal | Integer | Boolean):
            if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 10**15:
                raise RowError(f"champ {column.name} : nombre attendu")
            if isinstance(kind, Boolean) and value not in (0, 1):
                raise RowError(f"champ {column.name} : 0 ou 1 attendu")
            return value
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise RowError(f"champ {column.name} : texte attendu")
        if isinstance(kind, DateTime):
            datetime.fromisoformat(value)
        elif isinstance(kind, Date):
            date.fromisoformat(value)
        elif isinstance(kind, Time):
            time.fromisoformat(value)
        elif isinstance(kind, EnumValue | KindCode):
            kind.process_result_value(value, None)  # type: ignore[arg-type]  # dialect unused
        elif isinstance(kind, String | Text):
            pass
        return value
    except (ValueError, KeyError, LookupError) as exc:
        raise RowError(f"champ {column.name} : valeur « {str(value)[:40]} » invalide") from exc


def checked_values(kind: str, content: Any, ids: UuidMap) -> dict[str, Any]:
    """The column values to write for ``content``, references turned into local ids."""
    spec = SPECS[kind]
    if not isinstance(content, dict):
        raise RowError("contenu illisible")
    values: dict[str, Any] = {}
    for column in columns(spec):
        if column.name not in content:
            raise RowError(f"champ {column.name} manquant")
        value = content[column.name]
        target = spec.references.get(column.name)
        if target is not None:
            if value is not None and not isinstance(value, str):
                raise RowError(f"champ {column.name} : référence illisible")
            local = ids.id(target, value)
            if value is not None and local is None:
                if column.nullable and target == "partner":
                    local = None  # an unknown partner structure: the activity keeps no partner
                else:
                    raise RowError(f"référence inconnue ({column.name})")
            values[column.name] = _check_value(column, local)
        else:
            values[column.name] = bind_value(column.type, _check_value(column, value))
    if kind == RECEIPT and not STORED_NAME.match(str(values.get("stored_name", ""))):
        raise RowError("nom de fichier de justificatif invalide")
    return values


def checked_links(content: dict[str, Any], ids: UuidMap) -> list[tuple[str, int, int]]:
    links = content.get(LINKS)
    if not isinstance(links, list) or len(links) > 200:
        raise RowError("bénévoles de l'activité illisibles")
    result = []
    for link in links:
        if (
            not isinstance(link, list)
            or len(link) != 3
            or not isinstance(link[0], str)
            or not isinstance(link[2], int)
        ):
            raise RowError("bénévoles de l'activité illisibles")
        volunteer_id = ids.id("volunteer", link[1])
        if volunteer_id is None:
            raise RowError("bénévole inconnu dans l'activité")
        result.append((link[0], volunteer_id, link[2]))
    return result


def write_content(
    session: Session, kind: str, uuid: str, content: dict[str, Any] | None, ids: UuidMap
) -> None:
    """Insert, update or (``content`` None: purged on the other side) delete the row."""
    spec = SPECS[kind]
    row_id = ids.id(spec.table, uuid)
    raw = RawRows(session)
    if content is None:
        if row_id is not None:
            raw.execute(f"DELETE FROM {spec.table} WHERE id = :id", {"id": row_id})
            ids.forget(spec.table)
        return
    values = checked_values(kind, content, ids)
    links = checked_links(content, ids) if kind == ACTIVITY else []
    now = stored_now()
    if kind == EXPENSE and values.get("km") is not None and row_id is not None:
        values.pop("amount")  # the coordinator's valuation stays
    if row_id is None:
        row_id = raw.insert(
            spec.table, {"uuid": uuid, "created_at": now, "updated_at": now, **values}
        )
        ids.added(spec.table, row_id, uuid)
    else:
        assignments = ", ".join(f"{n} = :{n}" for n in values)
        raw.execute(
            # The version moves: a form holding the older one must not overwrite this change.
            f"UPDATE {spec.table} SET {assignments}, updated_at = :now, version = version + 1 "
            "WHERE id = :id",
            {**values, "now": now, "id": row_id},
        )
    if kind == ACTIVITY:
        raw.execute("DELETE FROM activity_volunteer WHERE activity_id = :id", {"id": row_id})
        raw.executemany(
            "INSERT INTO activity_volunteer (activity_id, volunteer_id, position, uuid) "
            "VALUES (:a, :v, :p, :u)",
            [{"a": row_id, "v": v, "p": p, "u": u} for u, v, p in links],
        )
