"""Automatic backups: rotation, once a day, listing with contents, restore and export."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pea_desktop.paths import backup_dir_for
from pea_desktop.store import backup as backup_module
from pea_desktop.store import errors
from pea_desktop.store.backup import (
    backup_at_close,
    backup_if_due,
    check_backup,
    export_database,
    make_backup,
    newest_good_backup,
    restore_backup,
)
from pea_desktop.store.backup_catalog import (
    BackupInfo,
    BackupKind,
    backup_name,
    list_backups,
    parse_backup_name,
    read_summary,
    select_to_keep,
)
from pea_desktop.store.database import Database, open_database
from tests.database_template import MakeBase

pytestmark = pytest.mark.sqlite_only(
    "copies of a SQLite file; a server base is backed up by its administrator (pg_dump)"
)

START = datetime(2026, 1, 1, 18, 0)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def activities(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM activity").fetchone()[0])


def info(taken_at: datetime, kind: BackupKind = BackupKind.AUTOMATIC) -> BackupInfo:
    return BackupInfo(Path(backup_name(Path("pea.sqlite3"), kind, taken_at)), taken_at, kind)


def test_names_round_trip_even_with_dashes_in_the_base_name() -> None:
    taken_at = datetime(2026, 3, 14, 15, 30, 5)
    name = backup_name(
        Path("/x/ma-base-2026.sqlite3"), BackupKind.BEFORE_MIGRATION, taken_at, "0001"
    )
    assert name == "ma-base-2026-20260314-153005-avant-migration-0001.sqlite3"
    parsed = parse_backup_name(Path(name))
    assert parsed is not None
    assert (parsed.taken_at, parsed.kind, parsed.detail) == (
        taken_at,
        BackupKind.BEFORE_MIGRATION,
        "0001",
    )
    assert parsed.description == "14/03/2026 à 15:30 (avant mise à jour)"
    assert parse_backup_name(Path("notes.sqlite3")) is None


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    # Two automatic backups a day for 400 days; the last at 21:00 on Thursday 4 February 2027.
    backups = [info(START + timedelta(days=d, hours=h)) for d in range(400) for h in (0, 3)]
    kept = {b.taken_at for b in backups if b.path in select_to_keep(backups)}

    def at_21(*days: tuple[int, int, int]) -> set[datetime]:
        return {datetime(y, m, d, 21, 0) for y, m, d in days}

    daily = at_21(*((2027, 2, d) for d in range(1, 5)), *((2027, 1, d) for d in (29, 30, 31)))
    weekly = at_21((2027, 2, 4), (2027, 1, 31), (2027, 1, 24), (2027, 1, 17))  # ISO weeks' last
    monthly = at_21(
        (2027, 2, 4),
        (2027, 1, 31),
        *((2026, m, 30 if m in (4, 6, 9, 11) else 31) for m in range(3, 13)),
    )
    assert kept == daily | weekly | monthly
    assert len(kept) == 19


def test_rotation_keeps_the_last_10_of_each_other_kind() -> None:
    manual = [info(START + timedelta(days=d), BackupKind.MANUAL) for d in range(15)]
    migration = [info(START + timedelta(days=d), BackupKind.BEFORE_MIGRATION) for d in range(3)]
    kept = select_to_keep(manual + migration)
    assert kept == {b.path for b in manual[5:] + migration}


def test_make_backup_prunes_old_copies_on_disk(db: Database) -> None:
    for day in range(40):
        make_backup(db.path, BackupKind.AT_CLOSE, now=START + timedelta(days=day))
    make_backup(db.path, BackupKind.MANUAL, now=START)
    backups = list_backups(db.path)
    routine = [b for b in backups if b.kind is BackupKind.AT_CLOSE]
    assert len(routine) == len(select_to_keep(routine)) < 40
    assert routine[0].taken_at == START + timedelta(days=39)
    assert BackupKind.MANUAL in {b.kind for b in backups}
    assert sorted(p.name for p in backup_dir_for(db.path).iterdir()) == sorted(
        b.path.name for b in backups
    )


def test_backup_if_due_makes_at_most_one_copy_a_day(db: Database) -> None:
    first = backup_if_due(db.path, now=START)
    assert first is not None and first.exists()
    assert backup_if_due(db.path, now=START + timedelta(hours=23)) is None
    assert backup_if_due(db.path, now=START + timedelta(hours=25)) is not None
    make_backup(db.path, BackupKind.MANUAL, now=START + timedelta(days=3))
    assert backup_if_due(db.path, now=START + timedelta(days=3, hours=2)) is None


def test_backup_at_close_is_listed_with_a_contents_summary(
    populated_base: MakeBase, tmp_path: Path
) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    made = backup_at_close(path)
    (listed,) = [b for b in list_backups(path) if b.kind is BackupKind.AT_CLOSE]
    assert listed.path == made
    summary = read_summary(made)
    assert (summary.activities, summary.volunteers) == (57, 7)  # rows in the bin not counted
    assert summary.describe().startswith("57 activités, 7 bénévoles")


def test_backup_of_an_open_base_holds_only_committed_rows(db: Database) -> None:
    with closing(sqlite3.connect(db.path)) as writer:
        writer.execute("INSERT INTO setting (key, value, updated_at) VALUES ('a', '1', '2026')")
        writer.commit()
        writer.execute("BEGIN")
        writer.execute("INSERT INTO setting (key, value, updated_at) VALUES ('b', '2', '2026')")
        copy = make_backup(db.path, BackupKind.MANUAL)
        writer.rollback()
    with closing(sqlite3.connect(copy)) as connection:
        assert connection.execute("SELECT key FROM setting").fetchall() == [("a",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_restore_keeps_the_replaced_base_and_drops_its_journal(
    populated_base: MakeBase, tmp_path: Path
) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    good = make_backup(path, BackupKind.MANUAL, now=START)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DELETE FROM activity_volunteer")
        connection.execute("DELETE FROM expense_line")
        connection.execute("DELETE FROM activity")
        connection.commit()
    Path(f"{path}-wal").write_bytes(b"stale journal")  # as if left by a crash
    Path(f"{path}-shm").write_bytes(b"stale index")

    kept = restore_backup(good, path, now=START + timedelta(days=1))

    assert kept is not None and activities(kept) == 0
    assert activities(path) == 60
    assert not Path(f"{path}-shm").exists()
    assert mode(path) == mode(kept) == 0o600
    open_database(path).close()


def test_restore_over_a_damaged_base_keeps_its_bytes(
    populated_base: MakeBase, tmp_path: Path
) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    good = make_backup(path, BackupKind.MANUAL)
    path.write_text("abîmé", encoding="utf-8")
    kept = restore_backup(good, path)
    assert kept is not None and kept.read_text(encoding="utf-8") == "abîmé"
    assert activities(path) == 60


def test_newest_good_backup_skips_damaged_copies(populated_base: MakeBase, tmp_path: Path) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    good = make_backup(path, BackupKind.AUTOMATIC, now=START)
    bad = make_backup(path, BackupKind.AUTOMATIC, now=START + timedelta(days=1))
    bad.write_bytes(bad.read_bytes()[:5000])
    newest = newest_good_backup(path)
    assert newest is not None and newest.path == good
    with pytest.raises(errors.BackupError, match=r"La sauvegarde .* est tronquée"):
        check_backup(bad)


def test_export_writes_a_consistent_owner_only_copy(
    populated_base: MakeBase, tmp_path: Path
) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    target = tmp_path / "clé USB" / "pea-export.sqlite3"
    target.parent.mkdir()
    export_database(path, target)
    assert activities(target) == 60 and mode(target) == 0o600
    assert check_backup(target).revision == read_summary(path).revision


def test_full_disk_during_a_backup_leaves_no_partial_file(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(_path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_module, "_fsync", no_space)
    with pytest.raises(errors.DiskFullError, match="Le disque est plein"):
        make_backup(db.path, BackupKind.MANUAL)
    assert list(backup_dir_for(db.path).iterdir()) == []


def test_database_backups_and_exports_are_owner_only(
    migrated_db_path: Path, tmp_path: Path
) -> None:
    path = migrated_db_path
    db = open_database(path)
    with db.session() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO setting (key, value, updated_at) VALUES ('k', '1', '2026')"
        )
    with db.session() as session:  # the base is open: its journal files exist
        session.connection().exec_driver_sql("SELECT count(*) FROM setting")
        journals = [Path(f"{path}{s}") for s in ("-wal", "-shm")]
        assert all(p.exists() for p in journals)
        assert [mode(p) for p in [path, *journals]] == [0o600] * 3
        for kind in BackupKind:  # checked one by one: the rotation may drop earlier ones
            made = make_backup(path, kind)
            assert mode(made) == 0o600, kind
    db.close()
    later = [
        backup_at_close(path),
        export_database(path, tmp_path / "export.sqlite3"),
        restore_backup(made, path),
    ]
    assert [mode(p) for p in [path, *later] if p] == [0o600] * 4
    assert mode(backup_dir_for(path)) == 0o700
