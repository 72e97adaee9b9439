"""Start-up of the window: Qt application, French translations, database, first run."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from pea_desktop.services.antennas import is_empty
from pea_desktop.store.database import open_database
from pea_desktop.store.errors import DatabaseOpenError
from pea_desktop.ui.context import AppContext
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


def run(args: argparse.Namespace) -> int:
    app = create_application()
    try:
        db = open_database(args.db)
    except DatabaseOpenError as error:
        if args.smoke_test:
            print(f"pea-desktop : {error.message}", file=sys.stderr)
            return 2
        QMessageBox.critical(None, error.title, error.message)
        return 2
    context = AppContext(db)
    if not args.smoke_test and is_empty(db):
        from pea_desktop.ui.first_run_wizard import FirstRunWizard

        wizard = FirstRunWizard(db)
        if not wizard.exec():
            db.close()
            return 0
    window = MainWindow(context)
    window.show()
    if args.smoke_test:
        # A zero timer fires once the event loop has processed everything pending.
        QTimer.singleShot(0, app.quit)
    status = app.exec()
    db.close()
    return status
