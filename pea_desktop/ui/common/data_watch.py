"""Lists follow other users' changes: a cheap data stamp polled while the window is active.

Another window, a command or (on a server) another coordinator may write to the base. Every
few seconds while the application is active, and as soon as it becomes active again, the base's
data stamp (services.concurrency.data_stamp: the last audit line) is read; when it moved, the
context announces a change and the lists reload, keeping their selection and scroll position
(ui/common/list_view.py). Never while a dialog is open: the user may be typing in it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from pea_desktop.services import concurrency
from pea_desktop.ui.context import AppContext

POLL_MS = 4000
log = logging.getLogger(__name__)


class DataWatcher(QObject):
    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._known = self._read()
        self._own_change = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        self.timer.start()
        context.data_changed.connect(self._after_change)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._state_changed)

    def _read(self) -> int | None:
        try:
            return concurrency.data_stamp(self._context.db)
        except Exception:  # a base briefly unreachable (network, server restart): next time
            log.debug("data stamp not read", exc_info=True)
            return None

    def _after_change(self) -> None:
        # This window's own change (or the reload this watcher asked): the lists reload now,
        # so the stamp they show is the current one.
        if not self._own_change:
            self._known = self._read()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def _poll(self) -> None:
        # Only while the application is in front: a window left in the background costs the
        # base (a server shared by many) nothing; it catches up when it becomes active.
        if QApplication.applicationState() == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> bool:
        """Reload the lists when someone else wrote; True when they were asked to."""
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget():
            return False  # a form or a menu is open: later, never under the user's typing
        stamp = self._read()
        if stamp is None or stamp == self._known:
            return False
        self._known = stamp
        self._own_change = True
        try:
            self._context.notify_changed()
        finally:
            self._own_change = False
        return True

    def stop(self) -> None:
        self.timer.stop()
