"""Text size for people who need larger text: Ctrl+plus / Ctrl+minus / Ctrl+0, remembered.

The whole application font changes (every widget follows it); the size is kept in the
settings and applied at start-up. The normal size is 10 points, one more than Qt's usual 9.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from pea_desktop.ui.common.settings import read_int, write

NORMAL_POINTS = 10
MIN_POINTS, MAX_POINTS = 8, 20
KEY = "view/font_points"


def remembered_points() -> int:
    points = read_int(KEY)
    return NORMAL_POINTS if points is None else max(MIN_POINTS, min(MAX_POINTS, points))


def apply_points(points: int) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = app.font()
        font.setPointSize(points)
        app.setFont(font)


def apply_remembered_zoom() -> None:
    apply_points(remembered_points())


def change_zoom(step: int) -> int:
    """One point larger (+1), smaller (-1) or back to normal (0); returns the new size."""
    points = NORMAL_POINTS if step == 0 else remembered_points() + step
    points = max(MIN_POINTS, min(MAX_POINTS, points))
    write(KEY, points)
    apply_points(points)
    return points
