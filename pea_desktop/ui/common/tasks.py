"""Long work off the GUI thread, with a progress dialog and success/failure callbacks.

The work function receives a ``progress(done, total)`` callable; it runs in a worker thread and
must not touch widgets. Callbacks run back on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[[int, int], None]

# Tasks stay referenced here until they are over: the caller need not keep them, and none is
# destroyed by Python while one of its own slots is still running.
_RUNNING: set[BackgroundTask] = set()


class _Worker(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit)
        except Exception as exc:  # reported to the user by the failure callback
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """Run ``work`` in a thread; show ``label`` with a progress bar meanwhile."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        label: str,
        work: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self._dialog = QProgressDialog(label, "", 0, 0, parent)
        self._dialog.setWindowTitle("Veuillez patienter")
        self._dialog.setCancelButton(None)
        self._dialog.setMinimumDuration(300)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._thread = QThread(self)
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._show_progress)
        self._worker.succeeded.connect(self._succeeded)
        self._worker.failed.connect(self._failed)

    def start(self) -> None:
        _RUNNING.add(self)
        self._thread.start()

    def _show_progress(self, done: int, total: int) -> None:
        self._dialog.setMaximum(total)
        self._dialog.setValue(done)

    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self._dialog.close()
        self._dialog.deleteLater()
        self.finished.emit()
        QTimer.singleShot(0, lambda: _RUNNING.discard(self))

    def _succeeded(self, result: Any) -> None:
        self._finish()
        self._on_success(result)

    def _failed(self, error: Exception) -> None:
        self._finish()
        self._on_failure(error)


def run_in_background(
    parent: QWidget,
    label: str,
    work: Callable[[Progress], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None],
) -> BackgroundTask:
    task = BackgroundTask(parent, label, work, on_success, on_failure)
    task.start()
    return task
