"""A large import into a base on a PostgreSQL server: no file copy (the administrator's pg_dump
is the backup, and the report says so), and the import stays all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pea_desktop.paths import backup_dir_for
from pea_desktop.services.importing import import_activities, import_volunteers
from pea_desktop.services.importing.safeguards import BACKUP_ABOVE_LINES
from pea_desktop.store.database import Database
from pea_desktop.store.location import ServerAddress
from pea_desktop.store.server import open_server_database
from tests.services.import_helpers import snapshot, write_csv
from tests.services.test_import_backup import activity_file

TODAY = date(2026, 1, 15)


@pytest.fixture
def server_db(pg_database: ServerAddress) -> Iterator[Database]:
    """A base on the throwaway server (these tests are about server bases only)."""
    db = open_server_database(pg_database)
    yield db
    db.close()


def test_a_large_import_on_a_server_makes_no_copy_and_says_where_backups_are(
    server_db: Database, tmp_path: Path
) -> None:
    path = activity_file(tmp_path / "gros.csv", BACKUP_ABOVE_LINES + 5)
    report = import_activities(server_db, path, today=TODAY)
    assert report.activities_created == BACKUP_ABOVE_LINES + 5
    assert report.backup is None
    assert not backup_dir_for(server_db.path).exists()
    assert "pg_dump" in report.summary() and "Restaurer une sauvegarde" not in report.summary()

    again = import_activities(server_db, path, today=TODAY)  # nothing changed: nothing to say
    assert again.activities_skipped == BACKUP_ABOVE_LINES + 5
    assert "pg_dump" not in again.summary()

    lines = ["prenom;nom;antenne"] + [f"Jean;Martin{n};LYON" for n in range(25)]
    volunteers = import_volunteers(server_db, write_csv(tmp_path / "v.csv", lines))
    assert volunteers.volunteers_created == 25 and volunteers.backup is None
    assert "pg_dump" in volunteers.summary()


def test_an_import_failing_at_its_last_step_leaves_the_server_base_unchanged(
    server_db: Database, tmp_path: Path
) -> None:
    import_activities(server_db, activity_file(tmp_path / "a.csv", 3), today=TODAY)
    before = snapshot(server_db)
    total = BACKUP_ABOVE_LINES + 40

    def cut_at_the_end(done: int, of: int) -> None:
        if done == of == total:  # every row already sent to the server
            raise OSError("connexion perdue")

    path = activity_file(tmp_path / "gros.csv", total, first_day=100)
    with pytest.raises(OSError):
        import_activities(server_db, path, progress=cut_at_the_end, today=TODAY)
    assert snapshot(server_db) == before
