"""Typing French text into widgets: QtTest's keyClicks only handles ASCII (docs/architecture.md)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


def type_text(widget: QWidget, text: str, *, focus: bool = True) -> None:
    """One key press and release per character (``focus=False``: to a widget that already
    receives the keyboard, such as a completer's open list)."""
    if focus:
        widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QCoreApplication.sendEvent(widget, event)


def replace_text(widget: QWidget, text: str) -> None:
    widget.selectAll()  # type: ignore[attr-defined]
    type_text(widget, text)
