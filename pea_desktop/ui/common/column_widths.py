"""Column widths the user set by hand, kept from one start to the next (per list)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHeaderView

from pea_desktop.ui.common import settings

SAVE_DELAY_MS = 400  # a drag resizes a column many times: write once it has stopped


def keep_column_widths(header: QHeaderView, list_name: str) -> None:
    """Give ``header`` the widths remembered for ``list_name``, then remember every change.

    Call once the default widths are set. Stretched columns follow the window and are left
    alone; remembered widths for another number of columns (an older version) are ignored.
    """
    saved = settings.column_widths(list_name)
    count = header.count()
    if len(saved) == count:
        for section, width in enumerate(saved):
            if width > 0 and header.sectionResizeMode(section) != QHeaderView.ResizeMode.Stretch:
                header.resizeSection(section, width)
    timer = QTimer(header)
    timer.setSingleShot(True)
    timer.setInterval(SAVE_DELAY_MS)
    timer.timeout.connect(lambda: save_column_widths(header, list_name))
    header.sectionResized.connect(lambda *_: timer.start())
    header.destroyed.connect(timer.stop)


def save_column_widths(header: QHeaderView, list_name: str) -> None:
    settings.remember_column_widths(
        list_name, [header.sectionSize(section) for section in range(header.count())]
    )
