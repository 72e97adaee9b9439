"""Choose the volunteers of an activity, by typing their names (autocompleted), in order.

A few letters and Enter add the first name that contains them (accents and case ignored), so
two volunteers take a handful of keys; Enter in the empty box hands over to the form
(``finished``), Backspace in the empty box takes back the last name added.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
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

from pea_desktop.domain.text import fold
from pea_desktop.services.organisation.volunteers import VolunteerRow


class VolunteerPicker(QWidget):
    changed = Signal()
    finished = Signal()  # Enter in the empty search box: the form moves on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._by_name: dict[str, int] = {}
        self._names: dict[int, str] = {}
        self.search = QLineEdit()
        self.search.setPlaceholderText("Quelques lettres du nom puis Entrée")
        self.search.setToolTip(
            "Tapez quelques lettres d'un nom puis Entrée pour l'ajouter ; "
            "Entrée dans la case vide passe à la suite, Retour arrière retire le dernier nom."
        )
        self.search.installEventFilter(self)
        # With the completion list open, Enter reaches the box without its event filters
        # (QCompleter calls the box's event() directly): returnPressed catches that case.
        self.search.returnPressed.connect(self._enter_pressed)
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(80)
        self.chosen.installEventFilter(self)
        remove = QPushButton("Retirer")
        remove.setToolTip("Retirer les bénévoles choisis dans la liste (Suppr)")
        remove.setAutoDefault(False)
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
        self._completer = completer

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

    def match(self, typed: str) -> str | None:
        """The volunteer ``typed`` names: the exact name, else the first (alphabetical) name
        containing it, accents and case ignored; None when no name does."""
        wanted = fold(typed.strip())
        if not wanted:
            return None
        names = sorted(self._by_name)
        exact = next((n for n in names if fold(n) == wanted), None)
        return exact or next((n for n in names if wanted in fold(n)), None)

    def _add_name(self, name: str) -> bool:
        key = self.match(name)
        if key is None:
            return False
        self.add_volunteer(self._by_name[key])
        self.search.clear()
        # The completer writes the chosen completion back into the box *after* its
        # ``activated`` handlers have run: clear again once it has, or the next name typed
        # would be glued onto this one and never found.
        QTimer.singleShot(0, self.search, self.search.clear)
        popup = self.search.completer().popup() if self.search.completer() else None
        if popup is not None:
            popup.hide()
        return True

    def _enter_pressed(self) -> None:
        """Enter adds the name typed; in the empty box it hands over to the form."""
        if self.search.text().strip():
            self._add_name(self.search.text())
        else:
            self.finished.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            # Enter adds the typed name; with an empty field it saves the form as usual.
            if watched is self.search and enter:
                self._enter_pressed()
                return True
            empty = not self.search.text()
            if watched is self.search and key == Qt.Key.Key_Backspace and empty:
                if self.chosen.count():
                    self.chosen.takeItem(self.chosen.count() - 1)
                    self.changed.emit()
                return True
            if watched is self.chosen and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)
