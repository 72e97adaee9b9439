"""How long names and free texts may be, at entry, at import and in files read from others.

One place for the limits, so that what a form accepts, what an import accepts and what the
federation accepts from an antenna agree: a name the application let in can always be printed.
"""

from __future__ import annotations

NAME_MAX = 120  # a person, an antenna, an association, a partner structure
SHORT_TEXT_MAX = 200  # a place, a theme, a trip, an expense description, an address
NOTE_MAX = 4000  # notes and reasons
CODE_MAX = 32  # an antenna code


def too_long(label: str, value: str, maximum: int) -> str | None:
    """A French problem when ``value`` is longer than ``maximum``, naming the field."""
    if len(value) > maximum:
        return f"{label} : {len(value)} caractères, {maximum} au plus"
    return None
