"""`retention preview|purge|set` and `volunteer export-data|erase` from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.store.database import open_database
from tests import factories


@pytest.fixture
def base(migrated_db_path: Path) -> Path:
    db = open_database(migrated_db_path)
    lyon = factories.antenna(db)
    helper = factories.volunteer(db, lyon.id, first="Élodie", last="Martin")
    factories.visit(db, lyon.id, [helper], date=date(2020, 3, 2), reference="V-2020-007")
    db.close()
    return migrated_db_path


def test_purge_needs_yes_and_backs_up_first(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retention", "purge", "--db", str(base)]) == 0
    out = capsys.readouterr().out
    assert "perdront 1 référence(s)" in out and "--yes" in out
    assert main(["retention", "purge", "--db", str(base), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "1 référence(s) de visite" in out and "avant-purge" in out
    assert main(["retention", "preview", "--db", str(base), "--antenna", "LYON"]) == 0
    assert "rien à purger" in capsys.readouterr().out
    assert main(["retention", "set", "--db", str(base), "--antenna", "lyon", "--years", "11"]) == 2
    assert "entre 1 et 10" in capsys.readouterr().err


def test_volunteer_export_then_erase(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "elodie.json"
    args = ["volunteer", "export-data", "--db", str(base), "--volunteer", "Élodie Martin"]
    assert main([*args, "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["identity"]["last_name"] == "Martin"
    assert main([*args, "-o", str(base)]) == 2  # never over the base
    erase = ["volunteer", "erase", "--db", str(base), "--volunteer", "elodie martin"]
    assert main(erase) == 0
    assert "--yes" in capsys.readouterr().out
    assert main([*erase, "--yes"]) == 0
    assert "Effacé" in capsys.readouterr().out
    assert main(erase) == 2  # she is anonymous now
