"""French plurals written out: "1 fichier refusé", "2 fichiers refusés", never "fichier(s)".

In French, 0 and 1 take the singular ("0 fichier refusé", "1,5 heure" aside: counts only).
"""

from __future__ import annotations

from pea_desktop.domain.formatting import format_number

# Words whose plural is not the singular plus "s".
_IRREGULAR = {
    "bordereau": "bordereaux",
    "nouveau": "nouveaux",
    "total": "totaux",
    "journal": "journaux",
    "virement refusé": "virements refusés",
}


def plural_form(word: str) -> str:
    """The plural of ``word`` (each word of a short phrase takes the mark: "note créée")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    parts = []
    for part in word.split(" "):
        if part in _IRREGULAR:
            parts.append(_IRREGULAR[part])
        elif part.endswith(("s", "x", "z")) or part in {"de", "du", "à", "en", "le", "la", "d'"}:
            parts.append(part)
        elif part.endswith("au") or part.endswith("eu"):
            parts.append(part + "x")
        else:
            parts.append(part + "s")
    return " ".join(parts)


def agree(count: int, singular: str, plural: str | None = None) -> str:
    """``singular`` or its plural, as ``count`` requires (0 and 1 are singular in French)."""
    return singular if abs(count) < 2 else (plural or plural_form(singular))


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 fichier refusé", "2 fichiers refusés", "1 234 notes" (thousands grouped)."""
    return f"{format_number(count, 0)} {agree(count, singular, plural)}"
