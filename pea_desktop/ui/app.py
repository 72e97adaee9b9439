"""Start-up of the window: Qt application, French translations, database, first run.

The window is shown before the database layer is even imported. Its first list then shows its
opening page, read with the ``sqlite3`` module alone (``MainWindow.show_first_list``), and the
window is filled once the database is open the normal way - checked, migrated, with SQLAlchemy
and the models (``MainWindow.attach``) - before anything can be changed.

The same :class:`Startup` then serves the window's requests for other bases (Fichier › Nouvelle
base, Ouvrir une base, Bases récentes, Base de démonstration): each base opens in a new window
that replaces the current one, and the current base stays open until the new one is.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from pea_desktop.ui.main_window import MainWindow, base_name, window_title

if TYPE_CHECKING:  # types only: these modules load what start-up defers (SQLAlchemy, views)
    from PySide6.QtWidgets import QWidget

    from pea_desktop.services.database import Database, ServerAddress
    from pea_desktop.services.database_errors import DatabaseOpenError
    from pea_desktop.ui.backups.actions import BackupActions
    from pea_desktop.ui.backups.database_opening import OpenedDatabase
    from pea_desktop.ui.backups.database_problem_dialog import Choice


def install_french(app: QApplication) -> None:
    """Qt's own strings (standard buttons, calendar) in French."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_fr", path):
        app.installTranslator(translator)


def create_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
        app.setApplicationName("PEA Desktop")
        app.setOrganizationName("PEA")
        app.setApplicationDisplayName("PEA Desktop")
        install_french(app)
        from pea_desktop.ui.help.identity import DESKTOP_ID, app_icon

        app.setWindowIcon(app_icon())
        app.setDesktopFileName(DESKTOP_ID)

        from pea_desktop.ui.common.zoom import apply_remembered_zoom

        apply_remembered_zoom()  # the text size the user chose (Ctrl+plus / Ctrl+minus)
    return app


def _trace(step: str) -> None:
    """With PEA_DESKTOP_TRACE_STARTUP set, print when each start-up step is reached (benchmarks)."""
    if os.environ.get("PEA_DESKTOP_TRACE_STARTUP"):
        print(f"startup {step} {time.time():.6f}", file=sys.stderr, flush=True)


