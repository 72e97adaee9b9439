"""`pea-desktop encrypt`: passphrase from the environment or a prompt, never an argument."""

from __future__ import annotations

import getpass
import io
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.store import cipher
from tests.services.test_encryption import holds_marker, plant_marker

PASSPHRASE = "une phrase assez longue"


@pytest.fixture(autouse=True)
def fresh_process() -> None:
    cipher._passphrases.clear()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_encrypt_from_the_environment_then_every_command_uses_it(
    migrated_db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plant_marker(migrated_db_path)
    monkeypatch.setenv("PEA_DESKTOP_PASSPHRASE", PASSPHRASE)
    assert main(["encrypt", "--db", str(migrated_db_path)]) == 0
    assert "est chiffrée" in capsys.readouterr().out
    assert not holds_marker(migrated_db_path)
    cipher._passphrases.clear()
    assert main(["backup", "--db", str(migrated_db_path)]) == 0
    assert "Sauvegarde enregistrée" in capsys.readouterr().out
    cipher._passphrases.clear()
    monkeypatch.setenv("PEA_DESKTOP_PASSPHRASE", "pas la bonne phrase")
    out = tmp_path / "bilan.pdf"
    args = ["print", "summary", "--db", str(migrated_db_path), "--year", "2026", "-o", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Phrase secrète incorrecte" in err and "endommagée" not in err
    assert not out.exists()


def test_no_passphrase_without_terminal_or_variable(
    migrated_db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PEA_DESKTOP_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["encrypt", "--db", str(migrated_db_path)]) == 2
    assert "PEA_DESKTOP_PASSPHRASE" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # there is no option to pass it
        main(["encrypt", "--db", str(migrated_db_path), "--passphrase", PASSPHRASE])
    assert refused.value.code == 2


def test_prompted_passphrase_and_change(
    migrated_db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PEA_DESKTOP_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", Terminal())
    answers = iter([PASSPHRASE, "une autre saisie !!"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert main(["encrypt", "--db", str(migrated_db_path)]) == 2
    assert "diffèrent" in capsys.readouterr().err
    answers = iter([PASSPHRASE, PASSPHRASE])
    assert main(["encrypt", "--db", str(migrated_db_path)]) == 0
    cipher._passphrases.clear()
    answers = iter([PASSPHRASE, "nouvelle phrase longue", "nouvelle phrase longue"])
    assert main(["encrypt", "--change", "--db", str(migrated_db_path)]) == 0
    assert "changée" in capsys.readouterr().out
    cipher._passphrases.clear()
    monkeypatch.setenv("PEA_DESKTOP_PASSPHRASE", "nouvelle phrase longue")
    assert main(["backup", "--db", str(migrated_db_path)]) == 0
