"""``--db postgresql://…``: where the password comes from (never the command line), and the
French messages for a refused password, an address holding one, a server that does not answer,
and the commands that only make sense for a file."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.store import server as server_module
from pea_desktop.store.location import ServerAddress
from tests import postgres_server

PREVIEW = ["retention", "preview"]


@pytest.fixture
def tcp_address(
    pg_database: ServerAddress,
    pg_server: postgres_server.PostgresServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """The test base over TCP, where the server checks passwords; no password anywhere yet."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "aucun-pgpass"))
    monkeypatch.setattr(server_module, "_PASSWORDS", {})  # none typed earlier in this process
    return pg_server.url(pg_database.database, tcp=True)


class Terminal:
    """stdin is a terminal; getpass answers ``answers`` in turn and counts the questions."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *answers: str) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        monkeypatch.setattr("sys.stdin.isatty", lambda: True)
        monkeypatch.setattr("getpass.getpass", self.getpass)

    def getpass(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


def test_the_password_is_asked_at_the_terminal_once(
    tcp_address: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = Terminal(monkeypatch, postgres_server.ADMIN_PASSWORD)
    assert main([*PREVIEW, "--db", tcp_address]) == 0
    assert len(terminal.prompts) == 1
    assert f"{postgres_server.ADMIN}@127.0.0.1" in terminal.prompts[0]
    assert postgres_server.ADMIN_PASSWORD not in capsys.readouterr().out


def test_a_wrong_password_is_refused_in_french(
    tcp_address: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = Terminal(monkeypatch, "pas-le-bon")
    assert main([*PREVIEW, "--db", tcp_address]) == 2
    err = capsys.readouterr().err
    assert "Mot de passe refusé par le serveur" in err and "pas-le-bon" not in err
    assert len(terminal.prompts) == 1  # asked once, not again and again


def test_pgpassword_and_pgpassfile_need_no_prompt(
    tcp_address: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    terminal = Terminal(monkeypatch)  # any question would fail: no answer prepared
    monkeypatch.setenv("PGPASSWORD", postgres_server.ADMIN_PASSWORD)
    assert main([*PREVIEW, "--db", tcp_address]) == 0
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:*:*:{postgres_server.ADMIN}:{postgres_server.ADMIN_PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert main(["--db", tcp_address, *PREVIEW]) == 0
    assert terminal.prompts == []
    capsys.readouterr()


def test_without_a_terminal_the_missing_password_says_where_to_put_it(
    tcp_address: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main([*PREVIEW, "--db", tcp_address]) == 2
    err = capsys.readouterr().err
    assert "demande le mot de passe" in err and "PGPASSWORD" in err and "PGPASSFILE" in err


def test_a_password_in_the_address_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    address = "postgresql://coord:secret123@serveur.example:5432/pea"
    assert main([*PREVIEW, "--db", address]) == 2
    err = capsys.readouterr().err
    assert "Le mot de passe ne doit pas figurer dans l'adresse" in err
    assert "secret123" not in err
    assert main(["--db", address, *PREVIEW]) == 2  # before the command too
    assert "secret123" not in capsys.readouterr().err


def test_an_unreachable_server_is_named_with_its_port(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PGPASSWORD", "x")
    assert main([*PREVIEW, "--db", f"postgresql://coord@127.0.0.1:{port}/pea"]) == 2
    err = capsys.readouterr().err
    assert f"Le serveur 127.0.0.1 (port {port}) ne répond pas" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [["backup"], ["restore", "pea-2026-01-01.sqlite3"], ["repair"], ["encrypt"]],
    ids=["backup", "restore", "repair", "encrypt"],
)
def test_file_only_commands_point_to_pg_dump(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--db", "postgresql://coord@serveur.example:5432/pea"]) == 2
    err = capsys.readouterr().err
    assert f"« pea-desktop {argv[0]} » concerne une base en fichier" in err
    assert "coord@serveur.example:5432/pea" in err and "pg_dump" in err


def test_a_server_and_a_file_given_together_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(
            [
                "--db",
                "postgresql://coord@serveur.example/pea",
                *PREVIEW,
                "--db",
                str(tmp_path / "pea.sqlite3"),
            ]
        )
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--db donné deux fois avec deux bases différentes" in err
    assert "(coord@serveur.example:5432/pea et " in err
