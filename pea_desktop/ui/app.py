"""Start-up of the window: Qt application, French translations, database, first run.

The window is shown before the database layer is even imported, then filled once the database
is open (see ``MainWindow.attach``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from pea_desktop.ui.main_window import MainWindow


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
        self.db = None

    def finish(self, status: int) -> None:
        self.status = status
        self.window.close()
        self.app.quit()

    def open(self) -> None:
        from pea_desktop.services.antennas import is_empty
        from pea_desktop.store.database import open_database
        from pea_desktop.store.errors import DatabaseOpenError
        from pea_desktop.ui.context import AppContext

        try:
            self.db = open_database(self.args.db)
        except DatabaseOpenError as error:
            if self.args.smoke_test:
                print(f"pea-desktop : {error.message}", file=sys.stderr)
            else:
                QMessageBox.critical(self.window, error.title, error.message)
            self.finish(2)
            return
        if not self.args.smoke_test and is_empty(self.db):
            from pea_desktop.ui.first_run_wizard import FirstRunWizard

            if not FirstRunWizard(self.db, self.window).exec():
                self.finish(0)
                return
        self.window.attach(AppContext(self.db))
        _trace("ready")
        if self.args.smoke_test:
            # A zero timer fires once the event loop has processed everything pending.
            QTimer.singleShot(0, self.app.quit)


def run(args: argparse.Namespace) -> int:
    app = create_application()
    window = MainWindow()
    window.show()
    _trace("shown")
    startup = Startup(app, window, args)
    QTimer.singleShot(0, startup.open)
    app.exec()
    if startup.db is not None:
        startup.db.close()
    return startup.status
