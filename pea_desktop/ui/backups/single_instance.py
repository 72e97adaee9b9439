"""One window per database: a second start on the same base brings the first window forward.

The first instance holds the base's :mod:`instance_lock` and listens on a local socket named
after the base. A second instance that finds the lock taken asks that socket to show its window;
if nobody answers (the lock is held by ``pea-desktop restore``, or by a frozen window) the
usual "base déjà ouverte" explanation is shown instead.
"""

from __future__ import annotations

import getpass
import hashlib
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from pea_desktop.services.database import InstanceLock, acquire_instance_lock
from pea_desktop.services.database_errors import DatabaseLockedError

ACTIVATE, ACKNOWLEDGED = b"activer\n", b"ok\n"
TIMEOUT_MS = 1500


class OtherInstanceActivated(DatabaseLockedError):
    """The base is open in another window, which has just been brought to the front."""


def server_name(database: Path) -> str:
    """A socket name per user and base (the path is hashed: names have a length limit)."""
    key = f"{getpass.getuser()}\0{Path(database).expanduser().absolute()}"
    return "pea-desktop-" + hashlib.sha256(key.encode()).hexdigest()[:24]


class SingleInstance(QObject):
    """Held by the window while it uses a base; ``release()`` when the base is closed."""

    activation_requested = Signal()

    def __init__(self, lock: InstanceLock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock = lock
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(lock.database)
        if not self.server.listen(name):
            # A socket left by a crashed instance: ours now, since we hold the lock.
            QLocalServer.removeServer(name)
            self.server.listen(name)
        self.server.newConnection.connect(self._answer)

    @classmethod
    def claim(cls, database: Path, parent: QObject | None = None) -> SingleInstance:
        """Take ``database`` for this window, or raise.

        Raises :class:`OtherInstanceActivated` when another window has the base (it has been
        brought to the front: this instance should simply end), otherwise the
        ``DatabaseOpenError`` of the lock (``DatabaseLockedError``...).
        """
        try:
            lock = acquire_instance_lock(database)
        except DatabaseLockedError as exc:
            if activate_running_instance(database):
                raise OtherInstanceActivated(
                    exc.path,
                    f"La base {exc.path.name} est déjà ouverte : sa fenêtre a été mise au "
                    "premier plan.",
                ) from exc
            raise
        return cls(lock, parent)

    def attach_window(self, window: QWidget) -> None:
        """Bring ``window`` to the front whenever another start asks for this base."""

        def bring_forward() -> None:
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
            window.show()
            window.raise_()
            window.activateWindow()

        self.activation_requested.connect(bring_forward)

    def release(self) -> None:
        self.server.close()
        self.lock.release()

    def _answer(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(partial(self._read, socket))

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            socket.write(ACKNOWLEDGED)
            socket.waitForBytesWritten(TIMEOUT_MS)
            self.activation_requested.emit()
        socket.readyRead.disconnect()
        socket.disconnectFromServer()
        socket.deleteLater()


def activate_running_instance(database: Path, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Ask the window that has ``database`` open to come forward; True if it answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(database))
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(ACTIVATE)
        if not socket.waitForBytesWritten(timeout_ms) or not socket.waitForReadyRead(timeout_ms):
            return False
        return bytes(socket.readAll().data()).startswith(ACKNOWLEDGED.strip())
    finally:
        socket.disconnectFromServer()
