"""The main window: antenna selector, one tab per list, menus, undo.

The *Fichier* menu's bases (new, open, recent, demonstration) and the *Aide* menu exist before
any base is open - also when none is (:meth:`MainWindow.show_welcome`); they are built in
``base_menus.py``. The window only asks for a base through their signals:
``ui/bases/session.py`` opens it, in a new window. The exchange and server menus are in
``exchange_menus.py``; the menus on the open base (Édition, Affichage, Paramètres) here.

The window is shown first, empty, then shows the first list as it opens
(:meth:`MainWindow.show_first_list`, read before SQLAlchemy is even loaded), and is filled by
:meth:`MainWindow.attach` once the database is open: start-up shows something at once instead
of waiting for SQLAlchemy and the first queries.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QToolBar,
    QWidget,
)

from pea_desktop.ui.base_menus import recent_entry_text as recent_entry_text
from pea_desktop.ui.common.settings import (
    app_settings,
    base_key,
    read_int,
    remember_antenna,
    remembered_antenna,
    write,
)
from pea_desktop.ui.exchange_menus import ExchangeMenusWindow

if TYPE_CHECKING:  # types only: these modules load what start-up defers (SQLAlchemy, views)
    from pea_desktop.services.activities.listing import ActivityPage
    from pea_desktop.services.database import Database, ServerAddress
    from pea_desktop.ui.context import AppContext

WAITING = "Ouverture de la base de données…"
APP_TITLE = "PEA Desktop"
DEMO_BANNER = "DÉMONSTRATION : données fictives"


def window_title(base: Path | str | None, *, demo: bool = False, read_only: bool = False) -> str:
    """The base named once, then the application: a file by its name, a server base by its
    label (``user@host:port/base``, given as text). Qt appends the application's display name
    to a title that does not already end with it, hence the explicit ending."""
    if base is None:
        return APP_TITLE
    marks = [DEMO_BANNER] if demo else []
    if read_only:
        marks.append("lecture seule")
    suffix = f" [{', '.join(marks)}]" if marks else ""
    name = base if isinstance(base, str) else base.name
    return f"{name}{suffix} — {APP_TITLE}"


def base_name(db: Database) -> Path | str:
    """What :func:`window_title` names: the file, or the server base's label."""
    return db.label if db.on_server else db.path


class MainWindow(ExchangeMenusWindow):
    def __init__(self, context: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self._restore_geometry()
        self.recent_bases: Callable[[], list[Path | ServerAddress]] = list
        self.demo = False
        self._build_base_menus()
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

    def show_welcome(self, recent: list[Path | ServerAddress]) -> None:
        """No base is open: offer to create one, the demonstration, or to open a file."""
        from pea_desktop.ui.bases.welcome import WelcomePage

        page = WelcomePage(recent)
        page.create_requested.connect(self.create_requested)
        page.demo_requested.connect(self.demo_requested)
        page.open_requested.connect(self.choose_base_to_open)
        page.server_requested.connect(self.connect_to_server)
        page.recent_chosen.connect(self.open_base_requested)
        self.setCentralWidget(page)
        self.setWindowTitle(APP_TITLE)
        self.statusBar().showMessage("Aucune base ouverte.")
        page.setFocus()

    def attach(self, context: AppContext, *, demo: bool = False) -> None:
        """Build the lists and menus on the open database."""
        from pea_desktop.domain.activity_kinds import KINDS
        from pea_desktop.ui.activities.view import ActivityView
        from pea_desktop.ui.common.lazy_tab import LazyTab
        from pea_desktop.ui.organisation.partner_view import PartnerView
        from pea_desktop.ui.organisation.volunteer_view import VolunteerView

        self.context = context
        self.demo = demo
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(window_title(base_name(context.db), demo=demo))

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
        if demo:
            banner = QLabel(f" {DEMO_BANNER} — vos vraies données ne sont pas ici ")
            banner.setObjectName("demo-banner")
            banner.setStyleSheet("background: #f4a259; color: black; font-weight: bold;")
            self.statusBar().addPermanentWidget(banner)
        where = "Base sur serveur" if context.db.on_server else "Base"
        self.statusBar().showMessage(f"{where} : {context.db.label}")
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
        # Other windows, commands or coordinators write too: the lists follow (issue 14).
        from pea_desktop.ui.common.data_watch import DataWatcher

        self.data_watcher = DataWatcher(context, self)

    # --- menus on the open base ------------------------------------------------------
    def _build_menus(self) -> None:
        """The menus that work on the open base."""
        bar = self.menuBar()
        self.import_menu = QMenu("&Importer", self)
        self.file_menu.insertMenu(self.bases_end, self.import_menu)
        self.file_menu.insertSeparator(self.import_menu.menuAction())
        self._action(
            self.import_menu, "Des &activités (CSV)…", lambda: self.open_import("activities")
        )
        self._action(
            self.import_menu, "Des &bénévoles (CSV)…", lambda: self.open_import("volunteers")
        )

        edit = QMenu("&Édition", self)
        bar.insertMenu(self.help_menu.menuAction(), edit)
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

        view_menu = QMenu("Afficha&ge", self)
        bar.insertMenu(self.help_menu.menuAction(), view_menu)
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
        self.settings_menu = QMenu("Paramè&tres", self)
        bar.insertMenu(self.help_menu.menuAction(), self.settings_menu)
        self._action(self.settings_menu, "&Association…", self.edit_association)
        self._action(self.settings_menu, "&Nouvelle antenne…", self.new_antenna)
        self.edit_antenna_action = self._action(
            self.settings_menu, "&Modifier l'antenne choisie…", self.edit_antenna
        )
        self._action(self.settings_menu, "&Barème kilométrique et taux…", self.edit_scales)
        self._action(self.settings_menu, "&Comptes comptables…", self.edit_accounts)
        self._action(self.settings_menu, "&Votre nom…", self.edit_user_name)
        self._action(
            self.settings_menu, "&Données personnelles et conservation…", self.edit_privacy
        )
        self._build_exchange_menus()  # after Paramètres: Bénévoles comes just before Aide
        if self.context.db.on_server:
            self._build_server_transfer_menu()

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

    def edit_user_name(self) -> None:
        from pea_desktop.ui.organisation.user_name import ask_user_name

        ask_user_name(self, self.context.db)

    def edit_accounts(self) -> None:
        from pea_desktop.ui.organisation.accounts_dialog import AccountsDialog

        AccountsDialog(self.context.db, self).exec()

    def edit_privacy(self) -> None:
        from pea_desktop.ui.organisation.privacy_dialog import PrivacyDialog

        PrivacyDialog(self.context, self).exec()
        self.context.notify_changed()  # purged notes, erased names: lists refresh

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

    # --- window state -----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        if geometry := app_settings().value("main_window/geometry"):
            self.restoreGeometry(geometry)
            return
        # First start: 1180 × 720, or the screen's available area when it is smaller (a
        # 1366 × 768 laptop at 125 %), so that no part of the window starts off-screen.
        width, height = 1180, 720
        if (screen := QGuiApplication.primaryScreen()) is not None:
            available = screen.availableGeometry()
            width, height = min(width, available.width()), min(height, available.height())
        self.resize(width, height)

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
