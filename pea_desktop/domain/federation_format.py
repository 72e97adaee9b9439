"""The yearly federation export document (docs/formats.md): shape, checksum, checks.

A UTF-8 JSON object (version 3, signed; versions 1 and 2 are still read, see below)::

    {
      "format": "pea-desktop/export-federation", "version": 3,
      "application": {"name": "PEA Desktop", "version": "0.1.0"},
      "generated_at": "2026-01-15T09:30:00+00:00",
      "association": {"name": ..., "rna": ..., "siren": ...},
      "antenna": {"code": "LYON", "name": "Lyon", "department": "69"},
      "year": 2025, "hourly_rate": "11.88",
      "totals": {"activities": 9, "active_volunteers": 3, "volunteer_minutes": 1215,
                 "partners": 1, "volunteer_value": "240.57", "km": "60.5", "reimbursed": "23.00",
                 "waived": "0.00"},
      "by_kind": {"groupe": {"activities": 4, "participants": 35, "first_timers": 6,
                             "relatives": 7, "audience": 0}, "visite": {...}, ...},
      "months": [{"month": 3, "kind": "groupe", "activities": 2, "participants": 18, ...}],
      "visits_by_requester": {"famille": 1, ...}, "visits_by_place": {...},
      "interventions_by_format": {"temoignage": {"count": 1, "audience": 25}, ...},
      "audience_by_kind": {...}, "partners_by_kind": {"csapa": 1, ...},
      "sha256": "<hex digest of the canonical content>",
      "signature": {"algorithm": "ed25519", "public_key": "<base64>", "value": "<base64>"}
    }

Amounts, kilometres and rates are decimal strings (never floats); volunteer time is in minutes
(duration x volunteers present). ``kind`` is an activity kind code or ``hors_activite`` for
expenses without an activity. The canonical content is ``json.dumps`` of the document without
``sha256`` and ``signature``, with ``sort_keys=True``, ``separators=(",", ":")``,
``ensure_ascii=False``, in UTF-8. From version 3, ``signature`` holds the antenna's Ed25519
public key and its signature of those same canonical bytes (``services/keys.py``).

Version 2 is version 3's content without ``signature``: it is read, marked "non signé".

Version 1 had no ``by_kind``: its totals held one field per kind (``groups``, ``visits``,
``interventions``) and the kind figures (``participants``, ``first_timers``, ``relatives``,
``audience``); :func:`kinds_of_document` reads both.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from pea_desktop.domain.activity_fields import MEASURES
from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.enums import (
    AudienceKind,
    InterventionFormat,
    PartnerKind,
    Requester,
    VisitPlace,
)
from pea_desktop.domain.summary import KindFigures, kind_codes

FORMAT_NAME = "pea-desktop/export-federation"
FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
SIGNED_FROM_VERSION = 3
CHECKSUM_FIELD = "sha256"
SIGNATURE_FIELD = "signature"
SIGNATURE_KEYS = frozenset({"algorithm", "public_key", "value"})
NOT_GIVEN_CODE = "non_precise"

MONTH_INT_FIELDS = (
    "activities",
    "participants",
    "first_timers",
    "relatives",
    "audience",
    "volunteer_minutes",
    "volunteers",
)
MONTH_DECIMAL_FIELDS = ("km", "reimbursed", "waived")
TOTAL_INT_FIELDS = ("activities", "active_volunteers", "volunteer_minutes", "partners")
KIND_INT_FIELDS = ("activities", *MEASURES)
# Version 1: one total per built-in kind, and the kind figures among the totals.
V1_KIND_TOTALS = {"groupe": "groups", "visite": "visits", "temoignage": "interventions"}
V1_TOTAL_INT_FIELDS = (
    "activities",
    "groups",
    "participants",
    "first_timers",
    "relatives",
    "visits",
    "interventions",
    "audience",
    "active_volunteers",
    "volunteer_minutes",
    "partners",
)
TOTAL_DECIMAL_FIELDS = ("volunteer_value", "km", "reimbursed", "waived")
# Category tables: name -> (allowed codes, whether each entry is {"count", "audience"}).
CATEGORY_TABLES: dict[str, tuple[frozenset[str], bool]] = {
    "visits_by_requester": (frozenset(m.value for m in Requester) | {NOT_GIVEN_CODE}, False),
    "visits_by_place": (frozenset(m.value for m in VisitPlace) | {NOT_GIVEN_CODE}, False),
    "interventions_by_format": (
        frozenset(m.value for m in InterventionFormat) | {NOT_GIVEN_CODE},
        True,
    ),
    "audience_by_kind": (frozenset(m.value for m in AudienceKind) | {NOT_GIVEN_CODE}, True),
    "partners_by_kind": (frozenset(m.value for m in PartnerKind), False),
}
TOP_LEVEL = frozenset(
    {
        "format",
        "version",
        "application",
        "generated_at",
        "association",
        "antenna",
        "year",
        "hourly_rate",
        "totals",
        "months",
        "by_kind",
        CHECKSUM_FIELD,
        SIGNATURE_FIELD,
        *CATEGORY_TABLES,
    }
)
IDENTITY_FIELDS = {
    "application": ("name", "version"),
    "association": ("name", "rna", "siren"),
    "antenna": ("code", "name", "department"),
}
DECIMAL_TEXT = re.compile(r"^\d{1,12}(\.\d{1,3})?$")


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """The bytes the checksum and the signature cover: everything but themselves."""
    body = {
        key: value
        for key, value in document.items()
        if key not in (CHECKSUM_FIELD, SIGNATURE_FIELD)
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def is_signed_version(document: dict[str, Any]) -> bool:
    version = document.get("version")
    return isinstance(version, int) and version >= SIGNED_FROM_VERSION


def compute_checksum(document: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def seal(document: dict[str, Any]) -> dict[str, Any]:
    """The document with its checksum (last key, for people reading the file).

    Any signature is dropped: it no longer covers a changed content (sign after sealing).
    """
    body = {
        key: value
        for key, value in document.items()
        if key not in (CHECKSUM_FIELD, SIGNATURE_FIELD)
    }
    return {**body, CHECKSUM_FIELD: compute_checksum(body)}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_fields(
    where: str, data: Any, ints: tuple[str, ...], decimals: tuple[str, ...], extra: set[str]
) -> list[str]:
    if not isinstance(data, dict):
        return [f"{where} : un objet est attendu"]
    problems = [
        f"{where} : champ inattendu « {key} »"
        for key in data
        if key not in {*ints, *decimals, *extra}
    ]
    for name in ints:
        if not _is_int(data.get(name)):
            problems.append(f"{where} : « {name} » doit être un entier positif")
    for name in decimals:
        value = data.get(name)
        if not (isinstance(value, str) and DECIMAL_TEXT.match(value)):
            problems.append(f"{where} : « {name} » doit être un nombre décimal écrit en texte")
    return problems


def shape_problems(document: Any) -> list[str]:
    """Everything in ``document`` that the format does not allow (French, one per problem).

    Only known keys, only counts, decimal strings, codes of closed lists and the identity of
    the association and antenna: no room is left for a name, a reference or a note.
    """
    if not isinstance(document, dict):
        return ["le document doit être un objet JSON"]
    version = document.get("version")
    allowed = TOP_LEVEL if version != 1 else TOP_LEVEL - {"by_kind"}
    if not is_signed_version(document):
        allowed = allowed - {SIGNATURE_FIELD}
    problems = [f"champ inattendu « {key} »" for key in document if key not in allowed]
    if is_signed_version(document):
        signature = document.get(SIGNATURE_FIELD)
        if not isinstance(signature, dict) or set(signature) != SIGNATURE_KEYS:
            problems.append(
                f"« {SIGNATURE_FIELD} » doit contenir exactement "
                + ", ".join(sorted(SIGNATURE_KEYS))
            )
    if not _is_int(document.get("year")) or not 1900 <= document["year"] <= 2200:
        problems.append("« year » doit être une année")
    if not isinstance(document.get("generated_at"), str):
        problems.append("« generated_at » manque")
    if not (
        isinstance(document.get("hourly_rate"), str) and DECIMAL_TEXT.match(document["hourly_rate"])
    ):
        problems.append("« hourly_rate » doit être un nombre décimal écrit en texte")
    for section, names in IDENTITY_FIELDS.items():
        data = document.get(section)
        if not isinstance(data, dict) or set(data) != set(names):
            problems.append(f"« {section} » doit contenir exactement {', '.join(names)}")
        elif not all(isinstance(data[n], str) for n in names):
            problems.append(f"« {section} » : les valeurs doivent être du texte")
    antenna = document.get("antenna")
    if isinstance(antenna, dict) and not str(antenna.get("code", "")).strip():
        problems.append("le code de l'antenne manque")
    totals = V1_TOTAL_INT_FIELDS if version == 1 else TOTAL_INT_FIELDS
    problems += _check_fields("totals", document.get("totals"), totals, TOTAL_DECIMAL_FIELDS, set())
    if version != 1:
        problems += _kind_problems(document.get("by_kind"))
    month_kinds = kind_codes()
    months = document.get("months")
    if not isinstance(months, list):
        problems.append("« months » doit être une liste")
    else:
        for i, row in enumerate(months, start=1):
            where = f"months[{i}]"
            problems += _check_fields(
                where, row, MONTH_INT_FIELDS, MONTH_DECIMAL_FIELDS, {"month", "kind"}
            )
            if isinstance(row, dict):
                if not (_is_int(row.get("month")) and 1 <= row["month"] <= 12):
                    problems.append(f"{where} : « month » doit aller de 1 à 12")
                if row.get("kind") not in month_kinds:
                    problems.append(f"{where} : type d'activité « {row.get('kind')} » inconnu")
    for name, (codes, with_audience) in CATEGORY_TABLES.items():
        table = document.get(name)
        if not isinstance(table, dict):
            problems.append(f"« {name} » doit être un objet")
            continue
        for code, value in table.items():
            if code not in codes:
                problems.append(f"{name} : code « {code} » inconnu")
            elif with_audience:
                problems += _check_fields(f"{name}.{code}", value, ("count", "audience"), (), set())
            elif not _is_int(value):
                problems.append(f"{name}.{code} : un entier positif est attendu")
    return problems


def _kind_problems(by_kind: Any) -> list[str]:
    if not isinstance(by_kind, dict):
        return ["« by_kind » doit être un objet"]
    problems = []
    for code, figures in by_kind.items():
        if code not in KINDS:
            problems.append(f"by_kind : type d'activité « {code} » inconnu")
        else:
            problems += _check_fields(f"by_kind.{code}", figures, KIND_INT_FIELDS, (), set())
    return problems


def kind_block(figures: KindFigures) -> dict[str, int]:
    """One kind's entry of ``by_kind``."""
    return {"activities": figures.activities, **{m: figures.measure(m) for m in MEASURES}}


def kinds_of_document(document: dict[str, Any]) -> dict[str, KindFigures]:
    """Per-kind figures of a checked document, whatever its version."""
    if document["version"] == 1:
        totals = document["totals"]
        by_kind = {code: KindFigures(totals[name]) for code, name in V1_KIND_TOTALS.items()}
        by_kind["groupe"] = KindFigures(
            totals["groups"], totals["participants"], totals["first_timers"], totals["relatives"]
        )
        by_kind["temoignage"] = KindFigures(totals["interventions"], audience=totals["audience"])
        return by_kind
    return {code: KindFigures(**figures) for code, figures in document["by_kind"].items()}


def free_texts(document: dict[str, Any]) -> dict[str, str]:
    """The only values of the document that are not codes or numbers, by where they are."""
    texts = {}
    for section in ("association", "antenna"):
        data = document.get(section)
        if isinstance(data, dict):
            for name, value in data.items():
                texts[f"{section}.{name}"] = str(value)
    return texts
