"""Undoable deletions: a deleted row goes to the bin and Ctrl+Z brings it back."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from pea_desktop.ui.context import AppContext

Action = Callable[[Sequence[int]], None]


class MoveToBinCommand(QUndoCommand):
    def __init__(
        self, context: AppContext, text: str, ids: Sequence[int], delete: Action, restore: Action
    ) -> None:
        super().__init__(text)
        self._context = context
        self._ids = list(ids)
        self._delete = delete
        self._restore = restore

    def redo(self) -> None:
        self._delete(self._ids)
        self._context.notify_changed()

    def undo(self) -> None:
        self._restore(self._ids)
        self._context.notify_changed()
