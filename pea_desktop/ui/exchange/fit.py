"""Dialogs whose content grows (a result, a message) grow with it instead of clipping it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


def grow_to_fit(widget: QWidget) -> None:
    """Taller if its content needs it at its current width (wrapped labels included), once the
    layout has taken the new content into account."""

    def grow() -> None:
        layout = widget.layout()
        if layout is None:
            return
        layout.activate()
        needed = (
            layout.totalHeightForWidth(widget.width())
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if needed > widget.height():
            widget.resize(widget.width(), needed)

    QTimer.singleShot(0, grow)
