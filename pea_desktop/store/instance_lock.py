"""One program at a time writes a given database: an operating-system lock beside the file.

The lock is a file ``<database>.lock`` held with ``flock`` (POSIX) or ``msvcrt.locking``
(Windows). The system drops it when the process ends, even when it is killed, so a crash never
leaves a stale lock behind. The window and ``pea-desktop restore`` take it; headless commands
that only add rows do not need it (SQLite serialises their writes).
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from pea_desktop.domain.os_errors import describe_os_error
from pea_desktop.store import errors

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path_for(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class InstanceLock:
    """Held while this process uses ``database``; ``release()`` (or ``with``) lets it go."""

    def __init__(self, database: Path, lock_file: Path, fd: int) -> None:
        self.database = database
        self.lock_file = lock_file
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        if os.name != "nt":
            # Unlink while still holding the lock: a waiting process re-checks the inode.
            with suppress(OSError):
                self.lock_file.unlink()
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def acquire_instance_lock(database: Path) -> InstanceLock:
    """Take the lock of ``database`` or raise :class:`errors.DatabaseLockedError`.

    If the lock file cannot be created (read-only folder), that is reported as
    :class:`errors.ReadOnlyLocationError`: the base could not be written there anyway.
    """
    database = Path(database).expanduser().absolute()
    lock_file = lock_path_for(database)
    try:  # on first run the data folder does not exist yet
        database.parent.mkdir(parents=True, exist_ok=True)
    except PermissionError as exc:
        raise errors.ReadOnlyLocationError(
            database,
            f"Impossible de créer le dossier {database.parent} : il est protégé en écriture. "
            "Choisissez un autre emplacement.",
        ) from exc
    for _attempt in range(5):
        try:
            fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError as exc:
            raise errors.ReadOnlyLocationError(
                database,
                f"Le dossier {database.parent} est en lecture seule : la base {database.name} "
                "ne peut pas y être modifiée. Ouvrez-la en lecture seule ou copiez-la ailleurs.",
            ) from exc
        except OSError as exc:
            raise errors.DatabaseOpenError(
                database, f"Impossible de verrouiller {database.name} : {describe_os_error(exc)}."
            ) from exc
        if not _try_lock(fd):
            os.close(fd)
            raise errors.DatabaseLockedError(
                database,
                f"La base {database.name} est déjà ouverte dans une autre fenêtre de PEA Desktop "
                "(ou par une commande en cours). Utilisez cette fenêtre, ou ouvrez la base en "
                "lecture seule.",
            )
        if os.name == "nt" or _same_file(fd, lock_file):
            with suppress(OSError):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
            return InstanceLock(database, lock_file, fd)
        # The previous holder removed the file between our open and our lock: try again.
        _unlock(fd)
        os.close(fd)
    raise errors.DatabaseLockedError(
        database, f"Impossible de verrouiller {database.name} : réessayez dans un instant."
    )


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)
