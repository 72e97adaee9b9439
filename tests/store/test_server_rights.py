"""Rights enforced by the server: each coordinator's login sees and changes only the rows of
their antennas, even with raw SQL; the federation's login reads no personal data; every table
is classified and every antenna table has its row-level security policy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from sqlalchemy import create_engine, text

from pea_desktop.services.claims.workflow import prepare_month
from pea_desktop.services.server.setup import add_account, initialise_server
from pea_desktop.store import server_rights
from pea_desktop.store.location import ServerAddress, parse_server_address
from pea_desktop.store.schema import metadata
from pea_desktop.store.server import open_server_database
from tests import factories
from tests.postgres_server import PostgresServer

PASSWORD = "un mot de passe solide"


def test_every_table_is_classified() -> None:
    """A new table must say whose rows it holds (and get its policy in a migration)."""
    assert server_rights.unclassified(metadata.tables) == []
    assert set(server_rights.classified()) <= set(metadata.tables)


def test_the_migration_and_the_store_classify_alike() -> None:
    from importlib import import_module

    migration = import_module("pea_desktop.store.migrations.versions.0011_server_rights")
    exchange = import_module("pea_desktop.store.migrations.versions.0013_exchange_by_antenna")
    assert set(migration.ANTENNA_ROWS) == set(server_rights.ANTENNA_TABLES)
    assert set(migration.SHARED_READ_ONLY) == set(server_rights.SHARED_READ_ONLY)
    # 0013 gave the exchange tables a policy: what stays the administrator's alone is the rest.
    assert set(exchange.EXCHANGE_ROWS) == set(server_rights.EXCHANGE_TABLES)
    assert set(migration.ADMINISTRATOR_ONLY) - set(exchange.EXCHANGE_ROWS) == set(
        server_rights.ADMINISTRATOR_ONLY
    )


@pytest.fixture
def server_base(pg_database: ServerAddress) -> ServerAddress:
    initialise_server(pg_database)
    return pg_database


def test_every_antenna_table_has_its_policy(server_base: ServerAddress) -> None:
    db = open_server_database(server_base)
    try:
        with db.engine.connect() as connection:
            found = server_rights.policies(connection)
    finally:
        db.close()
    for table in server_rights.ANTENNA_TABLES + server_rights.EXCHANGE_TABLES:
        assert found.get(table) == {server_rights.POLICY}, table
    for table in server_rights.SHARED_READ_ONLY + server_rights.ADMINISTRATOR_ONLY:
        assert table in found, table
    for table in server_rights.ADMINISTRATOR_ONLY:  # RLS on and no policy: nobody else
        assert found[table] == set(), table
    # Any table with RLS but no classification would be a forgotten decision.
    assert server_rights.unclassified(found) == []


def login_of(pg_server: PostgresServer, address: ServerAddress, suffix: str) -> str:
    return f"{address.database}_{suffix}"[:63]


@pytest.fixture
def two_antennas(
    server_base: ServerAddress, pg_server: PostgresServer
) -> Iterator[tuple[ServerAddress, dict[str, int], dict[str, str]]]:
    db = open_server_database(server_base)
    try:
        lyon = factories.antenna(db, "LYON", "Lyon")
        nice = factories.antenna(db, "NICE", "Nice")
        élodie = factories.volunteer(db, lyon.id, "Élodie", "Martin")
        marc = factories.volunteer(db, nice.id, "Marc", "Dupont")
        factories.group(db, lyon.id, [élodie])
        factories.visit(db, nice.id, [marc])
    finally:
        db.close()
    logins = {
        "lyon": login_of(pg_server, server_base, "lyon"),
        "nice": login_of(pg_server, server_base, "nice"),
        "fed": login_of(pg_server, server_base, "fed"),
    }
    add_account(server_base, logins["lyon"], PASSWORD, antennas=["lyon"])
    add_account(server_base, logins["nice"], PASSWORD, antennas=["NICE"])
    add_account(server_base, logins["fed"], PASSWORD, federation=True)
    ids = {"LYON": lyon.id, "NICE": nice.id, "élodie": élodie, "marc": marc}
    yield server_base, ids, logins
    for login in logins.values():
        pg_server.sql(f'DROP OWNED BY "{login}"', database=server_base.database)
        pg_server.sql(f'DROP ROLE IF EXISTS "{login}"')


def connect(pg_server: PostgresServer, address: ServerAddress, login: str) -> psycopg.Connection:
    return psycopg.connect(
        host=str(pg_server.socket_dir), port=pg_server.port, dbname=address.database, user=login
    )


def test_a_coordinator_reads_only_their_antenna_even_with_raw_sql(
    two_antennas: tuple[ServerAddress, dict[str, int], dict[str, str]], pg_server: PostgresServer
) -> None:
    address, ids, logins = two_antennas
    with connect(pg_server, address, logins["lyon"]) as raw:
        assert raw.execute("SELECT code FROM antenna").fetchall() == [("LYON",)]
        names = raw.execute("SELECT first_name, last_name FROM volunteer").fetchall()
        assert names == [("Élodie", "Martin")]
        kinds = raw.execute("SELECT DISTINCT antenna_id FROM activity").fetchall()
        assert kinds == [(ids["LYON"],)]
        # Asking for the other antenna's rows by their ids finds nothing either.
        assert raw.execute(
            "SELECT count(*) FROM volunteer WHERE id = %s", (ids["marc"],)
        ).fetchone() == (0,)
        assert raw.execute(
            "SELECT count(*) FROM activity_volunteer WHERE volunteer_id = %s", (ids["marc"],)
        ).fetchone() == (0,)
        # Changing or deleting them changes nothing.
        changed = raw.execute(
            "UPDATE volunteer SET last_name = 'X' WHERE id = %s", (ids["marc"],)
        ).rowcount
        deleted = raw.execute("DELETE FROM activity WHERE antenna_id = %s", (ids["NICE"],)).rowcount
        assert (changed, deleted) == (0, 0)
    with connect(pg_server, address, logins["nice"]) as raw:
        assert raw.execute("SELECT code FROM antenna").fetchall() == [("NICE",)]
        assert raw.execute("SELECT last_name FROM volunteer").fetchall() == [("Dupont",)]


def test_a_coordinator_cannot_insert_into_another_antenna(
    two_antennas: tuple[ServerAddress, dict[str, int], dict[str, str]], pg_server: PostgresServer
) -> None:
    address, ids, logins = two_antennas
    with connect(pg_server, address, logins["lyon"]) as raw:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            raw.execute(
                "INSERT INTO volunteer (uuid, created_at, updated_at, antenna_id, first_name, "
                "last_name, name_key, role, email, phone, address, postal_code, city, electric, "
                "iban, bic, active) VALUES ('u-1', now(), now(), %s, 'A', 'B', '', 'benevole', "
                "'', '', '', '', '', false, '', '', true)",
                (ids["NICE"],),
            )
        raw.rollback()
        # Moving one of their own rows to the other antenna is refused too (WITH CHECK).
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(
                "UPDATE volunteer SET antenna_id = %s WHERE id = %s", (ids["NICE"], ids["élodie"])
            )


def test_a_coordinator_reads_the_scales_but_cannot_change_them(
    two_antennas: tuple[ServerAddress, dict[str, int], dict[str, str]], pg_server: PostgresServer
) -> None:
    address, _, logins = two_antennas
    with connect(pg_server, address, logins["lyon"]) as raw:
        years = raw.execute("SELECT count(*) FROM mileage_scale").fetchone()
        assert years is not None and years[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("UPDATE mileage_scale_band SET rate = rate + 1")
        raw.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("UPDATE association SET name = 'Autre'")
        raw.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("SELECT * FROM server_account")


def test_the_federation_reads_figures_but_no_name(
    two_antennas: tuple[ServerAddress, dict[str, int], dict[str, str]], pg_server: PostgresServer
) -> None:
    address, _, logins = two_antennas
    with connect(pg_server, address, logins["fed"]) as raw:
        # Through its views: every antenna's activity...
        assert raw.execute("SELECT count(DISTINCT antenna_id) FROM activity").fetchone() == (2,)
        # ...but every personal or free text blank.
        names = raw.execute("SELECT first_name, last_name, email, iban FROM volunteer").fetchall()
        assert names == [("", "", "", "")] * 2
        texts = raw.execute("SELECT DISTINCT place, notes, reference FROM activity").fetchall()
        assert texts == [("", "", "")]
        # The tables themselves are closed to it.
        for table in ("volunteer", "activity", "antenna_key", "expense_line", "tax_receipt"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(f"SELECT * FROM public.{table}")
            raw.rollback()


def test_two_coordinators_number_claims_of_the_year_uniquely(
    two_antennas: tuple[ServerAddress, dict[str, int], dict[str, str]], pg_server: PostgresServer
) -> None:
    """Under RLS each login sees only its claims: numbers still run across antennas."""
    address, ids, logins = two_antennas
    numbers = []
    for login, who in ((logins["lyon"], "élodie"), (logins["nice"], "marc")):
        _expense(address, login, ids[who])
        db = open_server_database(parse_server_address(pg_server.url(address.database, login)))
        try:
            numbers += prepare_month(db, 2026, 3).created
        finally:
            db.close()
    assert sorted(numbers) == ["NF-2026-0001", "NF-2026-0002"]


def _expense(address: ServerAddress, login: str, volunteer_id: int) -> None:
    engine = create_engine(address.url.set(username=login))
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO expense_line (uuid, created_at, updated_at, volunteer_id, date, "
                    "kind, amount, trip_from, trip_to, description) VALUES (gen_random_uuid(), "
                    "now(), now(), :v, :d, 'transport', 1250, '', '', 'Billet')"
                ),
                {"v": volunteer_id, "d": date(2026, 3, 10)},
            )
    finally:
        engine.dispose()
