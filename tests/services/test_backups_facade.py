"""services.backups: the one "restore, then open" the command and the window share."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from pea_desktop.commands import backup as backup_command
from pea_desktop.services import backups
from pea_desktop.services.backups import BackupKind, list_backups, restore_then_open
from pea_desktop.services.database import known_revisions, open_database
from pea_desktop.services.database_errors import BackupError
from pea_desktop.ui.backups import actions, database_opening
from tests.store.garbling import populated_database

FIXTURES = Path(__file__).parent.parent / "fixtures"


def revision_of(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def older_backup(tmp_path: Path) -> Path:
    old = tmp_path / "ancienne.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", old)
    return old


def test_restore_then_open_migrates_an_older_backup_and_keeps_the_replaced_base(
    tmp_path: Path,
) -> None:
    path = populated_database(tmp_path / "pea.sqlite3")
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("DELETE FROM activity_volunteer")
        connection.execute("DELETE FROM expense_line")
        connection.execute("DELETE FROM activity")

    restored = restore_then_open(older_backup(tmp_path), path)

    assert revision_of(path) == known_revisions()[-1]  # migrated now, not at the next start
    assert restored.contents.revision == known_revisions()[-1]
    assert restored.contents.activities == 57 and restored.contents.volunteers == 7  # bin aside
    assert restored.kept is not None
    kinds = {b.path: b.kind for b in list_backups(path)}
    assert kinds[restored.kept] is BackupKind.BEFORE_RESTORE
    assert BackupKind.BEFORE_MIGRATION in kinds.values()  # the migration kept its own copy
    with closing(sqlite3.connect(restored.kept)) as connection:
        assert connection.execute("SELECT count(*) FROM activity").fetchone()[0] == 0
    db = open_database(path, create=False)
    try:
        with db.session() as session:
            assert session.connection().exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        db.close()


def test_restore_then_open_on_a_missing_base_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nouvelle.sqlite3"
    restored = restore_then_open(older_backup(tmp_path), path)
    assert restored.kept is None
    assert revision_of(path) == known_revisions()[-1]


def test_restore_then_open_refuses_a_damaged_backup_and_changes_nothing(tmp_path: Path) -> None:
    path = populated_database(tmp_path / "pea.sqlite3")
    before = path.read_bytes()
    bad = tmp_path / "abimee.sqlite3"
    bad.write_text("date;type\n2025-01-01;groupe\n", encoding="utf-8")
    with pytest.raises(BackupError) as caught:
        restore_then_open(bad, path)
    assert "abimee.sqlite3" in caught.value.message
    assert path.read_bytes() == before
    assert not [b for b in list_backups(path) if b.kind is BackupKind.BEFORE_RESTORE]


def test_describe_backup_says_a_damaged_copy_is_unreadable(tmp_path: Path) -> None:
    good = populated_database(tmp_path / "pea.sqlite3")
    assert backups.describe_backup(good).startswith("57 activités, 7 bénévoles")
    bad = tmp_path / "abimee.sqlite3"
    bad.write_bytes(b"\0" * 512)
    assert backups.describe_backup(bad) == backups.UNREADABLE


def test_command_menu_and_open_dialog_share_the_same_restore() -> None:
    """Restore-then-open exists once: each caller holds the facade's own function."""
    for caller in (backup_command, actions, database_opening):
        assert caller.restore_then_open is backups.restore_then_open, caller.__name__
