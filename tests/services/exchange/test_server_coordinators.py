"""The exchange on a server base with coordinators' logins (not the administrator): each
antenna's coordination exchanges with its own volunteers' laptops, sees no other antenna's
laptops, and a package from another antenna's volunteer is refused, in French, changing nothing.
The volunteers' laptops are SQLite files (a laptop works offline)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.exchange import invitations, peers
from pea_desktop.services.server.setup import add_account, initialise_server
from pea_desktop.store.location import ServerAddress, parse_server_address
from pea_desktop.store.server import open_server_database
from tests.postgres_server import ADMIN, PostgresServer
from tests.services.exchange import world
from tests.services.exchange.world import Laptop

pytestmark = pytest.mark.postgresql
PASSWORD = "un mot de passe solide"


@dataclass
class Server:
    address: ServerAddress
    lyon: Laptop  # LYON's coordinator's login
    grenoble: Laptop  # GREN's coordinator's login
    logins: dict[str, str]


@pytest.fixture
def server(
    pg_server: PostgresServer, pg_database: ServerAddress, tmp_path: Path, migrated_template: Path
) -> Iterator[Server]:
    initialise_server(pg_database)
    administrator = open_server_database(pg_database)
    (tmp_path / "admin").mkdir()
    # Antennas LYON (Alice, Bruno) and GREN (Chloé), created by the administrator.
    world.coordinator(tmp_path / "admin", migrated_template, administrator)
    administrator.close()
    logins = {code: f"{pg_database.database}_{code.lower()}"[:63] for code in ("LYON", "GREN")}
    for code, login in logins.items():
        add_account(pg_database, login, PASSWORD, antennas=[code])
    laptops = {}
    for code, login in logins.items():
        db = open_server_database(parse_server_address(pg_server.url(pg_database.database, login)))
        folder = tmp_path / f"coordination-{code.lower()}"
        folder.mkdir()
        laptops[code] = Laptop(code, db, folder)
    yield Server(pg_database, laptops["LYON"], laptops["GREN"], logins)
    for lap in laptops.values():
        lap.db.close()
    for login in logins.values():
        pg_server.sql(f'DROP OWNED BY "{login}"', database=pg_database.database)
        pg_server.sql(f'DROP ROLE IF EXISTS "{login}"')


def join(coord: Laptop, tmp_path: Path, template: Path, full_name: str, antenna: str) -> Laptop:
    invitation = invitations.invite(coord.db, full_name, antenna)
    path = coord.folder / f"invitation-{full_name.split()[0]}.pea"
    path.write_bytes(invitation.data)
    volunteer = world.laptop(tmp_path, template, full_name.split()[0].lower())
    invitations.join(volunteer.db, path, invitation.code)
    return volunteer


def count(pg_server: PostgresServer, address: ServerAddress, login: str, table: str) -> int:
    with psycopg.connect(
        host=str(pg_server.socket_dir), port=pg_server.port, dbname=address.database, user=login
    ) as raw:
        found = raw.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert found is not None
    return int(found[0])


def test_a_coordinator_exchanges_with_their_antennas_laptops_only(
    server: Server, pg_server: PostgresServer, tmp_path: Path, migrated_template: Path
) -> None:
    lyon, grenoble = server.lyon, server.grenoble
    alice = join(lyon, tmp_path, migrated_template, "Alice Bérard", "LYON")
    chloé = join(grenoble, tmp_path, migrated_template, "Chloé Faure", "GREN")
    try:
        # Lyon's coordinator cannot even name Grenoble's volunteer.
        with pytest.raises(BadInputError, match="Aucun bénévole ne s'appelle « Chloé Faure »"):
            invitations.invite(lyon.db, "Chloé Faure", "GREN")

        world.log_group(alice, "Alice", place="Maison des associations", km="12")
        got = lyon.receive(alice.send())
        assert got.sender == "Alice Bérard"
        assert got.counts.new == {"activity": 1, "expense": 1, "receipt": 0}
        with lyon.db.session() as s:
            places = s.execute(text("SELECT place FROM activity")).scalars().all()
        assert places == ["Maison des associations"]

        # A package of Grenoble's volunteer: refused, in French, and nothing written.
        world.log_group(chloé, "Chloé", place="Salle de Grenoble", km="3")
        package = chloé.send()
        before = count(pg_server, server.address, ADMIN, "exchange_received")
        with pytest.raises(BadInputError) as refused:
            lyon.receive(package)
        message = str(refused.value)
        assert "refusé" in message and "autre antenne" in message
        assert "Rien n'a été modifié" in message
        assert count(pg_server, server.address, ADMIN, "exchange_received") == before
        assert count(pg_server, server.address, ADMIN, "exchange_peer") == 1
        # Grenoble's coordinator takes it.
        assert grenoble.receive(package).counts.new["activity"] == 1

        # Each login sees its own antenna's laptops, identity and revisions, even with raw SQL.
        for code, name in (("LYON", "Alice Bérard"), ("GREN", "Chloé Faure")):
            login = server.logins[code]
            assert count(pg_server, server.address, login, "exchange_peer") == 1
            assert count(pg_server, server.address, login, "exchange_laptop") == 1
            assert count(pg_server, server.address, login, "exchange_record_state") == 2
            listed = peers.list_peers((lyon if code == "LYON" else grenoble).db)
            assert [peer.volunteer for peer in listed] == [name]
        assert count(pg_server, server.address, ADMIN, "exchange_laptop") == 2

        # Back to Alice: her claim states and reference data, from her antenna only.
        reply = lyon.send("Alice Bérard")
        assert alice.receive(reply).seq == 1
        with alice.db.session() as s:
            codes = s.execute(text("SELECT code FROM antenna")).scalars().all()
        assert codes == ["LYON"]

        assert peers.revoke(lyon.db, "Alice Bérard") == 1
        world.log_group(alice, "Alice", place="Après la révocation")
        with pytest.raises(BadInputError, match="révoqué"):
            lyon.receive(alice.send())
    finally:
        alice.db.close()
        chloé.db.close()
