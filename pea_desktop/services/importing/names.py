"""Volunteers' names as spreadsheets write them: "Prénom Nom" or "NOM Prénom".

A word written all in capitals is the last name; otherwise the first word is the first name.
A name is matched against known volunteers by its folded form in either order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pea_desktop.domain.text import fold
from pea_desktop.services.organisation.volunteers import name_key

_SEPARATORS = re.compile(r"[,+]")


@dataclass(frozen=True)
class PersonName:
    first_name: str
    last_name: str
    # Keys to look up, best first: the name as understood, then the other word orders.
    keys: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.keys[0]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def _is_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) > 1


@lru_cache(maxsize=8192)
def parse_person(text: str) -> PersonName:
    """Understand one full name; ValueError when it is a single word."""
    words = text.split()
    if len(words) < 2:
        raise ValueError(text)
    capitals = [_is_capitals(w) for w in words]
    if any(capitals) and not all(capitals):
        last = [w for w, c in zip(words, capitals, strict=True) if c]
        first = [w for w, c in zip(words, capitals, strict=True) if not c]
    else:
        first, last = words[:1], words[1:]
    first_name, last_name = " ".join(first), " ".join(last)
    keys = [name_key(first_name, last_name)]
    for cut in range(1, len(words)):
        for key in (fold(" ".join(words[cut:] + words[:cut])), fold(" ".join(words))):
            if key not in keys:
                keys.append(key)
    return PersonName(first_name, last_name, tuple(keys))


@lru_cache(maxsize=8192)
def split_names(cell: str) -> tuple[str, ...]:
    """The names listed in a ``benevoles`` cell, separated by "," or "+", in order."""
    return tuple(" ".join(part.split()) for part in _SEPARATORS.split(cell) if part.strip())
