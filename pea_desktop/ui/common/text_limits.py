"""Typing stops at the length the domain accepts (domain.limits), so a form never holds a text
it would then refuse to save."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit


def bound_line_edits(edits: dict[str, QLineEdit], table: dict[str, tuple[str, int]]) -> None:
    """``setMaxLength`` on each edit whose field ``table`` bounds."""
    for name, edit in edits.items():
        if name in table:
            edit.setMaxLength(table[name][1])


def bound_plain_text(edit: QPlainTextEdit, maximum: int) -> None:
    """Cut what goes past ``maximum`` characters as it is typed or pasted, keeping the cursor."""

    def cut() -> None:
        text = edit.toPlainText()
        if len(text) <= maximum:
            return
        cursor = edit.textCursor()
        position = min(cursor.position(), maximum)
        edit.setPlainText(text[:maximum])  # signals again; the second call finds it short
        cursor = edit.textCursor()
        cursor.setPosition(position, QTextCursor.MoveMode.MoveAnchor)
        edit.setTextCursor(cursor)

    edit.textChanged.connect(cut)
