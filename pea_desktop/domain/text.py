"""Text helpers shared by imports and searches: accent folding, reading dates and durations."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'"})


def fold(text: str) -> str:
    """Lower-case without accents or surrounding spaces: "Bénévoles " -> "benevoles"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_LIGATURES)


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(text: str) -> date:
    """Parse JJ/MM/AAAA or AAAA-MM-JJ (and close variants); raise ValueError otherwise."""
    cleaned = text.strip()
    # Spreadsheets sometimes append a midnight time to dates.
    cleaned = re.sub(r"[ T]00:00(:00)?$", "", cleaned)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


_HOURS = re.compile(r"^(\d{1,3})\s*[h:]\s*(\d{0,2})\s*(?:min)?$", re.IGNORECASE)
_MINUTES = re.compile(r"^(\d{1,5})\s*(?:min|mn|minutes?)?$", re.IGNORECASE)


def parse_duration(text: str) -> int:
    """Duration in minutes from "90", "90 min", "1h30", "1:30" or "2h"; ValueError otherwise."""
    cleaned = text.strip()
    if match := _MINUTES.match(cleaned):
        return int(match.group(1))
    if match := _HOURS.match(cleaned):
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if minutes >= 60:
            raise ValueError(text)
        return hours * 60 + minutes
    raise ValueError(text)


CODE_LENGTH = 16


def suggest_code(name: str, limit: int = CODE_LENGTH) -> str:
    """A short code from a name: capitals without accents, words joined by hyphens, cut at a
    word boundary ("Saint-Étienne" -> "SAINT-ETIENNE", never "SAINT-ÉTIENN"). A first word
    longer than ``limit`` is cut, having no better place."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_LIGATURES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    code = re.sub(r"[^A-Z0-9]+", "-", plain).strip("-")
    if len(code) <= limit:
        return code
    cut = code.rfind("-", 0, limit + 1)
    if cut <= 0:
        return code[:limit]
    # An elided "d'" or "l'" left at the end reads as a stray letter: drop it too.
    return re.sub(r"(-[A-Z])+$", "", code[:cut])
