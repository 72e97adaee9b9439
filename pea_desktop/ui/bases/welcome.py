"""What the window shows when no base is open (the set-up assistant was cancelled).

The user is never stuck: create their base, try the demonstration, open an existing file or one
of the recent bases - the same choices as the *Fichier* menu.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class WelcomePage(QWidget):
    create_requested = Signal()
    demo_requested = Signal()
    open_requested = Signal()
    recent_chosen = Signal(object)  # Path

    def __init__(self, recent: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>Aucune base ouverte</h2>")
        text = QLabel(
            "Toutes les données de l'association sont dans un fichier, la base. "
            "Créez la vôtre, essayez d'abord le logiciel avec des données fictives, "
            "ou ouvrez une base existante (copiée d'un autre ordinateur, par exemple)."
        )
        text.setWordWrap(True)
        self.create_button = QPushButton("&Créer ma base…")
        self.demo_button = QPushButton("&Essayer avec des données fictives")
        self.open_button = QPushButton("&Ouvrir une base existante…")
        self.create_button.clicked.connect(self.create_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.recent = QListWidget()
        for path in recent:
            item = QListWidgetItem(f"{path.name}   —   {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(str(path))
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
        for button in (self.create_button, self.demo_button, self.open_button):
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
