"""Start-up of the window: Qt application, French translations, database, first run.

The window is shown before the database layer is even imported. Its first list then shows its
opening page, read with the ``sqlite3`` module alone (``MainWindow.show_first_list``), and the
window is filled once the database is open the normal way - checked, migrated, with SQLAlchemy
and the models (``MainWindow.attach``) - before anything can be changed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from pea_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:  # types only: these modules load what start-up defers (SQLAlchemy, views)
    from PySide6.QtWidgets import QWidget

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
        from pea_desktop.ui.common.zoom import apply_remembered_zoom

        apply_remembered_zoom()  # the text size the user chose (Ctrl+plus / Ctrl+minus)
    return app


def _trace(step: str) -> None:
    """With PEA_DESKTOP_TRACE_STARTUP set, print when each start-up step is reached (benchmarks)."""
    if os.environ.get("PEA_DESKTOP_TRACE_STARTUP"):
        print(f"startup {step} {time.time():.6f}", file=sys.stderr, flush=True)


class Startup:
    """Open the database behind the already visible window, then fill it."""

    def __init__(self, app: QApplication, window: MainWindow, args: argparse.Namespace) -> None:
        self.app = app
        self.window = window
        self.args = args
        self.status = 0
        self.opened: OpenedDatabase | None = None
        self.backups: BackupActions | None = None
        self.first_list_shown = False

    def show_first_list(self) -> None:
        """Show the first list's opening page at once, then open the database."""
        from pea_desktop.ui.activities.first_list import read_first_page

        if (page := read_first_page(self.args.db)) is not None:
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
        from pea_desktop.services.organisation.antennas import is_empty
        from pea_desktop.ui.context import AppContext

        opened = self._open_smoke_test() if self.args.smoke_test else self._open_interactively()
        if opened is None:
            return
        self.opened = opened
        if not self.args.smoke_test and is_empty(opened.db):
            from pea_desktop.ui.organisation.first_run_wizard import FirstRunWizard

            if not FirstRunWizard(opened.db, self.window).exec():
                self.finish(0)
                return
        context = AppContext(opened.db)
        self.window.attach(context)
        if not self.args.smoke_test and not opened.db.read_only:
            from pea_desktop.ui.backups.actions import install_backup_actions

            self.backups = install_backup_actions(self.window.file_menu, context, self.window)
            self.backups.restored.connect(self._after_restore)
        self._first_list_filled()
        _trace("ready")
        if self.args.smoke_test:
            # A zero timer fires once the event loop has processed everything pending.
            QTimer.singleShot(0, self.app.quit)

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
        if opened.instance is not None:
            opened.instance.attach_window(self.window)
        if opened.db.read_only:
            self.window.statusBar().showMessage(
                "Base ouverte en lecture seule : rien ne sera modifié."
            )
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


def run(args: argparse.Namespace) -> int:
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
