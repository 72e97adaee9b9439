"""State shared by every view: the open database, the chosen antenna, change notifications.

Views never call each other: they react to these signals (an activity saved refreshes the
dashboard, an antenna chosen in the toolbar filters every list).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from pea_desktop.services.database import Database


class AppContext(QObject):
    antenna_changed = Signal(object)  # antenna id, or None for every antenna
    data_changed = Signal()  # something was written: lists and figures should refresh

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._antenna_id: int | None = None

    @property
    def antenna_id(self) -> int | None:
        return self._antenna_id

    def set_antenna(self, antenna_id: int | None) -> None:
        if antenna_id != self._antenna_id:
            self._antenna_id = antenna_id
            self.antenna_changed.emit(antenna_id)

    def notify_changed(self) -> None:
        self.data_changed.emit()
