"""`retention preview|purge|set` and `volunteer export-data|erase` from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pea_desktop.cli import main
from tests import factories
from tests.commands.locations import open_location


@pytest.fixture
def base(base_location: str) -> str:
    db = open_location(base_location)
    lyon = factories.antenna(db)
    helper = factories.volunteer(db, lyon.id, first="Élodie", last="Martin")
    factories.visit(db, lyon.id, [helper], date=date(2020, 3, 2), reference="V-2020-007")
    db.close()
    return base_location


def test_purge_needs_yes_and_backs_up_first(
    base: str, database_engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["retention", "purge", "--db", base]) == 0
    out = capsys.readouterr().out
    assert "perdront 1 référence(s)" in out and "--yes" in out
    assert main(["retention", "purge", "--db", base, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "1 référence(s) de visite" in out
    if database_engine == "postgresql":  # no file copy: the administrator's pg_dump
        assert "pg_dump" in out and "avant-purge" not in out
    else:
        assert "avant-purge" in out
    assert main(["retention", "preview", "--db", base, "--antenna", "LYON"]) == 0
    assert "rien à purger" in capsys.readouterr().out
    assert main(["retention", "set", "--db", base, "--antenna", "lyon", "--years", "11"]) == 2
    assert "entre 1 et 10" in capsys.readouterr().err


def test_volunteer_export_then_erase(
    base: str, database_engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "elodie.json"
    args = ["volunteer", "export-data", "--db", base, "--volunteer", "Élodie Martin"]
    assert main([*args, "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["identity"]["last_name"] == "Martin"
    if database_engine == "sqlite":
        assert main([*args, "-o", base]) == 2  # never over the base
    erase = ["volunteer", "erase", "--db", base, "--volunteer", "elodie martin"]
    assert main(erase) == 0
    assert "--yes" in capsys.readouterr().out
    assert main([*erase, "--yes"]) == 0
    assert "Effacé" in capsys.readouterr().out
    assert main(erase) == 2  # she is anonymous now
