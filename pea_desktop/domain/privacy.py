"""Personal data that must never leave an antenna, recognised by its look.

The federation export carries only codes and numbers, plus the names of the association and
the antenna. Those two names are free texts: an e-mail, a phone number, a street address, a
visit reference, a person named with a title ("Mme Durand") or a whole note typed there would
travel with them. The antenna checks against its own data before writing (services); these
patterns are what both sides can check without it, the federation included (issue 13).
"""

from __future__ import annotations

import re
from typing import Any

from pea_desktop.domain.text import fold

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# French numbers (01 23 45 67 89, +33 1 23 45 67 89, 0033…) and other international ones.
_PHONE = re.compile(
    r"(?<!\w)(?:(?:\+|00)33[\s.-]?(?:\(0\))?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\w)"
    r"|(?<!\w)\+\d{1,3}(?:[\s.-]?\d{2,4}){3,5}(?!\w)"
)
_STREET_WORDS = (
    r"rue|avenue|av|boulevard|bd|chemin|impasse|allee|place|route|quai|cours|square|"
    r"passage|villa|cite|residence|lotissement|lieu-dit|faubourg|fg|voie|sentier|hameau"
)
_ADDRESS = re.compile(
    rf"(?<!\w)\d{{1,4}}\s*(?:bis|ter)?\s*,?\s+(?:{_STREET_WORDS})\b"
    r"|\b(?:rue|avenue|boulevard|impasse|allee)\s+(?:de\s+|du\s+|des\s+|d'|l')?\w{3,}"
    r"|(?<!\w)\d{5}\s+[a-z]{3,}"  # postal code and town
)
_REFERENCE = re.compile(r"(?<!\w)[a-z]{1,4}[-_/.]\d{2,4}(?:[-_/.]\d{1,6})+(?!\w)")
_TITLED_PERSON = re.compile(
    r"(?<!\w)(?:m\.|mr\.?|mme\.?|mlle\.?|monsieur|madame|mademoiselle|dr\.?|docteur)\s+"
    r"[a-z][a-z'-]{1,}"
)
# The name after a title, as written (for looking it up in other texts).
_TITLED_NAME = re.compile(
    r"(?<!\w)(?:M\.|Mr\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle|Dr\.?|Docteur)\s+"
    r"((?:[A-ZÀ-Ý][\w'-]+)(?:\s+[A-ZÀ-Ý][\w'-]+)?)"
)
_SENTENCE = re.compile(r"[.!?;:]\s+\w")
MAX_NAME_WORDS = 10


def personal_data_reasons(text: str) -> list[str]:
    """What in ``text`` looks like personal data (French phrases, empty when nothing)."""
    folded = fold(text)
    reasons = []
    if _EMAIL.search(text):
        reasons.append("une adresse e-mail")
    if _PHONE.search(text):
        reasons.append("un numéro de téléphone")
    if _ADDRESS.search(folded):
        reasons.append("une adresse postale")
    if _REFERENCE.search(folded):
        reasons.append("une référence de visite")
    if _TITLED_PERSON.search(folded):
        reasons.append("le nom d'une personne (civilité suivie d'un nom)")
    if len(text.split()) > MAX_NAME_WORDS or len(_SENTENCE.findall(text)) >= 2:
        reasons.append("une phrase entière (une note ?) plutôt qu'un nom")
    return reasons


def titled_names(text: str) -> set[str]:
    """Names written after a title in ``text`` ("vu Mme Durand" -> {"Durand"}), and each
    word of a two-word name alone ("M. Barnabé Vérité-Cachée" -> both words too)."""
    names: set[str] = set()
    for match in _TITLED_NAME.finditer(text):
        name = match.group(1)
        names.add(name)
        names.update(name.split())
    return names


# Only names are checked: the RNA and SIREN numbers are identifiers of the association.
CHECKED_TEXTS = ("association.name", "antenna.name", "antenna.code")


def received_privacy_problems(document: dict[str, Any]) -> list[str]:
    """Personal data seen in the names of an export (French, one per field and kind)."""
    problems = []
    for section, name in (key.split(".") for key in CHECKED_TEXTS):
        data = document.get(section)
        value = data.get(name) if isinstance(data, dict) else None
        if isinstance(value, str):
            for reason in personal_data_reasons(value):
                problems.append(
                    f"le champ {section}.{name} contient {reason} : données personnelles "
                    "interdites dans un export"
                )
    return problems
