"""The application's icon and desktop identity, from ``resources/``."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from pea_desktop.paths import resource_path

# The Linux desktop entry (resources/linux/) and AppStream id: Wayland matches windows to it.
DESKTOP_ID = "fr.pea.PEADesktop"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """Every PNG size, so that each place (title bar, taskbar, Alt+Tab) gets a sharp one."""
    icon = QIcon()
    for size in ICON_SIZES:  # QIcon reads each file only when that size is first drawn
        icon.addFile(str(resource_path(f"icons/pea-desktop-{size}.png")))
    return icon
