"""A locked base, a read-only folder and a full disk each get their message and a way out."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from pea_desktop.store import database as database_module
from pea_desktop.store import errors
from pea_desktop.store.database import known_revisions, open_database
from pea_desktop.store.errors import Remedy
from pea_desktop.store.instance_lock import acquire_instance_lock, lock_path_for
from tests.store.garbling import FIXTURES, populated_database


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


@pytest.fixture
def read_only_folder(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a folder look read-only (the tests may run as root, who may write anywhere)."""
    real_access = os.access

    def protect(folder: Path) -> None:
        def access(path: Any, mode: int, **kwargs: Any) -> bool:
            if Path(path) == folder and mode & os.W_OK:
                return False
            return real_access(path, mode, **kwargs)

        monkeypatch.setattr(os, "access", access)

    return protect


def test_read_only_folder_is_explained_and_read_only_opening_works(
    tmp_path: Path, read_only_folder: Callable[[Path], None]
) -> None:
    path = populated_database(tmp_path / "pea.sqlite3")
    read_only_folder(tmp_path)
    with pytest.raises(errors.ReadOnlyLocationError) as caught:
        open_database(path)
    assert f"Le dossier {tmp_path} est en lecture seule" in caught.value.message
    assert Remedy.OPEN_READ_ONLY in caught.value.remedies

    db = open_database(path, read_only=True)
    try:
        assert db.read_only
        with db.session() as session:
            assert session.execute(text("SELECT count(*) FROM activity")).scalar() == 60
        with pytest.raises(OperationalError, match="readonly"), db.session() as session:
            session.execute(text("DELETE FROM activity_volunteer"))
    finally:
        db.close()
    assert not Path(f"{path}-wal").exists()  # opened as immutable: nothing written beside it


def test_read_only_file_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = populated_database(tmp_path / "pea.sqlite3")
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, m, **k: False if Path(p) == path else real_access(p, m, **k)
    )
    with pytest.raises(errors.ReadOnlyLocationError, match="est en lecture seule"):
        open_database(path)


def test_new_base_in_a_protected_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(database_module.os, "open", refuse)
    with pytest.raises(errors.ReadOnlyLocationError, match="le dossier est protégé en écriture"):
        open_database(tmp_path / "nouvelle.sqlite3")


def test_old_base_opened_read_only_cannot_be_migrated(tmp_path: Path) -> None:
    if known_revisions() == ["0001"]:
        pytest.skip("no migration after the first schema yet")
    path = tmp_path / "ancienne.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", path)
    with pytest.raises(errors.MigrationError, match="impossible en lecture seule"):
        open_database(path, read_only=True)


def test_base_locked_by_another_program(tmp_path: Path) -> None:
    path = populated_database(tmp_path / "pea.sqlite3")
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("DELETE FROM activity_volunteer WHERE 0")
        with pytest.raises(errors.DatabaseLockedError) as caught:
            open_database(path)
        other.execute("ROLLBACK")
    assert "verrouillée par un autre programme" in caught.value.message
    assert caught.value.remedies[0] is Remedy.RETRY


def test_second_instance_is_refused_until_the_first_ends(tmp_path: Path) -> None:
    path = tmp_path / "pea.sqlite3"
    first = acquire_instance_lock(path)
    with pytest.raises(errors.DatabaseLockedError, match="déjà ouverte dans une autre fenêtre"):
        acquire_instance_lock(path)
    first.release()
    assert not lock_path_for(path).exists()
    with acquire_instance_lock(path) as second:
        assert second.held
    assert not second.held


def test_lock_of_a_killed_process_is_released(tmp_path: Path) -> None:
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    path = tmp_path / "pea.sqlite3"
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child process
        acquire_instance_lock(path)
        os.write(ready_write, b"1")
        time.sleep(60)
        os._exit(0)
    os.read(ready_read, 1)
    with pytest.raises(errors.DatabaseLockedError):
        acquire_instance_lock(path)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    acquire_instance_lock(path).release()


def limit_pages(monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    """Make SQLite report a full disk once the file would grow past ``pages`` pages."""
    make_engine = database_module._make_engine

    def limited(path: Path, read_only: bool, passphrase: str | None = None) -> Any:
        engine = make_engine(path, read_only, passphrase)

        @event.listens_for(engine, "connect")
        def _limit(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        return engine

    monkeypatch.setattr(database_module, "_make_engine", limited)


def test_full_disk_while_creating_a_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    limit_pages(monkeypatch, 3)
    with pytest.raises(errors.DiskFullError) as caught:
        open_database(tmp_path / "pea.sqlite3")
    assert "est plein" in caught.value.message and "\n" not in caught.value.message
    assert Remedy.RETRY in caught.value.remedies
    assert list(tmp_path.iterdir()) == []  # no empty file left to look like a damaged base


def test_full_disk_during_a_migration_leaves_the_base_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if known_revisions() == ["0001"]:
        pytest.skip("no migration after the first schema yet")
    path = tmp_path / "pea.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", path)
    before = dump(path)
    limit_pages(monkeypatch, path.stat().st_size // 4096)
    with pytest.raises(errors.DiskFullError) as caught:
        open_database(path)
    assert "n'a pas été mise à jour ni modifiée" in caught.value.message
    assert dump(path) == before
