"""Issue 13, item 1: an output path never replaces the base, a backup or an input (exit 2)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.services.backups import BackupKind, make_backup
from pea_desktop.store.database import open_database
from tests.services import known_data


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def known_db(migrated_db_path: Path) -> Path:
    db = open_database(migrated_db_path)
    known_data.build(db)
    db.close()
    return migrated_db_path


def _export(db: Path, out: Path, code: str = "LYON") -> None:
    args = ["export", "federation", "--db", str(db), "--year", "2025", "--antenna", code]
    assert main([*args, "-o", str(out)]) == 0


@pytest.mark.parametrize(
    "command",
    [
        ["print", "summary", "--year", "2025"],
        ["print", "claims", "--month", "2025-03"],
        ["export", "federation", "--year", "2025", "--antenna", "LYON"],
    ],
    ids=["print-summary", "print-claims", "export-federation"],
)
def test_output_equal_to_the_base_is_refused(
    known_db: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(known_db)
    assert main([*command, "--db", str(known_db), "-o", str(known_db)]) == 2
    err = capsys.readouterr().err
    assert "Refusé" in err and "Traceback" not in err
    assert _digest(known_db) == before
    # Same file by another spelling, and the base's journal: refused too.
    other = known_db.parent / "." / known_db.name
    assert main([*command, "--db", str(known_db), "-o", str(other)]) == 2
    assert main([*command, "--db", str(known_db), "-o", f"{known_db}-wal"]) == 2
    assert _digest(known_db) == before


def test_output_onto_a_backup_or_a_hard_link_is_refused(
    known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = make_backup(known_db, BackupKind.MANUAL)
    before = _digest(backup)
    args = ["print", "summary", "--db", str(known_db), "--year", "2025"]
    assert main([*args, "-o", str(backup)]) == 2
    assert main([*args, "-o", str(backup.parent / "nouveau.pdf")]) == 2
    assert _digest(backup) == before
    link = tmp_path / "lien.pdf"
    os.link(known_db, link)
    assert main([*args, "-o", str(link)]) == 2
    assert "Refusé" in capsys.readouterr().err


def test_output_onto_another_database_or_a_folder_is_refused(
    known_db: Path, tmp_path: Path, migrated_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "autre.sqlite3"
    other.write_bytes(migrated_template.read_bytes())
    args = ["print", "summary", "--db", str(known_db), "--year", "2025"]
    assert main([*args, "-o", str(other)]) == 2
    assert "est une base de données" in capsys.readouterr().err
    assert main([*args, "-o", str(tmp_path)]) == 2
    assert "pas un fichier ordinaire" in capsys.readouterr().err


def test_consolidation_never_overwrites_its_inputs(
    known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lyon, gren = tmp_path / "lyon.json", tmp_path / "gren.json"
    _export(known_db, lyon)
    _export(known_db, gren, "GREN")
    before = _digest(lyon)
    consolidate = ["federation", "consolidate", str(lyon), str(gren)]
    assert main([*consolidate, "-o", str(lyon)]) == 2
    assert main([*consolidate, "-o", str(tmp_path / "n.pdf"), "--xlsx", str(gren)]) == 2
    same = str(tmp_path / "n.pdf")
    assert main([*consolidate, "-o", same, "--xlsx", same]) == 2
    assert main(["--db", str(known_db), *consolidate, "-o", str(known_db)]) == 2
    err = capsys.readouterr().err
    assert err.count("Refusé") == 4 and "Traceback" not in err
    assert _digest(lyon) == before
    assert not (tmp_path / "n.pdf").exists()


def test_export_xlsx_equal_to_the_json_is_refused(
    known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "lyon.json"
    args = ["export", "federation", "--db", str(known_db), "--year", "2025", "--antenna", "LYON"]
    assert main([*args, "-o", str(out), "--xlsx", str(out)]) == 2
    assert "donné deux fois" in capsys.readouterr().err
    assert not out.exists()


def test_every_save_refuses_to_overwrite_a_database(migrated_db_path: Path) -> None:
    """The windows' "Enregistrer" goes through write_bytes_atomically: a base is never replaced."""
    from pea_desktop.domain.errors import BadInputError
    from pea_desktop.services.output_files import write_bytes_atomically

    before = _digest(migrated_db_path)
    with pytest.raises(BadInputError, match="base de données"):
        write_bytes_atomically(migrated_db_path, b"%PDF-1.4")
    assert _digest(migrated_db_path) == before
