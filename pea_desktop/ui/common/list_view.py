"""The frame every list shares: a table, action buttons, a count; subclasses fill it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.ui.common.column_widths import keep_column_widths
from pea_desktop.ui.common.refresh_on_show import RefreshOnShow
from pea_desktop.ui.common.table_models import RowsTableModel
from pea_desktop.ui.common.table_place import remember_place, restore_place


class ListView(RefreshOnShow):
    """A sortable table with Nouveau / Modifier / Dupliquer / Supprimer and a row count.

    Subclasses implement ``refresh``, ``new_entry``, ``edit_selected``, ``delete_selected``
    and, when they support it, ``duplicate_selected``. A hidden list is refreshed only when it
    is shown again: start-up and every save query only what is on screen.
    """

    title = ""
    can_duplicate = False
    # The name its column widths are remembered under (ui/common/settings); the class name
    # unless a subclass shows several lists (one per activity kind).
    list_name = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Tab leaves the list for the filters and buttons (arrows move inside it).
        self.table.setTabKeyNavigation(False)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.doubleClicked.connect(self.edit_selected)
        self.count_label = QLabel()
        self.new_button = QPushButton("&Nouveau")
        self.new_button.setToolTip("Nouvelle entrée (Ctrl+N)")
        self.edit_button = QPushButton("&Modifier")
        self.edit_button.setToolTip("Ouvrir l'entrée choisie (Entrée ou double-clic)")
        self.duplicate_button = QPushButton("D&upliquer")
        self.duplicate_button.setToolTip("Copier l'entrée choisie (Ctrl+D)")
        self.delete_button = QPushButton("&Supprimer")
        self.delete_button.setToolTip("Mettre à la corbeille (Suppr) — Ctrl+Z pour annuler")
        self.new_button.clicked.connect(self.new_entry)
        self.edit_button.clicked.connect(self.edit_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.duplicate_button.setVisible(self.can_duplicate)
        self._add_shortcut(QKeySequence.StandardKey.Delete, self.delete_selected)
        self._add_shortcut(QKeySequence("Ctrl+D"), self.duplicate_selected)
        self._add_shortcut(QKeySequence(Qt.Key.Key_Return), self.edit_selected)

        buttons = self.buttons_layout = QHBoxLayout()  # subclasses add their own buttons
        for button in (self.new_button, self.edit_button, self.duplicate_button):
            buttons.addWidget(button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch()
        buttons.addWidget(self.count_label)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addLayout(buttons)

    def _add_shortcut(
        self, sequence: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> None:
        action = QAction(self)
        action.setShortcut(sequence)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)

    def set_model(self, model: QAbstractItemModel) -> None:
        self.table.setModel(model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns = getattr(model, "columns", [])
        header.setStretchLastSection(not any(c.stretch for c in columns))
        for section, column in enumerate(columns):
            header.resizeSection(section, column.width)
            if column.stretch:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
        keep_column_widths(header, self.list_name or type(self).__name__)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # --- keeping the user's place when the list reloads (another user's change) ----------
    def row_key(self, row: int) -> object:
        """What identifies ``row`` across reloads (its record's id); None: not kept."""
        model = self.table.model()
        return model.key_of(row) if isinstance(model, RowsTableModel) else None

    def row_of_key(self, key: object) -> int | None:
        """The row showing ``key`` after a reload, or None."""
        model = self.table.model()
        return model.row_of(key) if isinstance(model, RowsTableModel) else None

    def request_refresh(self, *args: object) -> None:
        """Reload, keeping the selected records selected and the scroll position."""
        if not self.isVisible():
            super().request_refresh(*args)
            return
        place = remember_place(self.table, self.row_key)
        super().request_refresh(*args)
        restore_place(self.table, place, self.row_of_key)

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def _update_buttons(self) -> None:
        has_selection = bool(self.table.selectionModel() and self.selected_rows())
        for button in (self.edit_button, self.duplicate_button, self.delete_button):
            button.setEnabled(has_selection)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.scrollTo(self.table.model().index(row, 0))

    def new_entry(self) -> None:
        raise NotImplementedError

    def edit_selected(self) -> None:
        raise NotImplementedError

    def duplicate_selected(self) -> None:
        """Lists without duplication ignore Ctrl+D."""

    def delete_selected(self) -> None:
        raise NotImplementedError
