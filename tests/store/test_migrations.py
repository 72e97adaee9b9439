"""Migrations keep every row of every released schema, and a failing one changes nothing."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pea_desktop.store import revisions as revisions_module
from pea_desktop.store.backup_catalog import BackupKind, list_backups
from pea_desktop.store.database import known_revisions, open_database
from pea_desktop.store.errors import MigrationError
from pea_desktop.store.models import Activity, ExpenseLine, Volunteer

FIXTURES = Path(__file__).parent.parent / "fixtures"
RELEASED = sorted(FIXTURES.glob("schema_*.sqlite3"))


def rows_by_table(path: Path) -> dict[str, dict[tuple[object, ...], dict[str, object]]]:
    """Every row of every table, keyed by primary key, as plain column -> value dicts."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {}
        for table in tables:
            info = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
            key = [c["name"] for c in sorted(info, key=lambda c: c["pk"]) if c["pk"]]
            key = key or [c["name"] for c in info]
            rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
            result[table] = {tuple(row[k] for k in key): dict(row) for row in rows}
        return result


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        return list(connection.iterdump())


def test_a_fixture_exists_for_the_first_released_schema() -> None:
    assert FIXTURES / "schema_0001.sqlite3" in RELEASED
    for fixture in RELEASED:
        revision = fixture.stem.removeprefix("schema_")
        assert revision in known_revisions(), f"{fixture.name}: unknown revision"


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_released_schema_upgrades_to_head_keeping_every_row(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "ancienne.sqlite3"
    shutil.copyfile(fixture, path)
    before = rows_by_table(path)
    revision = fixture.stem.removeprefix("schema_")
    assert before["alembic_version"] == {(revision,): {"version_num": revision}}
    assert len(before["activity"]) >= 30 and len(before["expense_line"]) >= 30

    db = open_database(path)
    try:
        after = rows_by_table(path)
        assert after["alembic_version"] == {
            (known_revisions()[-1],): {"version_num": known_revisions()[-1]}
        }
        for table, rows in before.items():
            if table == "alembic_version":
                continue
            assert set(after[table]) >= set(rows), f"{table}: rows lost"
            for key, row in rows.items():
                kept = {column: after[table][key][column] for column in row}
                assert kept == row, f"{table} {key}: values changed"
        # The models read every row back, money and distances included.
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Activity)) == len(
                before["activity"]
            )
            assert session.scalar(select(func.count()).select_from(Volunteer)) == len(
                before["volunteer"]
            )
            lines = session.scalars(select(ExpenseLine)).all()
            assert sum(line.amount or 0 for line in lines) * 100 == sum(
                r["amount"] or 0 for r in before["expense_line"].values()
            )
            names = {v.full_name for v in session.scalars(select(Volunteer))}
            assert "François Çelik" in names
    finally:
        db.close()
    if revision != known_revisions()[-1]:
        kinds = [b.kind for b in list_backups(path)]
        assert BackupKind.BEFORE_MIGRATION in kinds


BROKEN_MIGRATION = '''
"""deliberately broken migration (test)"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("activity") as batch_op:  # SQLite copies the whole table
        batch_op.add_column(sa.Column("extra", sa.String(), nullable=True))
    op.execute("UPDATE activity SET place = 'écrasé', extra = 'x'")
    op.execute("DELETE FROM activity_volunteer")
    op.execute("INSERT INTO half_done (id) VALUES (1)")
    raise RuntimeError("panne simulée au milieu de la migration")
'''


@pytest.fixture
def broken_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real migrations plus a last one that fails half way."""
    head = known_revisions()[-1]
    folder = tmp_path / "migrations"
    shutil.copytree(revisions_module.MIGRATIONS_DIR, folder)
    (folder / "versions" / "9999_broken.py").write_text(BROKEN_MIGRATION.format(down=head))
    monkeypatch.setattr(revisions_module, "MIGRATIONS_DIR", folder)
    return folder


@pytest.mark.usefixtures("broken_migrations")
def test_migration_failing_half_way_leaves_the_database_exactly_as_it_was(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pea.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", path)
    before = dump(path)

    with pytest.raises(MigrationError) as caught:
        open_database(path)

    assert dump(path) == before
    message = caught.value.message
    assert "La mise à jour de la base pea.sqlite3 a échoué" in message
    assert "panne simulée" in message and "n'a pas été modifiée" in message
    assert "\n" not in message
    # A copy was made first, and it holds the same data.
    (copy,) = [b for b in list_backups(path) if b.kind is BackupKind.BEFORE_MIGRATION]
    assert copy.detail == "0001"
    assert rows_by_table(copy.path)["activity"] == rows_by_table(path)["activity"]


@pytest.mark.usefixtures("broken_migrations")
def test_failing_migration_of_a_current_database_keeps_its_rows(db_path: Path) -> None:
    """A database at today's head, then a newer version whose first migration fails."""
    revisions_module.MIGRATIONS_DIR, real = (
        Path(revisions_module.__file__).parent / "migrations",
        revisions_module.MIGRATIONS_DIR,
    )
    open_database(db_path).close()  # created at the real head
    revisions_module.MIGRATIONS_DIR = real
    before = dump(db_path)
    with pytest.raises(MigrationError):
        open_database(db_path)
    assert dump(db_path) == before
    assert not any("half_done" in line or "_alembic_tmp" in line for line in dump(db_path))
