"""Shared fixtures: every test gets its own data folder and a fresh database.

Tests of the store, the services, the reports and the commands that take ``db`` run twice: on a
SQLite file and on a base of a throwaway PostgreSQL server (tests/postgres_server.py). A test
about files only (backups, SQLCipher, journal files) says so with
``@pytest.mark.sqlite_only("why")``. Without PostgreSQL's binaries the server runs are skipped,
with the reason shown.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pea_desktop.store.database import Database, open_database
from pea_desktop.store.location import ServerAddress, parse_server_address
from pea_desktop.store.server import open_server_database
from tests import postgres_server
from tests.database_template import build_populated_template, build_template, copy_template

ENGINES = ("sqlite", "postgresql")
# Folders whose tests run on both engines when they take ``db`` (or ``database_engine``).
BOTH_ENGINES = ("store", "services", "reports", "commands")
TESTS = Path(__file__).parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): a test about SQLite files, not run on PostgreSQL"
    )
    config.addinivalue_line(
        "markers", "postgresql: needs the throwaway PostgreSQL server (skipped without it)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_engine" not in metafunc.fixturenames:
        return
    relative = Path(str(metafunc.definition.path)).relative_to(TESTS).parts
    both = relative[0] in BOTH_ENGINES and not metafunc.definition.get_closest_marker("sqlite_only")
    metafunc.parametrize("database_engine", ENGINES if both else ENGINES[:1], indirect=True)


@pytest.fixture
def database_engine(request: pytest.FixtureRequest) -> str:
    """ "sqlite" or "postgresql": the engine of the test's ``db``."""
    engine = str(getattr(request, "param", "sqlite"))
    if engine == "postgresql" and (reason := postgres_server.missing_reason()):
        pytest.skip(reason)
    return engine


@pytest.fixture(scope="session")
def pg_server() -> Iterator[postgres_server.PostgresServer]:
    """One throwaway PostgreSQL server per test worker, stopped at the end."""
    if reason := postgres_server.missing_reason():
        pytest.skip(reason)
    server = postgres_server.start_server()
    try:
        yield server
    finally:
        postgres_server.remove_server(server)


@pytest.fixture(scope="session")
def pg_template(pg_server: postgres_server.PostgresServer) -> str:
    """A server base migrated to head once per worker; each test's base is copied from it."""
    name = pg_server.create_database("pea_template")
    open_server_database(parse_server_address(pg_server.url(name))).close()
    return name


@pytest.fixture
def pg_database(
    pg_server: postgres_server.PostgresServer, pg_template: str
) -> Iterator[ServerAddress]:
    """A fresh migrated base on the test server (as its administrator), dropped afterwards."""
    name = pg_server.create_database(pg_server.new_database_name(), template=pg_template)
    try:
        yield parse_server_address(pg_server.url(name))
    finally:
        pg_server.drop_database(name)


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
def db(database_engine: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    if database_engine == "postgresql":
        address: ServerAddress = request.getfixturevalue("pg_database")
        database = open_server_database(address)
    else:
        database = open_database(request.getfixturevalue("migrated_db_path"))
    yield database
    database.close()
