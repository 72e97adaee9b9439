"""Names that look like another one: a typo in an imported file must not create a second
volunteer or antenna silently (issue 11)."""

from __future__ import annotations

from pea_desktop.domain.text import fold


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, removed, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _words(text: str) -> list[str]:
    return fold(text).replace("-", " ").split()


def look_alike_reason(new: str, known: str) -> str | None:
    """Why ``new`` may be a misspelling of ``known`` (French), None when it does not look so.
    Identical names are not look-alikes (they are the same)."""
    if new.strip() == known.strip():
        return None
    a, b = _words(new), _words(known)
    if a == b:
        return "mêmes lettres, aux accents ou majuscules près"
    if sorted(a) == sorted(b):
        return "mêmes mots dans un autre ordre"
    joined_a, joined_b = " ".join(a), " ".join(b)
    if _one_edit_apart(joined_a, joined_b) or _one_edit_apart(
        " ".join(sorted(a)), " ".join(sorted(b))
    ):
        return "une lettre de différence"
    if len(joined_a) >= 3 and (joined_b.startswith(joined_a) or joined_a.startswith(joined_b)):
        return "l'un commence comme l'autre"
    return None


def find_look_alike(new: str, known: list[str]) -> tuple[str, str] | None:
    """The first known name ``new`` looks like, with the reason."""
    for candidate in known:
        if (reason := look_alike_reason(new, candidate)) is not None:
            return candidate, reason
    return None
