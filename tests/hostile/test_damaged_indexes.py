"""Issue 13, item 4: a damaged index is caught before a backup, a restore and an export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.paths import backup_dir_for
from pea_desktop.store.database import open_database
from tests.hostile.damage import empty_indexes
from tests.services import known_data


@pytest.fixture
def broken(migrated_db_path: Path) -> Path:
    db = open_database(migrated_db_path)
    known_data.build(db)
    db.close()
    empty_indexes(migrated_db_path)
    return migrated_db_path


def test_outputs_and_backups_refuse_a_base_with_damaged_indexes(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(broken)]
    pdf, json_file = tmp_path / "bilan.pdf", tmp_path / "lyon.json"
    assert main(["print", "summary", *db, "--year", "2025", "-o", str(pdf)]) == 2
    assert main(["print", "claims", *db, "--month", "2025-03", "-o", str(pdf)]) == 2
    export = ["export", "federation", *db, "--year", "2025", "--antenna", "LYON"]
    assert main([*export, "-o", str(json_file)]) == 2
    assert main(["backup", *db]) == 2
    err = capsys.readouterr().err
    assert err.count("a des index endommagés") == 4, err
    assert "pea-desktop repair --db" in err and "Traceback" not in err
    assert not pdf.exists() and not json_file.exists()
    assert not list(backup_dir_for(broken).glob("*manuelle*"))


def test_a_backup_with_damaged_indexes_is_not_restored(
    broken: Path, migrated_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copie.sqlite3"
    shutil.copyfile(broken, copy)
    target = tmp_path / "autre" / "pea.sqlite3"
    target.parent.mkdir()
    shutil.copyfile(migrated_template, target)
    before = target.read_bytes()
    assert main(["restore", str(copy), "--db", str(target)]) == 2
    assert "est endommagée" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_repair_rebuilds_the_indexes_after_a_backup(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["repair", "--db", str(broken)]) == 0
    out = capsys.readouterr().out
    assert "Index de la base" in out and "avant-reparation" in out
    assert list(backup_dir_for(broken).glob("*-avant-reparation.sqlite3"))
    pdf = tmp_path / "bilan.pdf"
    args = ["print", "summary", "--db", str(broken), "--year", "2025", "--antenna", "LYON"]
    assert main([*args, "-o", str(pdf)]) == 0
    assert "(8 activités" in capsys.readouterr().out  # the hand-counted figure, not 0
    assert main(["repair", "--db", str(broken)]) == 0
    assert "rien à réparer" in capsys.readouterr().out
