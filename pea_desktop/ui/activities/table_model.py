"""The activity list: rows fetched from the database one page at a time, sorted and filtered
by SQL, so 200,000 activities cost no more than the rows on screen.

Imports neither SQLAlchemy nor the models: at start-up the window shows the first page
(:meth:`ActivityTableModel.preview`) before they are loaded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from PySide6.QtCore import QModelIndex, Qt

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.services.activities.listing import (
    SORTABLE,
    ActivityFilter,
    ActivityPage,
    ActivityRow,
    fetch_activities,
    list_page,
)
from pea_desktop.ui.common.table_models import AnyIndex, Column, RowsTableModel, duration_column

if TYPE_CHECKING:  # only a type here: importing it at start-up would load SQLAlchemy
    from pea_desktop.services.database import Database

PAGE_SIZE = 200

_COMMON_START = [
    Column("date", "Date", width=95),
    Column("start_time", "Heure", width=60),
    duration_column(),
]
_ANTENNA = Column("antenna_code", "Antenne", width=110)


def columns_of(kind: ActivityKind) -> list[Column]:
    """Date, time and duration, the kind's own columns (activity_kinds), then the antenna."""
    own = [
        Column(c.key, c.title, numeric=c.numeric, width=c.width, stretch=c.stretch)
        for c in kind.columns
    ]
    return [*_COMMON_START, *own, _ANTENNA]


class ActivityTableModel(RowsTableModel[ActivityRow]):
    def __init__(self, db: Database | None, kind: ActivityKind, parent: Any = None) -> None:
        super().__init__(columns_of(kind), parent)
        self._db = db  # None: a preview, showing only the page it was given
        self._filter = ActivityFilter(kind=kind)
        self._sort = "date"
        self._descending = True
        self.total = 0

    @classmethod
    def preview(cls, kind: ActivityKind, page: ActivityPage, parent: Any = None) -> Self:
        """The opening page of a list, read before the database is open: nothing more to fetch,
        nothing to sort; the real list replaces it once the database is open."""
        model = cls(None, kind, parent)
        model.total = page.total
        model._rows = list(page.rows)
        return model

    @property
    def filter(self) -> ActivityFilter:
        return self._filter

    def set_filter(self, flt: ActivityFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        if self._db is None:
            return
        self.beginResetModel()
        page = list_page(
            self._db,
            self._filter,
            sort=self._sort,
            descending=self._descending,
            limit=PAGE_SIZE,
        )
        self.total, self._rows = page.total, page.rows
        self.endResetModel()

    def _fetch(self, offset: int) -> list[ActivityRow]:
        if self._db is None:
            return []
        return fetch_activities(
            self._db,
            self._filter,
            sort=self._sort,
            descending=self._descending,
            offset=offset,
            limit=PAGE_SIZE,
        )

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return self._db is not None and not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = self._fetch(len(self._rows))
        if not page:
            self.total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].key
        if key not in SORTABLE:
            return
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def activity_id(self, row: int) -> int:
        return self._rows[row].id
