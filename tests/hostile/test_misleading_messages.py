"""Issue 13, item 10: messages that said something untrue."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from pea_desktop.cli import main
from pea_desktop.paths import backup_dir_for
from pea_desktop.store import errors
from pea_desktop.store.database import open_database


def test_an_empty_schema_number_says_no_copy_was_made(migrated_db_path: Path) -> None:
    with closing(sqlite3.connect(migrated_db_path)) as c:
        c.execute("DELETE FROM alembic_version")
        c.commit()
    with pytest.raises(errors.DamagedDatabaseError) as caught:
        open_database(migrated_db_path)
    message = caught.value.message
    assert "perdu le numéro de version" in message and "n'a pas été modifiée" in message
    assert "copie a été faite" not in message
    assert not backup_dir_for(migrated_db_path).exists()


@pytest.fixture
def read_only_folder(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """A folder nobody may write to (simulated: the tests may run as root)."""
    real_access, real_connect, real_mkdir = os.access, sqlite3.connect, Path.mkdir

    def protect(folder: Path) -> None:
        def access(path: Any, mode: int, **kwargs: Any) -> bool:
            if Path(path) == folder and mode & os.W_OK:
                return False
            return real_access(path, mode, **kwargs)

        def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
            # SQLite cannot create the -shm of a WAL base there, unless told it is immutable.
            text = str(database)
            if text.startswith("file:") and str(folder) in text and "immutable=1" not in text:
                raise sqlite3.OperationalError("unable to open database file")
            if not text.startswith("file:") and Path(text).parent == folder:
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return real_connect(database, *args, **kwargs)

        def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
            if self.parent == folder:
                raise PermissionError(13, "Permission denied")
            real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)
        monkeypatch.setattr(sqlite3, "connect", connect)
        monkeypatch.setattr(Path, "mkdir", mkdir)

    return protect


def test_backing_up_a_base_in_a_read_only_folder_does_not_call_it_damaged(
    tmp_path: Path,
    migrated_template: Path,
    read_only_folder: Callable[[Path], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "cd"
    folder.mkdir()
    base = folder / "pea.sqlite3"
    base.write_bytes(migrated_template.read_bytes())
    read_only_folder(folder)
    assert main(["backup", "--db", str(base)]) == 2
    err = capsys.readouterr().err
    assert "endommagée" not in err
    assert "protégé en écriture" in err or "lecture seule" in err, err
