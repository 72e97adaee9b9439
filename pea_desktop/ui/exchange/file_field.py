"""A file name typed or chosen with « Parcourir… », for the exchange's .pea files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

PEA_FILTER = "Fichier d'échange PEA (*.pea);;Tous les fichiers (*)"


class FileField(QWidget):
    """``save=True``: where to write (the .pea suffix added); else an existing file to read."""

    changed = Signal()

    def __init__(
        self,
        title: str,
        *,
        save: bool,
        suggested: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title, self.save, self.suggested = title, save, suggested
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Choisissez un fichier…")
        self.browse = QPushButton("&Parcourir…")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)
        self.browse.clicked.connect(self.choose)
        self.edit.textChanged.connect(self.changed)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if self.save and path.suffix.lower() != ".pea":
            path = path.with_name(path.name + ".pea")
        return path

    def set_path(self, path: Path) -> None:
        self.edit.setText(str(path))

    def choose(self) -> None:
        start = str(self.path() or self.suggested or Path.home())
        if self.save:
            chosen, _ = QFileDialog.getSaveFileName(self, self.title, start, PEA_FILTER)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self.title, start, PEA_FILTER)
        if chosen:
            self.set_path(Path(chosen))
