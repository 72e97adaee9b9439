"""Clean the text of a cell before anything reads it, and quote cells shortly in messages.

Copy-paste and spreadsheet exports leave characters nobody sees: format characters (U+202E
right-to-left override, which would print a name reversed on a claim; U+200B zero-width space;
U+FEFF; soft hyphens) are removed; control and separator characters (ESC, vertical tab, U+2028)
become a space, and runs of spaces collapse into one. In free-text notes, line breaks of any
kind become newlines instead (spaces around them dropped).
"""

from __future__ import annotations

import re
import unicodedata

QUOTE_LENGTH = 40  # characters of a cell quoted in an error message
_NEWLINES = re.compile("\r\n?")  # what spreadsheets write between the lines of a cell
_OTHER_LINE_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACED = frozenset(("Cc", "Zl", "Zp"))
_SPACES = re.compile(r"[^\S\n]+")  # whitespace runs, newlines excepted
_SPACES_AROUND_NEWLINES = re.compile(r" ?\n ?")


def clean_cell(text: str, multiline: bool = False) -> tuple[str, bool]:
    """The cell's text without invisible characters, stripped, spaces collapsed; and whether
    characters other than spaces were removed or replaced.

    With ``multiline``, line breaks are kept (as ``\\n``) and every other control becomes a space.
    """
    if text.isprintable():  # the usual case: letters, digits, punctuation and plain spaces
        return (" ".join(text.split()) if "  " in text else text.strip()), False
    changed = False
    if multiline:
        text, replaced = _OTHER_LINE_BREAKS.subn("\n", _NEWLINES.sub("\n", text))
        changed = replaced > 0
    kept: list[str] = []
    for char in text:
        if char == "\n" and multiline:
            kept.append(char)
            continue
        category = unicodedata.category(char)
        if category == "Cf":
            changed = True
        elif category in _SPACED:
            kept.append(" ")
            changed = True
        else:
            kept.append(char)
    joined = "".join(kept)
    if not multiline:
        return " ".join(joined.split()), changed
    return _SPACES_AROUND_NEWLINES.sub("\n", _SPACES.sub(" ", joined)).strip(), changed


def shorten(text: str, limit: int = QUOTE_LENGTH) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quote(text: str, limit: int = QUOTE_LENGTH) -> str:
    """``« text »``, cut to ``limit`` characters with an ellipsis when longer."""
    return f"« {shorten(text, limit)} »"
