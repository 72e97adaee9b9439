"""Validation at the right time: a field's problem shows once the user has left that field (or
tried to save), never while they are still typing its first letters, and the field turns red.
A value that changes while the field does not have the keyboard (a choice in a list, a value
filled in by the form) counts as left at once: nobody is typing it.

:class:`LeftFields` watches the fields of a form by name and remembers which ones were left;
:func:`mark_invalid` draws (or removes) the red frame.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QWidget

INVALID_COLOUR = "#b3261e"  # the ProblemsLabel's red

# Losing the focus to a completion list, a menu or another window is not leaving the field.
_NOT_LEAVING = (
    Qt.FocusReason.PopupFocusReason,
    Qt.FocusReason.ActiveWindowFocusReason,
    Qt.FocusReason.MenuBarFocusReason,
)


class LeftFields(QObject):
    """The names of the watched fields the user has left at least once."""

    left = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[QObject, str] = {}
        self.names: set[str] = set()

    def watch(self, widget: QWidget, name: str, changed: SignalInstance | None = None) -> None:
        """Remember ``name`` when ``widget`` loses the keyboard, or when ``changed`` is
        emitted while it does not have it."""
        self._names[widget] = name
        widget.installEventFilter(self)
        if changed is not None:
            changed.connect(lambda *_: None if widget.hasFocus() else self.touch(name))

    def touch(self, name: str) -> None:
        if name not in self.names:
            self.names.add(name)
            self.left.emit(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.FocusOut
            and isinstance(event, QFocusEvent)
            and event.reason() not in _NOT_LEAVING
            and (name := self._names.get(watched)) is not None
        ):
            self.touch(name)
        return False


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """A red frame around ``widget`` alone (an id selector: its children keep their look)."""
    if not widget.objectName():
        widget.setObjectName(f"field_{id(widget):x}")
    wanted = (
        f"#{widget.objectName()} {{ border: 1px solid {INVALID_COLOUR}; border-radius: 2px; }}"
        if invalid
        else ""
    )
    if widget.styleSheet() != wanted:
        widget.setStyleSheet(wanted)
    widget.setProperty("invalid", invalid)
