import re
import shlex
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pea_desktop.cli import main
from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.store.database import open_database
from pea_desktop.store.location import ServerAddress
from pea_desktop.store.models import Activity, Antenna, ExpenseLine, Volunteer
from tests.commands.locations import open_location


def _number(text: str, pattern: str) -> int:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in {text!r}"
    return int(re.sub(r"\D", "", match.group(1)))


def test_demo_fills_a_new_database_and_says_what_it_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    code = main(["demo", "--db", str(path), "--antennas", "3", "--years", "2", "--seed", "5"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"Base de démonstration créée : {path}")
    assert "Lyon (LYON), Grenoble (GRENOBLE), Saint-Étienne (SAINT-ETIENNE)" in out
    db = open_database(path)
    with db.session() as session:
        count = session.scalar(select(func.count()).select_from(Activity))
        groups = session.scalar(select(func.count()).where(Activity.kind == ActivityKind.GROUP))
        volunteers = session.scalar(select(func.count()).select_from(Volunteer))
        expenses = session.scalar(select(func.count()).select_from(ExpenseLine))
    db.close()
    assert _number(out, r"([\d\u202f]+) activités du") == count > 400
    assert _number(out, r"([\d\u202f]+) groupes de parole") == groups
    assert _number(out, r"([\d\u202f]+) bénévoles") == volunteers
    assert _number(out, r"([\d\u202f]+) lignes de frais") == expenses
    assert f"pea-desktop --db {path}" in out


def test_demo_refuses_a_database_that_already_has_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--antennas", "1", "--years", "1"]) == 0
    capsys.readouterr()
    db = open_database(path)
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(Activity))
    db.close()

    assert main(["demo", "--db", str(path), "--antennas", "2", "--years", "1"]) == 2
    err = capsys.readouterr().err
    assert "contient déjà des données" in err
    db = open_database(path)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == before
        assert session.scalar(select(func.count()).select_from(Antenna)) == 1
    db.close()


def test_impossible_numbers_exit_2_without_creating_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--antennas", "0", "--years", "40"]) == 2
    err = capsys.readouterr().err
    assert "--antennas : entre 1 et 50" in err and "--years : entre 1 et 30" in err
    assert not path.exists()


def test_demo_on_a_server_base_names_its_address(
    pg_database: ServerAddress, capsys: pytest.CaptureFixture[str]
) -> None:
    address = pg_database.as_text()
    assert main(["demo", "--db", address, "--antennas", "1", "--years", "1", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Base de démonstration créée : {address}")
    assert f"pea-desktop --db {shlex.quote(address)}" in out  # a line to copy into a shell
    db = open_location(address)
    with db.session() as session:
        count = session.scalar(select(func.count()).select_from(Activity))
    db.close()
    assert _number(out, r"([\d\u202f]+) activités du") == count > 0
