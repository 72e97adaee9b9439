"""Shared fixtures: every test gets its own data folder and a fresh database."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pea_desktop.store.database import Database, open_database
from tests.database_template import build_populated_template, build_template, copy_template


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever touches the real user data folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("PEA_DESKTOP_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty base at the head schema, built once per session (once per xdist worker)."""
    return build_template(tmp_path_factory.mktemp("template") / "template.sqlite3")


@pytest.fixture(scope="session")
def populated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The oldest-schema fixture with its representative rows, migrated once per session."""
    return build_populated_template(tmp_path_factory.mktemp("populated") / "pea.sqlite3")


@pytest.fixture
def populated_base(populated_template: Path) -> Callable[[Path], Path]:
    """``populated_base(path)`` puts a copy of the populated base at ``path`` and returns it."""
    return partial(copy_template, populated_template)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's base lives; nothing is there until ``db`` or ``migrated_db_path``."""
    return tmp_path / "pea.sqlite3"


@pytest.fixture
def migrated_db_path(db_path: Path, migrated_template: Path) -> Path:
    """A fresh migrated base at ``db_path``, closed: for tests that open it themselves."""
    return copy_template(migrated_template, db_path)


@pytest.fixture
def db(migrated_db_path: Path) -> Iterator[Database]:
    database = open_database(migrated_db_path)
    yield database
    database.close()
