"""Reading a federation export under bounds: whatever a file holds, reading it stays cheap.

A hostile or broken file must never stop a consolidation (issue 13): numbers of thousands of
digits, JSON nested thousands deep, texts of megabytes or millions of entries are refused with
a reason before anything adds them up or prints them. The limits are far above what a real
antenna sends (a year is about 30 kB, 4 levels deep, counts below a million).
"""

from __future__ import annotations

import json
from typing import Any

from pea_desktop.domain.limits import CODE_MAX, NAME_MAX

MAX_EXPORT_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 6
MAX_NUMBER_CHARS = 16  # "9999999999999999": far above any count, far below trouble
MAX_COUNT = 10**9  # any integer of the document (people, minutes, activities)
MAX_NODES = 20_000  # values in the whole document
MAX_KEY_CHARS = 64
MAX_TEXT_CHARS = 200  # any string but the names below
# Identity texts: printed in the national PDF and spreadsheet, so bounded like at entry.
TEXT_LIMITS: dict[tuple[str, ...], int] = {
    ("antenna", "name"): NAME_MAX,
    ("antenna", "code"): CODE_MAX,
    ("antenna", "department"): 3,
    ("association", "name"): NAME_MAX,
    ("association", "rna"): 20,
    ("association", "siren"): 20,
    ("application", "name"): 40,
    ("application", "version"): 40,
}


class OutOfBounds(ValueError):
    """The document breaks a bound; the message says which, in French."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_CHARS:
        raise OutOfBounds(f"nombre de {len(text)} chiffres : valeur démesurée")
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise OutOfBounds(f"nombre de {len(text)} caractères : valeur démesurée")
    return float(text)  # never valid in the format: the shape check says so


def _no_constant(name: str) -> float:
    raise OutOfBounds(f"valeur « {name} » interdite")


def parse_bounded(text: str) -> Any:
    """``json.loads`` that refuses huge numbers, NaN and deep nesting (raises OutOfBounds)."""
    if len(text) > MAX_EXPORT_BYTES:
        raise OutOfBounds(f"fichier trop gros ({len(text)} caractères)")
    try:
        document = json.loads(
            text,
            parse_int=_bounded_int,
            parse_float=_bounded_float,
            parse_constant=_no_constant,
        )
    except RecursionError as exc:
        raise OutOfBounds(f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)") from exc
    check_bounds(document)
    return document


def check_bounds(document: Any) -> None:
    """Walk the document without recursion; raise :class:`OutOfBounds` at the first excess."""
    stack: list[tuple[Any, int, tuple[str, ...]]] = [(document, 1, ())]
    nodes = 0
    while stack:
        value, depth, where = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise OutOfBounds(f"trop de valeurs (plus de {MAX_NODES})")
        if depth > MAX_DEPTH:
            raise OutOfBounds(f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)")
        place = ".".join(where) or "document"
        if isinstance(value, dict):
            for key, item in value.items():
                if len(key) > MAX_KEY_CHARS:
                    raise OutOfBounds(f"{place} : nom de champ de {len(key)} caractères")
                stack.append((item, depth + 1, (*where, key)))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, (*where, str(i + 1))) for i, item in enumerate(value))
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) >= MAX_COUNT:
                raise OutOfBounds(f"{place} : nombre {value} démesuré (au plus {MAX_COUNT - 1})")
        elif isinstance(value, str):
            limit = TEXT_LIMITS.get(where, MAX_TEXT_CHARS)
            if len(value) > limit:
                raise OutOfBounds(f"{place} : texte de {len(value)} caractères ({limit} au plus)")
