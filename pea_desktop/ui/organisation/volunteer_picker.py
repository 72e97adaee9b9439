"""Choose the volunteers of an activity, by typing their names (autocompleted), in order."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.services.organisation.volunteers import VolunteerRow


class VolunteerPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._by_name: dict[str, int] = {}
        self._names: dict[int, str] = {}
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tapez un nom puis Entrée")
        self.search.installEventFilter(self)
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(80)
        self.chosen.installEventFilter(self)
        remove = QPushButton("Retirer")
        remove.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.chosen)

    def set_choices(self, volunteers: list[VolunteerRow]) -> None:
        self._by_name = {v.full_name: v.id for v in volunteers}
        self._names.update({v.id: v.full_name for v in volunteers})
        completer = QCompleter(sorted(self._by_name), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._add_name)
        self.search.setCompleter(completer)

    def set_names(self, names: dict[int, str]) -> None:
        """Names of volunteers who may no longer be choosable (inactive) but are listed."""
        self._names.update(names)

    def volunteer_ids(self) -> list[int]:
        return [
            self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())
        ]

    def set_volunteer_ids(self, ids: list[int]) -> None:
        self.chosen.clear()
        for vid in ids:
            self._append(vid)
        self.changed.emit()

    def add_volunteer(self, volunteer_id: int) -> None:
        if volunteer_id not in self.volunteer_ids():
            self._append(volunteer_id)
            self.changed.emit()

    def remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self.changed.emit()

    def _append(self, volunteer_id: int) -> None:
        item = QListWidgetItem(self._names.get(volunteer_id, f"#{volunteer_id}"))
        item.setData(Qt.ItemDataRole.UserRole, volunteer_id)
        self.chosen.addItem(item)

    def _add_name(self, name: str) -> bool:
        key = next((n for n in self._by_name if n.lower() == name.strip().lower()), None)
        if key is None:
            return False
        self.add_volunteer(self._by_name[key])
        self.search.clear()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            # Enter adds the typed name; with an empty field it saves the form as usual.
            if watched is self.search and enter and self.search.text().strip():
                self._add_name(self.search.text())
                return True
            if watched is self.chosen and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)
