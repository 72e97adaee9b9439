"""Command tests on both engines: ``base_location`` is the ``--db`` text of a fresh migrated
base, a SQLite file or a base on the throwaway PostgreSQL server (``database_engine`` is
parametrized by tests/conftest.py); ``tests.commands.locations.open_location`` opens it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.database_template import copy_template


@pytest.fixture
def base_location(
    database_engine: str, request: pytest.FixtureRequest, tmp_path: Path, migrated_template: Path
) -> str:
    if database_engine == "postgresql":
        return str(request.getfixturevalue("pg_database").as_text())
    return str(copy_template(migrated_template, tmp_path / "antenne.sqlite3"))
