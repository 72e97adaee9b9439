"""The main window's *Fichier* bases (new, open, recent, server, demonstration) and *Aide*.

They exist before any base is open - also when none is - so they live in the window's first
layer: :class:`BaseMenusWindow` builds them and asks for a base only through its signals
(``ui/bases/session.py`` opens it, in a new window). The menus that work on an open base are
built by ``main_window.py`` and ``exchange_menus.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

if TYPE_CHECKING:  # types only: this module loads what start-up defers (SQLAlchemy)
    from pea_desktop.services.database import ServerAddress

BASE_FILTER = "Base PEA Desktop (*.sqlite3 *.db);;Tous les fichiers (*)"


def recent_entry_text(location: Path | ServerAddress) -> str:
    """A recent base as the menus list it: a file and its folder, or a base and its server."""
    if isinstance(location, Path):
        return f"{location.name}  ({location.parent})"
    who = f"{location.user}@" if location.user else ""
    return f"{location.database}  (serveur {who}{location.host}:{location.port})"


class BaseMenusWindow(QMainWindow):
    """The bases and help menus, and what they do; :class:`MainWindow` adds the rest."""

    # What the user asks of the bases; ui/bases/session.py does it.
    new_base_requested = Signal(object)  # Path of a base to create
    open_base_requested = Signal(object)  # Path of an existing base, or a ServerAddress
    server_base_opened = Signal(object)  # a Database just connected to on a server
    demo_requested = Signal()
    create_requested = Signal()  # "Créer ma base" with no base open: the default base

    recent_bases: Callable[[], list[Path | ServerAddress]]

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_base_menus(self) -> None:
        """*Fichier* (bases, quit) and *Aide*: usable before a base is open, or with none."""
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&Fichier")
        self._action(self.file_menu, "No&uvelle base…", self.choose_new_base)
        self._action(
            self.file_menu,
            "&Ouvrir une base…",
            self.choose_base_to_open,
            QKeySequence.StandardKey.Open,
        )
        self.server_action = self._action(
            self.file_menu, "Se connecter à un ser&veur…", self.connect_to_server
        )
        self.recent_menu = self.file_menu.addMenu("Bases &récentes")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._action(self.file_menu, "Base de &démonstration", self.demo_requested.emit)
        self.bases_end = self.file_menu.addSeparator()
        self._action(self.file_menu, "&Quitter", self.close, QKeySequence.StandardKey.Quit)

        self.help_menu = bar.addMenu("&Aide")
        self.guide_action = self._action(
            self.help_menu,
            "&Guide d'utilisation",
            self.open_guide,
            QKeySequence.StandardKey.HelpContents,
        )
        if self.guide_action.shortcut() != QKeySequence("F1"):  # HelpContents is F1 on Windows
            self.guide_action.setShortcuts([self.guide_action.shortcut(), QKeySequence("F1")])
        self._action(self.help_menu, "À &propos de PEA Desktop", self.about)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = getattr(getattr(self, "context", None), "db", None)
        shown = None if current is None else (current.server or current.path)
        recent = [entry for entry in self.recent_bases() if entry != shown]
        for location in recent:
            action = self.recent_menu.addAction(recent_entry_text(location))
            action.triggered.connect(
                lambda _=False, where=location: self.open_base_requested.emit(where)
            )
        if not recent:
            self.recent_menu.addAction("(aucune autre base récente)").setEnabled(False)

    def choose_base_to_open(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from pea_desktop.paths import data_dir

        chosen, _ = QFileDialog.getOpenFileName(
            self, "Ouvrir une base", str(data_dir()), BASE_FILTER
        )
        if chosen:
            self.open_base_requested.emit(Path(chosen))

    def connect_to_server(self) -> None:
        """Fichier › Se connecter à un serveur…: connect in the dialog, then hand the base
        over (``server_base_opened``); the dialog suggests the last server base used."""
        from pea_desktop.ui.bases.server_dialog import ServerDialog

        last = next((e for e in self.recent_bases() if not isinstance(e, Path)), None)
        dialog = ServerDialog(self, suggested=last)
        if dialog.exec() and dialog.database is not None:
            self.server_base_opened.emit(dialog.database)

    def choose_new_base(self) -> None:
        """Ask where to create a base; an existing file is never replaced."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from pea_desktop.paths import data_dir

        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Nouvelle base",
            str(data_dir() / "nouvelle-base.sqlite3"),
            BASE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in (".sqlite3", ".db"):
            path = path.with_name(path.name + ".sqlite3")
        if path.exists():
            QMessageBox.warning(
                self,
                "Nouvelle base",
                f"Le fichier {path} existe déjà : il n'a pas été remplacé.\n\n"
                "Pour l'ouvrir, utilisez Fichier › Ouvrir une base… ; pour une nouvelle base, "
                "choisissez un autre nom.",
            )
            return
        self.new_base_requested.emit(path)

    def open_guide(self) -> None:
        from pea_desktop.ui.help.guide import GuideWindow

        guide = getattr(self, "guide", None)
        if guide is None:
            self.guide = guide = GuideWindow(self)
        guide.show()
        guide.raise_()
        guide.activateWindow()

    def about(self) -> None:
        from pea_desktop.ui.help.about_dialog import AboutDialog

        context = getattr(self, "context", None)
        if context is None:
            AboutDialog(None, self).exec()
            return
        db = context.db
        AboutDialog(db.path, self, server=db.label if db.on_server else "").exec()
