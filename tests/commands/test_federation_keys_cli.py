"""`federation consolidate --register`, `federation keys` and `federation accept-key`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.domain.federation_format import seal
from pea_desktop.services import keys
from pea_desktop.services.federation.export import to_json
from pea_desktop.services.federation.signatures import sign_document
from tests.commands.locations import open_location
from tests.services import known_data


@pytest.fixture
def lyon_export(base_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = open_location(base_location)
    known_data.build(db)
    db.close()
    target = tmp_path / "lyon.json"
    args = ["export", "federation", "--db", base_location, "--year", "2025"]
    assert main([*args, "--antenna", "LYON", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Signé avec la clé de l'antenne, empreinte " in out
    return target


def test_first_use_registers_then_a_new_key_waits_for_acceptance(
    lyon_export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = tmp_path / "cles.json"
    pdf = tmp_path / "bilan.pdf"
    consolidate = ["federation", "consolidate", "--register", str(register), "-o", str(pdf)]
    assert main([*consolidate, str(lyon_export)]) == 0
    err = capsys.readouterr().err
    assert "clé de l'antenne enregistrée (première réception), empreinte" in err
    saved = json.loads(register.read_text(encoding="utf-8"))
    fingerprint = saved["antennas"]["LYON"]["fingerprint"]
    assert main(["federation", "keys", "--register", str(register)]) == 0
    assert f"LYON (Lyon Métropole) : empreinte {fingerprint}" in capsys.readouterr().out

    new_key = keys.SigningKey.generate()
    document = json.loads(lyon_export.read_text(encoding="utf-8"))
    rekeyed = tmp_path / "lyon_nouvelle_cle.json"
    rekeyed.write_text(to_json(sign_document(seal(document), new_key)), encoding="utf-8")
    pdf.unlink()
    assert main([*consolidate, str(rekeyed)]) == 2  # nothing valid: no report
    assert "autre clé" in capsys.readouterr().err
    assert not pdf.exists()
    assert main(["federation", "keys", "--register", str(register)]) == 0
    assert f"nouvelle clé en attente : empreinte {new_key.fingerprint}" in capsys.readouterr().out

    accept = ["federation", "accept-key", "--register", str(register), "LYON"]
    assert main([*accept, "AAAA BBBB"]) == 2
    assert "n'est pas celle de la nouvelle clé" in capsys.readouterr().err
    assert main([*accept, new_key.fingerprint]) == 0
    assert "acceptée" in capsys.readouterr().out
    assert main([*consolidate, str(rekeyed)]) == 0
    assert pdf.exists()


def test_default_register_lives_in_the_data_folder(
    lyon_export: Path, tmp_path: Path, isolated_home: Path
) -> None:
    pdf = tmp_path / "bilan.pdf"
    assert main(["federation", "consolidate", str(lyon_export), "-o", str(pdf)]) == 0
    assert (
        "LYON" in json.loads((isolated_home / "cles-antennes.json").read_text("utf-8"))["antennas"]
    )
