"""« À propos de PEA Desktop »: version, licence, and where data, backups and logs live."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pea_desktop import __version__, paths
from pea_desktop.ui.help.identity import app_icon

LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"


class AboutDialog(QDialog):
    def __init__(
        self, database: Path | None, parent: QWidget | None = None, *, server: str = ""
    ) -> None:
        """``database``: the open base's file - or, with ``server`` (its label), the local
        folder standing for a server base, which has no file and no backups here."""
        super().__init__(parent)
        self.setWindowTitle("À propos de PEA Desktop")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<h2>PEA Desktop {__version__}</h2>")
        description = QLabel(
            "Activité, notes de frais et bilans des antennes de pair-aidance en addictologie."
        )
        description.setWordWrap(True)
        self.licence = QLabel(
            "Logiciel libre, distribué sous la licence publique générale GNU, version 3 ou "
            f'ultérieure (GPL-3.0-or-later). <a href="{LICENCE_URL}">Texte de la licence</a>.'
        )
        self.licence.setWordWrap(True)
        self.licence.setOpenExternalLinks(True)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(description)
        heading.addWidget(self.licence)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(heading, 1)

        self.folders: dict[str, Path] = {"Données": paths.data_dir()}
        if database is not None and server:
            self.folders = {"Dossier local de la base": database, "Données": paths.data_dir()}
        elif database is not None:
            self.folders = {
                "Base ouverte": database,
                "Données": paths.data_dir(),
                "Sauvegardes": paths.backup_dir_for(database),
            }
        self.folders["Journal"] = paths.log_dir()
        grid = QGridLayout()
        offset = 0
        if server:
            grid.addWidget(QLabel("<b>Base sur serveur :</b>"), 0, 0)
            where = QLabel(f"{server} (sauvegardes : l'administrateur du serveur)")
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(where, 0, 1, 1, 2)
            offset = 1
        for row, (label, path) in enumerate(self.folders.items(), start=offset):
            grid.addWidget(QLabel(f"<b>{label} :</b>"), row, 0)
            shown = QLabel(str(path))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(shown, row, 1)
            button = QPushButton("Ouvrir le dossier")
            button.setToolTip(f"Ouvrir {path if path.is_dir() else path.parent}")
            button.clicked.connect(lambda _=False, p=path: open_folder(p))
            grid.addWidget(button, row, 2)
        grid.setColumnStretch(1, 1)

        technical = QLabel(
            f"Python {platform.python_version()} · Qt (PySide6) {pyside_version} · "
            f"{platform.system()} {platform.release()}"
        )
        technical.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        technical.setStyleSheet("color: palette(mid);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(grid)
        layout.addWidget(technical)
        layout.addWidget(buttons)


def open_folder(path: Path) -> bool:
    """Show ``path`` (a folder, or the folder of a file) in the file manager."""
    folder = path if path.is_dir() else path.parent
    if not folder.exists():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
