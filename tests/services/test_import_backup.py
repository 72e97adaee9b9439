"""A large import is preceded by a copy of the database, so that it can be undone."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.importing import import_activities, import_volunteers
from pea_desktop.services.importing.safeguards import BACKUP_ABOVE_LINES, backup_before_import
from pea_desktop.store.backup import restore_backup
from pea_desktop.store.backup_catalog import BackupKind, list_backups, read_summary
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.errors import BackupError
from tests.services.import_helpers import snapshot, write_csv

pytestmark = pytest.mark.sqlite_only(
    "copies of a SQLite file; on a server see test_import_on_server.py"
)

TODAY = date(2026, 1, 15)


def activity_file(path: Path, count: int, first_day: int = 1) -> Path:
    lines = ["type;date;antenne;benevoles;lieu;km"]
    lines += [
        f"groupe;{(first_day + n) % 28 + 1:02d}/{(first_day + n) // 28 % 12 + 1:02d}/2025;LYON;"
        f"Marie Dupont;Salle {first_day + n};12"
        for n in range(count)
    ]
    return write_csv(path, lines)


def test_a_large_import_can_be_undone_with_the_copy_made_before_it(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    small = import_activities(db, activity_file(tmp_path / "petit.csv", 3), today=TODAY)
    assert small.backup is None and list_backups(db_path) == []
    before = snapshot(db)

    path = activity_file(tmp_path / "gros.csv", BACKUP_ABOVE_LINES + 1, first_day=100)
    report = import_activities(db, path, today=TODAY)

    assert report.activities_created == BACKUP_ABOVE_LINES + 1
    assert report.backup is not None
    [backup] = list_backups(db_path)
    assert (backup.path, backup.kind) == (report.backup, BackupKind.BEFORE_IMPORT)
    assert backup.kind.label == "avant import"
    assert read_summary(backup.path).activities == 3  # the base as it was before the import
    assert report.backup.name in report.summary()
    assert "Restaurer une sauvegarde" in report.summary()

    db.close()
    restore_backup(report.backup, db_path)
    restored = open_database(db_path)
    try:
        assert snapshot(restored) == before
    finally:
        restored.close()


def test_small_and_refused_files_make_no_copy(db: Database, db_path: Path, tmp_path: Path) -> None:
    report = import_activities(
        db, activity_file(tmp_path / "a.csv", BACKUP_ABOVE_LINES), today=TODAY
    )
    assert report.backup is None
    assert "Copie de sécurité" not in report.summary()

    bad = activity_file(tmp_path / "b.csv", 40, first_day=200)
    bad.write_text(bad.read_text() + "groupe;31/02/2025;LYON;Marie Dupont;X;\n")
    with pytest.raises(BadInputError):
        import_activities(db, bad, today=TODAY)
    assert list_backups(db_path) == []


def test_a_large_volunteer_list_is_imported_after_a_copy(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    lines = ["prenom;nom;antenne"] + [f"Jean;Martin{n};LYON" for n in range(25)]
    report = import_volunteers(db, write_csv(tmp_path / "v.csv", lines))
    assert report.volunteers_created == 25
    assert report.backup is not None and report.backup.exists()
    assert read_summary(report.backup).volunteers == 0


def test_a_reimport_that_changes_nothing_leaves_no_copy(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = activity_file(tmp_path / "a.csv", 30)
    first = import_activities(db, path, today=TODAY)
    again = import_activities(db, path, today=TODAY)
    assert again.activities_skipped == 30 and again.backup is None
    assert [b.path for b in list_backups(db_path)] == [first.backup]
    assert "Copie de sécurité" not in again.summary()


def test_two_copies_within_one_second_are_both_kept(db: Database, db_path: Path) -> None:
    now = datetime(2026, 3, 14, 15, 30, 0, 250_000)
    first = backup_before_import(db, 100, now=now)
    second = backup_before_import(db, 100, now=now.replace(microsecond=900_000))
    assert first is not None and second is not None
    assert first != second
    assert [b.path for b in list_backups(db_path)] == [second, first]


def test_no_copy_no_import(db: Database, db_path: Path, tmp_path: Path) -> None:
    (db_path.parent / "sauvegardes").write_text("un fichier, pas un dossier")
    before = snapshot(db)
    with pytest.raises(BackupError) as caught:
        import_activities(db, activity_file(tmp_path / "a.csv", 30), today=TODAY)
    assert caught.value.message.startswith("Import abandonné, rien n'a été modifié")
    assert snapshot(db) == before
