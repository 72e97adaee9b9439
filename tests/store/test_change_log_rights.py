"""The audit trail on a server: each login writes in its own name and reads no line (the lines
are about every antenna's rows); the data stamp lists poll still works for it."""

from __future__ import annotations

from dataclasses import replace

import psycopg
import pytest

from pea_desktop.services import concurrency
from pea_desktop.services.activities.records import load_activity, save_activity
from pea_desktop.services.server.setup import add_account, initialise_server
from pea_desktop.store.location import ServerAddress
from pea_desktop.store.models import Activity
from pea_desktop.store.server import open_server_database
from tests import factories
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.postgresql


def test_a_coordinator_logs_in_their_own_name_and_reads_no_line(
    pg_database: ServerAddress, pg_server: PostgresServer
) -> None:
    initialise_server(pg_database)
    admin = open_server_database(pg_database)
    try:
        lyon = factories.antenna(admin, "LYON", "Lyon")
        activity = factories.group(admin, lyon.id, [factories.volunteer(admin, lyon.id)])
    finally:
        admin.close()
    login = f"{pg_database.database}_lyon"[:63]
    add_account(pg_database, login, "un mot de passe solide", antennas=["LYON"])
    try:
        coordinator = open_server_database(
            ServerAddress(pg_database.url.set(username=login)), create=False
        )
        try:
            before = concurrency.data_stamp(coordinator)
            draft = load_activity(coordinator, activity)
            save_activity(coordinator, replace(draft, place="Salle B"), factories.TODAY)
            assert concurrency.data_stamp(coordinator) > before
            last = concurrency.last_change(coordinator, Activity, activity)
            assert last is not None and last.actor == login
        finally:
            coordinator.close()
        with psycopg.connect(
            host=str(pg_server.socket_dir),
            port=pg_server.port,
            dbname=pg_database.database,
            user=login,
        ) as raw:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute("SELECT count(*) FROM change_log")
            raw.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(
                    "INSERT INTO change_log (at, actor, table_name, row_uuid, action, summary) "
                    "VALUES (now(), 'quelqu_un_d_autre', 'activity', '', 'updated', '')"
                )
    finally:
        pg_server.sql(f'DROP OWNED BY "{login}"', database=pg_database.database)
        pg_server.sql(f'DROP ROLE IF EXISTS "{login}"')
    admin = open_server_database(pg_database)
    try:
        lines = concurrency.history(admin, limit=1)
    finally:
        admin.close()
    assert (lines[0].actor, lines[0].action) == (login, "modification")
