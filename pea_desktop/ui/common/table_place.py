"""The user's place in a table (selected records, current cell, scroll) kept across a reload.

Lists reload when another user changes the base (ui/common/data_watch.py): the records chosen
stay chosen, the table stays where it was scrolled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView


@dataclass(frozen=True)
class Place:
    keys: tuple[object, ...]
    current_key: object
    column: int
    scroll: int


def remember_place(table: QTableView, key_of: Callable[[int], object]) -> Place:
    """Where the user is in ``table``; ``key_of(row)`` identifies a row's record."""
    rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
    current = table.currentIndex()
    return Place(
        keys=tuple(key for row in rows if (key := key_of(row)) is not None),
        current_key=key_of(current.row()) if current.isValid() else None,
        column=max(current.column(), 0),
        scroll=table.verticalScrollBar().value(),
    )


def restore_place(
    table: QTableView, place: Place | None, row_of: Callable[[object], int | None]
) -> None:
    """Select again the records of ``place`` still shown, scroll back where it was."""
    selection, model = table.selectionModel(), table.model()
    if place is None or selection is None or model is None:
        return
    if place.current_key is not None and (row := row_of(place.current_key)) is not None:
        selection.setCurrentIndex(
            model.index(row, place.column), QItemSelectionModel.SelectionFlag.NoUpdate
        )
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for key in place.keys:
        if (row := row_of(key)) is not None:
            selection.select(model.index(row, 0), flags)
    table.verticalScrollBar().setValue(place.scroll)
