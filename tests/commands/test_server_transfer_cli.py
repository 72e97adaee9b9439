"""``pea-desktop server import`` / ``server export`` against the throwaway server."""

from __future__ import annotations

from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.services.encryption import encrypt_database
from pea_desktop.store.database import open_database
from pea_desktop.store.location import ServerAddress
from tests import factories
from tests.database_template import copy_template

pytestmark = pytest.mark.postgresql
PASSPHRASE = "une phrase secrète assez longue"


def _laptop(folder: Path, template: Path) -> Path:
    path = copy_template(template, folder / "portable.sqlite3")
    db = open_database(path)
    try:
        lyon = factories.antenna(db)
        volunteer = factories.volunteer(db, lyon.id)
        factories.group(db, lyon.id, [volunteer])
        factories.visit(db, lyon.id, [volunteer])
    finally:
        db.close()
    return path


def test_import_then_export_from_the_command_line(
    tmp_path: Path,
    migrated_template: Path,
    pg_database: ServerAddress,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop = _laptop(tmp_path, migrated_template)
    encrypt_database(laptop, PASSPHRASE)
    server = pg_database.as_text()
    monkeypatch.setenv("PEA_DESKTOP_PASSPHRASE", PASSPHRASE)
    assert main(["server", "import", str(laptop), "--db", server]) == 0
    out = capsys.readouterr().out
    assert "Activités : 2 ajouts." in out and "Bénévoles : 1 ajout." in out
    assert main(["server", "import", str(laptop), "--db", server]) == 0
    assert "déjà à jour" in capsys.readouterr().out

    output = tmp_path / "hors-ligne.sqlite3"
    assert main(["server", "export", "--db", server, "--antenna", "NANTES", "-o", str(output)]) == 2
    assert "Antenne inconnue" in capsys.readouterr().err and not output.exists()
    assert main(["server", "export", "--db", server, "--antenna", "lyon", "-o", str(output)]) == 0
    assert "Activités : 2 ajouts." in capsys.readouterr().out
    copy = open_database(output, create=False)
    copy.close()
    assert main(["server", "export", "--db", server, "--antenna", "LYON", "-o", str(output)]) == 2
    assert "existe déjà" in capsys.readouterr().err


def test_import_into_a_file_is_refused(
    tmp_path: Path, migrated_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = _laptop(tmp_path, migrated_template)
    other = copy_template(migrated_template, tmp_path / "autre.sqlite3")
    assert main(["server", "import", str(laptop), "--db", str(other)]) == 2
    assert "serveur PostgreSQL" in capsys.readouterr().err
