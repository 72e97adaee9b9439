"""Issue 13, item 5: a busy base, a full disk and I/O errors after opening, told in French.

No traceback, no row data (SQLAlchemy's message carries the values it was inserting), and no
orphan pre-import copy left behind.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from pea_desktop.cli import main
from pea_desktop.paths import backup_dir_for
from pea_desktop.store import database as database_module
from pea_desktop.store import errors
from pea_desktop.store.database import open_database
from tests.services.import_helpers import ACTIVITY_HEADER, counts, write_csv

PLANTED = "Gaspard Zyzzyva"


def _activities(tmp_path: Path, lines: int = 28) -> Path:
    rows = [
        f"groupe;{day % 28 + 1:02d}/03/2025;LYON;{PLANTED};1h30;Salle;9;2;1;;;;14;;;;;"
        f"Note secrète {day}"
        for day in range(lines)
    ]
    return write_csv(tmp_path / "activites.csv", [ACTIVITY_HEADER, *rows])


def _hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another program writing: the write lock held for ``seconds``."""
    started = threading.Event()

    def hold() -> None:
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            started.set()
            time.sleep(seconds)
            other.execute("COMMIT")

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    started.wait(5)
    return thread


def _no_orphan_copy(db: Path) -> bool:
    return not list(backup_dir_for(db).glob("*avant-import*"))


def test_an_import_waits_for_another_writer_then_goes_through(
    tmp_path: Path, migrated_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = _hold_write_lock(migrated_db_path, 3)
    csv = _activities(tmp_path)
    assert main(["import", "activities", str(csv), "--db", str(migrated_db_path)]) == 0
    holder.join()
    assert "Activités créées : 28" in capsys.readouterr().out


def test_a_base_busy_too_long_is_told_in_french_and_leaves_no_copy(
    tmp_path: Path,
    migrated_db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(database_module, "LOCK_WAIT_SECONDS", 1)
    holder = _hold_write_lock(migrated_db_path, 4)
    csv = _activities(tmp_path)
    assert main(["import", "activities", str(csv), "--db", str(migrated_db_path)]) == 1
    holder.join()
    err = capsys.readouterr().err
    assert "est occupée par" in err and "rien n'a été enregistré" in err
    assert "Traceback" not in err and PLANTED not in err and "INSERT" not in err
    assert _no_orphan_copy(migrated_db_path)


def _full_disk_after_open(monkeypatch: pytest.MonkeyPatch, spare_pages: int) -> None:
    """SQLite says "database or disk is full" once the file grows ``spare_pages`` pages."""
    real_open = database_module.open_database

    def open_then_fill(*args: Any, **kwargs: Any) -> database_module.Database:
        db = real_open(*args, **kwargs)
        pages = db.path.stat().st_size // 4096 + spare_pages

        def limit(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        event.listen(db.engine, "connect", limit)
        db.engine.dispose()
        return db

    monkeypatch.setattr(database_module, "open_database", open_then_fill)
    import pea_desktop.commands.demo as demo_command
    import pea_desktop.commands.imports as imports_command

    monkeypatch.setattr(imports_command, "open_database", open_then_fill)
    monkeypatch.setattr(demo_command, "open_database", open_then_fill)


def test_a_full_disk_during_an_import_prints_no_row_data(
    tmp_path: Path,
    migrated_db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = open_database(migrated_db_path)
    before = counts(db)
    db.close()
    _full_disk_after_open(monkeypatch, 1)
    csv = _activities(tmp_path, 400)
    assert main(["import", "activities", str(csv), "--db", str(migrated_db_path)]) == 1
    err = capsys.readouterr().err
    assert "est plein" in err and "Traceback" not in err
    assert PLANTED not in err and "secrète" not in err and "INSERT" not in err
    assert _no_orphan_copy(migrated_db_path)
    monkeypatch.undo()
    db = open_database(migrated_db_path)
    assert counts(db) == before  # all or nothing
    db.close()


def test_a_full_disk_during_demo_is_told_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _full_disk_after_open(monkeypatch, 2)
    assert main(["demo", "--db", str(tmp_path / "demo.sqlite3"), "--antennas", "1"]) == 1
    err = capsys.readouterr().err
    assert "est plein" in err and "Traceback" not in err and "[parameters" not in err


def test_a_full_disk_at_open_is_not_called_an_io_error(
    tmp_path: Path, migrated_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Creating the -wal beside a base on a full disk makes SQLite say "disk I/O error"."""

    def failing_connect(*_args: Any, **_kwargs: Any) -> sqlite3.Connection:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(database_module.sqlite3, "connect", failing_connect)
    monkeypatch.setattr(
        database_module.shutil, "disk_usage", lambda _p: type("U", (), {"free": 0})()
    )
    with pytest.raises(errors.DiskFullError, match="est plein"):
        open_database(migrated_db_path)
    monkeypatch.setattr(
        database_module.shutil, "disk_usage", lambda _p: type("U", (), {"free": 10**10})()
    )
    with pytest.raises(errors.DatabaseOpenError, match="Erreur de lecture ou d'écriture"):
        open_database(migrated_db_path)
