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


PHONE_MAX = 32  # a telephone number, with spaces, dots or an international prefix
POSTAL_CODE_MAX = 10

# Each bounded text field of a form, by attribute name: the French noun used in messages and
# the limit. Forms (setMaxLength), services (validation) and imports (line and column) read these.
ACTIVITY_TEXTS: dict[str, tuple[str, int]] = {
    "place": ("Le lieu", SHORT_TEXT_MAX),
    "theme": ("Le thème", SHORT_TEXT_MAX),
    "notes": ("Les notes", NOTE_MAX),
    "reference": ("La référence", CODE_MAX),
}
VOLUNTEER_TEXTS: dict[str, tuple[str, int]] = {
    "first_name": ("Le prénom", NAME_MAX),
    "last_name": ("Le nom", NAME_MAX),
    "email": ("L'adresse e-mail", SHORT_TEXT_MAX),
    "phone": ("Le téléphone", PHONE_MAX),
    "address": ("L'adresse", SHORT_TEXT_MAX),
    "postal_code": ("Le code postal", POSTAL_CODE_MAX),
    "city": ("La commune", NAME_MAX),
}
ANTENNA_TEXTS: dict[str, tuple[str, int]] = {
    "code": ("Le code de l'antenne", CODE_MAX),
    "name": ("Le nom de l'antenne", NAME_MAX),
}
PARTNER_TEXTS: dict[str, tuple[str, int]] = {
    "name": ("Le nom du partenaire", NAME_MAX),
    "town": ("La commune", NAME_MAX),
}
ASSOCIATION_TEXTS: dict[str, tuple[str, int]] = {
    "name": ("Le nom de l'association", NAME_MAX),
}


def length_problems(table: dict[str, tuple[str, int]], values: dict[str, str]) -> dict[str, str]:
    """The fields of ``values`` longer than ``table`` allows: field name -> French message.

    Lengths are counted on the trimmed text, as it would be saved.
    """
    problems = {}
    for name, (label, maximum) in table.items():
        value = values.get(name)
        if isinstance(value, str) and (problem := too_long(label, value.strip(), maximum)):
            problems[name] = problem
    return problems


def max_length(table: dict[str, tuple[str, int]], name: str) -> int:
    """The limit of one field, for a widget's setMaxLength."""
    return table[name][1]
