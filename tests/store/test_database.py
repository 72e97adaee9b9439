import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.store import errors
from pea_desktop.store.database import known_revisions, open_database
from pea_desktop.store.models import Antenna, ExpenseLine, Volunteer


def test_new_database_is_owner_only_and_at_head(db_path: Path) -> None:
    db = open_database(db_path)
    db.close()
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_known_revisions_match_alembic_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from pea_desktop.store.revisions import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    walked = [rev.revision for rev in script.walk_revisions()]  # from the head down
    assert walked[::-1] == known_revisions()  # the chain's order, not the numbers'
    assert script.get_current_head() == known_revisions()[-1]


def test_money_is_stored_exactly_and_rounded_half_up(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        antenna = Antenna(code="LYON")
        volunteer = Volunteer(antenna=antenna, first_name="A", last_name="B")
        session.add(
            ExpenseLine(
                volunteer=volunteer,
                date=date(2026, 1, 5),
                kind=ExpenseKind.TOLL,
                amount=Decimal("2.345"),
            )
        )
    with db.session() as session:
        assert session.scalar(select(ExpenseLine.amount)) == Decimal("2.35")


def test_newer_schema_is_refused(migrated_db_path: Path) -> None:
    db_path = migrated_db_path
    db = open_database(db_path)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num='9999'")
    db.close()
    with pytest.raises(errors.NewerDatabaseError) as error:
        open_database(db_path)
    assert "version plus récente" in error.value.message


def test_missing_file_is_not_created_when_asked(tmp_path: Path) -> None:
    with pytest.raises(errors.DatabaseOpenError):
        open_database(tmp_path / "absent.sqlite3", create=False)
    assert not (tmp_path / "absent.sqlite3").exists()
