"""``pea-desktop server init`` and ``server account add|list|remove`` against a test server."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from pea_desktop.cli import main
from pea_desktop.store.location import ServerAddress
from tests.postgres_server import PostgresServer


@pytest.fixture
def base(pg_database: ServerAddress, pg_server: PostgresServer) -> Iterator[str]:
    url = pg_server.url(pg_database.database)
    yield url
    with psycopg.connect(
        host=str(pg_server.socket_dir),
        port=pg_server.port,
        dbname="postgres",
        user="pea_test_admin",
    ) as connection:
        logins = connection.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (pg_database.database + "%",)
        ).fetchall()
    for (login,) in logins:
        pg_server.sql(f'DROP OWNED BY "{login}"', database=pg_database.database)
        pg_server.sql(f'DROP ROLE "{login}"')


def test_init_twice_is_harmless(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["server", "init", "--db", base]) == 0
    first = capsys.readouterr().out
    assert "prête pour PEA Desktop" in first
    assert main(["server", "init", "--db", base]) == 0
    assert "prête pour PEA Desktop" in capsys.readouterr().out


def test_accounts_are_added_listed_and_removed(
    base: str,
    pg_database: ServerAddress,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login = f"{pg_database.database}_lyon"
    assert main(["server", "init", "--db", base]) == 0
    monkeypatch.setenv("PEA_DESKTOP_ACCOUNT_PASSWORD", "mot de passe du compte")
    code = main(
        [
            "server",
            "account",
            "add",
            login,
            "--antenna",
            "lyon",
            "--antenna",
            "VIENNE",
            "--db",
            base,
        ]
    )
    assert code == 0
    assert "2 antennes (LYON, VIENNE)" in capsys.readouterr().out
    assert (
        main(
            [
                "server",
                "account",
                "add",
                f"{pg_database.database}_fed",
                "--federation",
                "--db",
                base,
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["server", "account", "list", "--db", base]) == 0
    listed = capsys.readouterr().out
    assert f"{login} : antennes LYON, VIENNE" in listed
    assert f"{pg_database.database}_fed : fédération" in listed
    # The same login twice is refused, in French, with exit 2.
    assert main(["server", "account", "add", login, "--antenna", "LYON", "--db", base]) == 2
    assert "existe déjà" in capsys.readouterr().err
    assert main(["server", "account", "remove", login, "--yes", "--db", base]) == 0
    assert f"Compte {login} supprimé" in capsys.readouterr().out
    main(["server", "account", "list", "--db", base])
    assert login + " :" not in capsys.readouterr().out


def test_bad_input_is_refused_with_exit_2(
    base: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("PEA_DESKTOP_ACCOUNT_PASSWORD", "mot de passe du compte")
    assert main(["server", "init", "--db", str(tmp_path / "pea.sqlite3")]) == 2
    assert "est un fichier" in capsys.readouterr().err
    assert main(["server", "account", "add", "Bad Login!", "--antenna", "LYON", "--db", base]) == 2
    assert "Identifiant « Bad Login! » refusé" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:  # argparse: one of --antenna / --federation
        main(["server", "account", "add", "x", "--antenna", "A", "--federation", "--db", base])
    assert exited.value.code == 2
    capsys.readouterr()
    # No password in the environment and no terminal: refused, nothing created.
    monkeypatch.delenv("PEA_DESKTOP_ACCOUNT_PASSWORD")
    assert main(["server", "init", "--db", base]) == 0
    assert main(["server", "account", "add", "someone", "--antenna", "LYON", "--db", base]) == 2
    assert "PEA_DESKTOP_ACCOUNT_PASSWORD" in capsys.readouterr().err
    # A password in the address is refused before anything is done.
    with_password = base.replace("pea_test_admin@", "pea_test_admin:secret@")
    assert main(["server", "init", "--db", with_password]) == 2
    assert "mot de passe ne doit pas figurer" in capsys.readouterr().err
