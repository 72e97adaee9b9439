"""What the window shows when no base is open (the set-up assistant was cancelled).

The user is never stuck: create their base, try the demonstration, open an existing file or one
of the recent bases - the same choices as the *Fichier* menu.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from pea_desktop.services.database import ServerAddress


class WelcomePage(QWidget):
    create_requested = Signal()
    demo_requested = Signal()
    open_requested = Signal()
    server_requested = Signal()
    recent_chosen = Signal(object)  # Path, or ServerAddress

    def __init__(self, recent: list[Path | ServerAddress], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>Aucune base ouverte</h2>")
        text = QLabel(
            "Toutes les données de l'association sont dans un fichier, la base. "
            "Créez la vôtre, essayez d'abord le logiciel avec des données fictives, "
            "ouvrez une base existante (copiée d'un autre ordinateur, par exemple), "
            "ou connectez-vous à la base partagée d'un serveur."
        )
        text.setWordWrap(True)
        self.create_button = QPushButton("&Créer ma base…")
        self.demo_button = QPushButton("&Essayer avec des données fictives")
        self.open_button = QPushButton("&Ouvrir une base existante…")
        self.server_button = QPushButton("Se connecter à un ser&veur…")
        self.server_button.clicked.connect(self.server_requested)
        self.create_button.clicked.connect(self.create_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.recent = QListWidget()
        for location in recent:
            if isinstance(location, Path):
                item = QListWidgetItem(f"{location.name}   —   {location.parent}")
                item.setToolTip(str(location))
            else:
                item = QListWidgetItem(f"{location.database}   —   serveur {location.label}")
                item.setToolTip(location.as_text())
            item.setData(Qt.ItemDataRole.UserRole, location)
            self.recent.addItem(item)
        self.recent.itemActivated.connect(
            lambda item: self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        recent_label = QLabel("&Bases récentes (double-clic ou Entrée pour ouvrir) :")
        recent_label.setBuddy(self.recent)

        column = QWidget()
        column.setMaximumWidth(620)
        layout = QVBoxLayout(column)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(12)
        buttons = (self.create_button, self.demo_button, self.open_button, self.server_button)
        for button in buttons:
            button.setMinimumHeight(36)
            layout.addWidget(button)
        if recent:
            layout.addSpacing(12)
            layout.addWidget(recent_label)
            layout.addWidget(self.recent)
        layout.addStretch()
        outer = QVBoxLayout(self)
        outer.addSpacing(24)
        outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setFocusProxy(self.create_button)
