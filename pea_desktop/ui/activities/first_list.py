"""The first list of the window (the first kind's) as it opens, shown before the database is.

Opening the database the normal way (check, migrations, SQLAlchemy and the models) takes
several times longer than Qt itself; this page is read first with the ``sqlite3`` module alone
(``services.activities.listing.first_page``), read-only, so that the window shows the list the
user will see at once. The real lists replace it once the database is open. Nothing here can
change the base: no button works, no row can be opened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from pea_desktop.domain.activity_kinds import KINDS, ActivityKind
from pea_desktop.domain.formatting import format_number
from pea_desktop.services.activities.listing import ActivityFilter, ActivityPage, first_page
from pea_desktop.ui.activities.table_model import PAGE_SIZE, ActivityTableModel
from pea_desktop.ui.common.list_view import ListView

# The window's first tab is the first kind's list (a test checks the early page matches it).
KIND: ActivityKind = next(iter(KINDS))


def read_first_page(path: Path) -> ActivityPage | None:
    """The page the first list shows on opening, or None when only the normal opening may
    read this base (missing, damaged, to migrate, newer, empty)."""
    return first_page(path, ActivityFilter(kind=KIND), limit=PAGE_SIZE)


class FirstListPage(ListView):
    """The list's table, columns, sort indicator and count, over a page already read."""

    def __init__(self, page: ActivityPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = KIND.title
        self.list_name = f"activities/{KIND.code}"  # the list it stands in for
        self._stale = False  # nothing to refresh: the page is all it has
        self.model = ActivityTableModel.preview(KIND, page, self)
        self.set_model(self.model)
        self.table.setSortingEnabled(False)  # sorting needs the database
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        for button in (self.new_button, self.edit_button, self.duplicate_button):
            button.setEnabled(False)
        self.delete_button.setEnabled(False)
        singular, plural = KIND.count_nouns
        total = page.total
        self.count_label.setText(f"{format_number(total, 0)} {singular if total < 2 else plural}")

    def _update_buttons(self) -> None:
        """Every button stays disabled until the real list replaces this one."""

    def refresh(self) -> None:
        """The page was read once; the real list takes over from here."""

    def new_entry(self) -> None:
        """Not before the database is open."""

    def edit_selected(self) -> None:
        """Not before the database is open."""

    def delete_selected(self) -> None:
        """Not before the database is open."""


def first_list_tabs(page: ActivityPage) -> QTabWidget:
    """The tab bar as the window will show it, with only its first list for now."""
    tabs = QTabWidget()
    tabs.setDocumentMode(True)
    tabs.addTab(FirstListPage(page), KIND.title)
    return tabs