class Startup:
    """Open the database behind the already visible window, then fill it; later, switch bases."""

    def __init__(self, app: QApplication, window: MainWindow, args: argparse.Namespace) -> None:
        self.app = app
        self.window = window
        self.args = args
        self.status = 0
        self.opened: OpenedDatabase | None = None
        self.backups: BackupActions | None = None
        self.first_list_shown = False
        args.db = _location(args.db)  # a file (absolute path) or a server address
        self.first_base_existed = not isinstance(args.db, Path) or args.db.exists()
        self._connect(window)

    def show_first_list(self) -> None:
        """Show the first list's opening page at once, then open the database."""
        from pea_desktop.ui.activities.first_list import read_first_page

        # A server base is only read once connected (its first page needs the connection).
        on_file = isinstance(self.args.db, Path)
        if on_file and (page := read_first_page(self.args.db)) is not None:
            self.window.show_first_list(page)
            self._first_list_filled()
        else:
            self.window.show_waiting()
        QTimer.singleShot(0, self.open)

    def _first_list_filled(self) -> None:
        if not self.first_list_shown:
            self.first_list_shown = True
            _trace("first_list")

    def finish(self, status: int) -> None:
        self.status = status
        self.window.close()
        self.app.quit()

    def open(self) -> None:
        opened = self._open_smoke_test() if self.args.smoke_test else self._open_interactively()
        if opened is None:
            return
        if self.args.smoke_test:
            self._show(opened, demo=False)
            self._first_list_filled()
            _trace("ready")
            # A zero timer fires once the event loop has processed everything pending.
            QTimer.singleShot(0, self.app.quit)
            return
        created = not self.first_base_existed and opened.db.path == self.args.db
        if self._enter(opened, created=created, demo=False):
            self._first_list_filled()
            _trace("ready")

    # --- the bases the window asks for -------------------------------------------------------
    def open_base(self, location: Path | ServerAddress, *, demo: bool = False) -> bool:
        """Open ``location`` (a file, or a base on a server) in place of the current base;
        False if it was not (the current one stays as it was)."""
        from pea_desktop.ui.backups.database_opening import open_interactively

        location = _location(location)
        if self._is_open(location):
            return True
        existed = not isinstance(location, Path) or location.exists()
        opened = open_interactively(location, self.window)
        if opened is None:  # the user gave up, or another window has the base (now in front)
            return False
        created = not existed and opened.db.path == location
        return self._enter(opened, created=created, demo=demo)

    def open_connected(self, db: Database) -> bool:
        """A server base the window has just connected to (Se connecter à un serveur…)."""
        from pea_desktop.ui.backups.database_opening import OpenedDatabase

        if db.server is not None and self._is_open(db.server):
            db.close()  # already shown: the connection just made is not needed
            return True
        return self._enter(OpenedDatabase(db, None), created=False, demo=False)

    def _is_open(self, location: Path | ServerAddress) -> bool:
        """Whether ``location`` is the base shown (then its window comes to the front)."""
        if self.opened is None:
            return False
        db = self.opened.db
        if (db.server or db.path) != location:
            return False
        self.window.raise_()
        self.window.activateWindow()
        return True

    def open_demo(self) -> bool:
        from pea_desktop.services.demo.base import demonstration_path

        return self.open_base(demonstration_path(), demo=True)

    def create_own_base(self) -> bool:
        """The default base: set up if new (or empty), simply opened otherwise."""
        from pea_desktop.paths import default_database_path

        return self.open_base(default_database_path())

    def _enter(self, opened: OpenedDatabase, *, created: bool, demo: bool) -> bool:
        """Set up an empty base (assistant, or fictitious data for the demonstration), then
        show it. A base created now and left unset is deleted, and never shown."""
        from pea_desktop.services.demo.base import is_demonstration
        from pea_desktop.services.organisation.antennas import is_empty

        if not opened.db.read_only and is_empty(opened.db):
            outcome = self._set_up(opened, demo=demo)
            if outcome != "done":
                self._discard(opened, created=created)
                if outcome == "demo":
                    return self.open_demo()
                if self.opened is None:
                    self.window.show_welcome(self._recent())
                return False
        self._show(opened, demo=is_demonstration(opened.db))
        return True

    def _set_up(self, opened: OpenedDatabase, *, demo: bool) -> str:
        """ "done", "demo" (the user asked for the demonstration instead) or "cancelled"."""
        from pea_desktop.ui.organisation.first_run_wizard import FirstRunWizard

        if demo:
            return "done" if self._fill_demonstration(opened) else "cancelled"
        self.window.forget_first_list()
        result = FirstRunWizard(opened.db, self.window).exec()
        if result == FirstRunWizard.DEMO:
            return "demo"
        return "done" if result == FirstRunWizard.DialogCode.Accepted else "cancelled"

    def _fill_demonstration(self, opened: OpenedDatabase) -> bool:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        from pea_desktop.domain.errors import BadInputError
        from pea_desktop.services.demo.base import fill_demonstration

        self.window.statusBar().showMessage("Préparation de la base de démonstration…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            fill_demonstration(opened.db)
        except BadInputError as error:
            QMessageBox.warning(self.window, "Base de démonstration", error.message)
            return False
        finally:
            QApplication.restoreOverrideCursor()
            self.window.statusBar().clearMessage()
        return True

    def _discard(self, opened: OpenedDatabase, *, created: bool) -> None:
        from pea_desktop.services.database import delete_database_files
        from pea_desktop.services.organisation.antennas import is_empty

        unused = created and is_empty(opened.db)
        path = opened.db.path
        opened.close()
        if unused:
            delete_database_files(path)

    def _show(self, opened: OpenedDatabase, *, demo: bool) -> None:
        """Attach ``opened`` to a window - a new one when the current shows another base - then
        close the base it replaces (with its backup at close)."""
        from pea_desktop.ui.context import AppContext

        previous = (self.window, self.opened, self.backups) if self.opened is not None else None
        window = self.window
        if previous is not None or hasattr(window, "context"):
            window = MainWindow()
            window.setGeometry(self.window.geometry())
            self._connect(window)
        context = AppContext(opened.db)
        window.attach(context, demo=demo)
        if opened.instance is not None:
            opened.instance.attach_window(window)
        if opened.db.read_only:
            window.setWindowTitle(window_title(base_name(opened.db), demo=demo, read_only=True))
            window.statusBar().showMessage("Base ouverte en lecture seule : rien ne sera modifié.")
        self.backups = None
        if opened.db.on_server:  # no file to copy: the administrator's pg_dump, said once
            from pea_desktop.ui.backups.server_notice import install_server_notice

            self.server_notice = install_server_notice(window.file_menu, opened.db, window)
        elif not self.args.smoke_test and not opened.db.read_only:
            from pea_desktop.ui.backups.actions import install_backup_actions

            self.backups = install_backup_actions(window.file_menu, context, window)
            from pea_desktop.ui.backups.encryption_actions import install_encryption_actions

            self.encryption = install_encryption_actions(window.file_menu, context, window)
            self.backups.restored.connect(self._after_restore)
        if window is not self.window:
            window.show()
            old_window = self.window
            self.window = window
            old_window.close()
            old_window.deleteLater()
        self.opened = opened
        if previous is not None:
            _, old_opened, old_backups = previous
            if old_backups is not None:
                old_backups.backup_at_close()
            if old_opened is not None:
                old_opened.close()
        if not self.args.smoke_test:
            from pea_desktop.services import recent_bases

            recent_bases.remember(opened.db.server or opened.db.path)

    def _connect(self, window: MainWindow) -> None:
        from pea_desktop.services import recent_bases

        window.recent_bases = recent_bases.recent_bases
        window.open_base_requested.connect(self.open_base)
        window.server_base_opened.connect(self.open_connected)
        window.new_base_requested.connect(self.open_base)
        window.demo_requested.connect(self.open_demo)
        window.create_requested.connect(self.create_own_base)

    @staticmethod
    def _recent() -> list[Path | ServerAddress]:
        from pea_desktop.services import recent_bases

        return recent_bases.recent_bases()

    def _open_smoke_test(self) -> OpenedDatabase | None:
        """No dialog for installers and CI: one line on standard error and status 2."""
        from pea_desktop.services.database import open_database
        from pea_desktop.services.database_errors import DatabaseOpenError
        from pea_desktop.ui.backups.database_opening import OpenedDatabase

        try:
            return OpenedDatabase(open_database(self.args.db), None)
        except DatabaseOpenError as error:
            print(f"pea-desktop : {error.message}", file=sys.stderr)
            self.finish(2)
            return None

    def _open_interactively(self) -> OpenedDatabase | None:
        """Explain any problem and offer the ways out; a second window on the base is refused."""
        from pea_desktop.ui.backups.database_opening import open_interactively

        opened = open_interactively(self.args.db, self.window, ask=self._ask)
        if opened is None:  # the user quit, or the window already open was brought forward
            self.finish(0)
            return None
        return opened

    def _ask(self, error: DatabaseOpenError, parent: QWidget | None) -> Choice:
        """What to do about a base that cannot be opened; its first page is no longer shown."""
        from pea_desktop.ui.backups.database_problem_dialog import ask_database_problem

        self.window.forget_first_list()
        return ask_database_problem(error, parent)

    def _after_restore(self, _backup: object) -> None:
        self.window.undo_stack.clear()
        self.window.reload_antennas()

    def close(self) -> None:
        if self.backups is not None:
            self.backups.backup_at_close()
        if self.opened is not None:
            self.opened.close()


def _location(location: Path | str | ServerAddress) -> Path | ServerAddress:
    """A base as the window compares them: a file's absolute path, or a server address (as
    ``--db`` gives it, or a recent base)."""
    if isinstance(location, Path):
        return location.expanduser().absolute()
    if isinstance(location, str):  # loads SQLAlchemy: only for a text, never for a file
        from pea_desktop.services.database import parse_location

        return parse_location(location)
    return location


def run(args: argparse.Namespace) -> int:
    if not getattr(args, "db_given", True) and not args.smoke_test:
        from pea_desktop.services.recent_bases import last_base

        if (last := last_base()) is not None:  # the base used last time, if still there
            args.db = last
    app = create_application()
    from pea_desktop.ui import crash

    crash.install(app)
    window = MainWindow()
    window.show()
    _trace("shown")
    startup = Startup(app, window, args)
    QTimer.singleShot(0, startup.show_first_list)
    app.exec()
    startup.close()
    return startup.status
