"""A tab whose view is built the first time it is shown.

Claims, dashboard and federation views pull in ReportLab, openpyxl and num2words: building them
only when their tab is opened keeps those imports out of start-up.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyTab(QWidget):
    def __init__(self, title: str, factory: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self._factory = factory
        self.view: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_view(self) -> QWidget:
        if self.view is None:
            self.view = self._factory()
            self._layout.addWidget(self.view)
            self.view.show()  # a child added to a shown widget is not shown by itself
        return self.view

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_view()
        super().showEvent(event)
