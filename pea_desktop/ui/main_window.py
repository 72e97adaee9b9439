"""The main window: antenna selector, one tab per list, menus, undo.

The window is shown first, empty, then shows the first list as it opens
(:meth:`MainWindow.show_first_list`, read before SQLAlchemy is even loaded), and is filled by
:meth:`MainWindow.attach` once the database is open: start-up shows something at once instead
of waiting for SQLAlchemy and the first queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

from pea_desktop import __version__
from pea_desktop.ui.common.settings import (
    app_settings,
    base_key,
    read_int,
    remember_antenna,
    remembered_antenna,
    write,
)

if TYPE_CHECKING:  # types only: these modules load what start-up defers (SQLAlchemy, views)
    from pea_desktop.services.activities.listing import ActivityPage
    from pea_desktop.ui.context import AppContext

WAITING = "Ouverture de la base de données…"


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PEA Desktop")
        self.resize(1180, 720)
        self._restore_geometry()
        if context is not None:
            self.attach(context)

    def show_waiting(self) -> None:
        """Say the base is being opened (when its first page could not be shown early)."""
        # Qt's namespace is imported here, not with the module: its first use costs about as
        # much as a tenth of showing a bare window, and the window is shown without it.
        from PySide6.QtCore import Qt

        waiting = QLabel(WAITING)
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(waiting)

    def show_first_list(self, page: ActivityPage) -> None:
        """Show the first list's opening page, read before the database is open, and paint it
        now: opening the database keeps the event loop busy a while."""
        from pea_desktop.ui.activities.first_list import first_list_tabs

        self.setCentralWidget(first_list_tabs(page))
        self.repaint()

    def forget_first_list(self) -> None:
        """Before explaining a problem with the base: its data is not shown behind the dialog."""
        if not hasattr(self, "context"):
            self.show_waiting()

    def attach(self, context: AppContext) -> None:
        """Build the lists and menus on the open database."""
        from pea_desktop.domain.activity_kinds import KINDS
        from pea_desktop.ui.activities.view import ActivityView
        from pea_desktop.ui.common.lazy_tab import LazyTab
        from pea_desktop.ui.organisation.partner_view import PartnerView
        from pea_desktop.ui.organisation.volunteer_view import VolunteerView

        self.context = context
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"PEA Desktop — {context.db.path.name}")

        self.antenna_combo = QComboBox()
        self.antenna_combo.setMinimumContentsLength(24)
        toolbar = QToolBar("Antenne")
        toolbar.setObjectName("antenna-toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Antenne : "))
        toolbar.addWidget(self.antenna_combo)
        self.addToolBar(toolbar)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.views: list[QWidget] = [
            # One list per registered kind, in the registry's order.
            *(ActivityView(context, kind, self.undo_stack) for kind in KINDS),
            VolunteerView(context, self.undo_stack),
            PartnerView(context, self.undo_stack),
            LazyTab("Notes de frais", lambda: _claims_view(context)),
            LazyTab("Tableau de bord", lambda: _dashboard_view(context)),
            LazyTab("Fédération", lambda: _federation_view(context)),
        ]
        for view in self.views:
            self.tabs.addTab(view, view.title)  # type: ignore[attr-defined]
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self.statusBar().showMessage(f"Base : {context.db.path}")
        self.antenna_combo.setToolTip(
            "L'antenne dont les listes, les notes et les bilans sont montrés "
            "(retenue d'un démarrage à l'autre)"
        )

        # What the user had last time on this base: its antenna and its tab (issue 11).
        remembered = remembered_antenna(context.db.path)
        self.reload_antennas()
        if remembered is not None and self.antenna_combo.findData(remembered) > 0:
            self.choose_antenna(remembered)
            context.set_antenna(remembered)
            self.edit_antenna_action.setEnabled(True)
        self.antenna_combo.currentIndexChanged.connect(self._antenna_chosen)
        tab = read_int(base_key(context.db.path, "tab"))
        if tab is not None and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
        self.tabs.currentChanged.connect(
            lambda index: write(base_key(context.db.path, "tab"), index)
        )

    # --- menus -------------------------------------------------------------------------
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

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&Fichier")
        self.import_menu = self.file_menu.addMenu("&Importer")
        self._action(
            self.import_menu, "Des &activités (CSV)…", lambda: self.open_import("activities")
        )
        self._action(
            self.import_menu, "Des &bénévoles (CSV)…", lambda: self.open_import("volunteers")
        )
        self.file_menu.addSeparator()
        self._action(self.file_menu, "&Quitter", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Édition")
        self._action(edit, "&Nouveau…", self.new_entry, QKeySequence.StandardKey.New)
        undo = self.undo_stack.createUndoAction(self, "Annuler")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "Rétablir")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addActions([undo, redo])
        edit.addSeparator()
        self._action(edit, "&Corbeille…", self.open_bin)
        edit.addSeparator()
        self._action(edit, "&Rechercher", self.focus_search, QKeySequence.StandardKey.Find)

        view_menu = bar.addMenu("Afficha&ge")
        self._action(
            view_menu, "A&grandir le texte", lambda: self.zoom(+1), QKeySequence.StandardKey.ZoomIn
        )
        # Ctrl+= as well: on a French keyboard "+" needs Shift, "=" is the same key.
        self._shortcut("Ctrl+=", lambda: self.zoom(+1))
        self._action(
            view_menu, "&Réduire le texte", lambda: self.zoom(-1), QKeySequence.StandardKey.ZoomOut
        )
        self._action(view_menu, "Taille &normale", lambda: self.zoom(0), QKeySequence("Ctrl+0"))

        # "Paramè&tres": Alt+P belongs to the buttons whose label says P ("Préparer…").
        self.settings_menu = bar.addMenu("Paramè&tres")
        self._action(self.settings_menu, "&Association…", self.edit_association)
        self._action(self.settings_menu, "&Nouvelle antenne…", self.new_antenna)
        self.edit_antenna_action = self._action(
            self.settings_menu, "&Modifier l'antenne choisie…", self.edit_antenna
        )
        self._action(self.settings_menu, "&Barème kilométrique et taux…", self.edit_scales)

        help_menu = bar.addMenu("&Aide")
        self._action(help_menu, "À &propos de PEA Desktop", self.about)

    def _shortcut(self, keys: str, slot: Callable[[], object]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)

    def zoom(self, step: int) -> None:
        """Larger or smaller text everywhere (0: back to normal), remembered."""
        from pea_desktop.ui.common.zoom import change_zoom

        size = change_zoom(step)
        self.statusBar().showMessage(f"Taille du texte : {size} points", 3000)

    def focus_search(self) -> None:
        """Ctrl+F: to the search box of the tab shown, its text selected."""
        from pea_desktop.ui.common.lazy_tab import LazyTab

        view = self.tabs.currentWidget()
        if isinstance(view, LazyTab):
            view = view.ensure_view()
        field = view.findChild(QLineEdit, "search") if view is not None else None
        if field is None:
            self.statusBar().showMessage("Pas de recherche dans cet onglet.", 3000)
            return
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()

    # --- antenna selector ----------------------------------------------------------------
    def reload_antennas(self) -> None:
        from pea_desktop.services.organisation import antennas

        current = self.context.antenna_id
        self.antenna_combo.blockSignals(True)
        self.antenna_combo.clear()
        self.antenna_combo.addItem("Toutes les antennes", None)
        for antenna in antennas.list_antennas(self.context.db):
            self.antenna_combo.addItem(antenna.display_name, antenna.id)
        self.antenna_combo.setCurrentIndex(max(self.antenna_combo.findData(current), 0))
        self.antenna_combo.blockSignals(False)
        self.edit_antenna_action.setEnabled(self.antenna_combo.currentData() is not None)

    def choose_antenna(self, antenna_id: int | None) -> None:
        self.antenna_combo.setCurrentIndex(max(self.antenna_combo.findData(antenna_id), 0))

    def _antenna_chosen(self) -> None:
        self.context.set_antenna(self.antenna_combo.currentData())
        remember_antenna(self.context.db.path, self.context.antenna_id)
        self.edit_antenna_action.setEnabled(self.antenna_combo.currentData() is not None)

    # --- actions ---------------------------------------------------------------------------
    def new_entry(self) -> None:
        from pea_desktop.ui.common.lazy_tab import LazyTab

        view = self.tabs.currentWidget()
        if isinstance(view, LazyTab):
            view = view.ensure_view()
        if hasattr(view, "new_entry"):
            view.new_entry()

    def open_import(self, kind: str) -> None:
        from pea_desktop.ui.importing.dialog import ImportDialog

        ImportDialog(self.context, kind, self).exec()
        self.reload_antennas()

    def open_bin(self) -> None:
        from pea_desktop.ui.activities.bin_dialog import BinDialog

        BinDialog(self.context, self).exec()

    def edit_association(self) -> None:
        from pea_desktop.ui.organisation.settings_dialogs import AssociationDialog

        AssociationDialog(self.context.db, self).exec()

    def edit_scales(self) -> None:
        from pea_desktop.ui.claims.scale_settings_dialog import ScaleSettingsDialog

        if ScaleSettingsDialog(self.context.db, self).exec():
            self.context.notify_changed()

    def edit_antenna(self) -> None:
        from pea_desktop.services.organisation import antennas
        from pea_desktop.ui.organisation.settings_dialogs import AntennaDialog

        chosen = next(
            (a for a in antennas.list_antennas(self.context.db) if a.id == self.context.antenna_id),
            None,
        )
        if chosen is not None and AntennaDialog(self.context.db, self, chosen).exec():
            self.reload_antennas()
            self.context.notify_changed()

    def new_antenna(self) -> None:
        from pea_desktop.ui.organisation.settings_dialogs import AntennaDialog

        dialog = AntennaDialog(self.context.db, self)
        if dialog.exec():
            self.reload_antennas()
            self.choose_antenna(dialog.created_id)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "À propos de PEA Desktop",
            f"<b>PEA Desktop</b> {__version__}<br>Activité, notes de frais et bilans des "
            "antennes d'entraide en addictologie.<br><br>"
            f"Base de données : {self.context.db.path}",
        )

    # --- window state -----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        if geometry := app_settings().value("main_window/geometry"):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        write("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)


def _claims_view(context: AppContext) -> QWidget:
    from pea_desktop.ui.claims.view import ClaimsView

    return ClaimsView(context)


def _dashboard_view(context: AppContext) -> QWidget:
    from pea_desktop.ui.summaries.dashboard_view import DashboardView

    return DashboardView(context)


def _federation_view(context: AppContext) -> QWidget:
    from pea_desktop.ui.federation.view import FederationView

    return FederationView(context)
