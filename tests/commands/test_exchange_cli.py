"""``pea-desktop exchange`` on real files: invite, join, send, receive (twice), revoke."""

from __future__ import annotations

from pathlib import Path

import pytest

from pea_desktop.cli import main
from tests.commands.locations import open_location
from tests.services.exchange import world


def test_the_exchange_commands_on_real_files(
    tmp_path: Path, migrated_template: Path, base_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The coordination's base is a file or a server base; the volunteer's laptop a file."""
    coord = world.coordinator(tmp_path, migrated_template, open_location(base_location))
    coord.db.close()
    base, invitation = base_location, str(tmp_path / "invitation.pea")
    assert main(["exchange", "invite", "--db", base, "--antenna", "LYON",
                 "--volunteer", "Alice Bérard", "-o", invitation]) == 0  # fmt: skip
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("Code d'invitation : ")
    code = last.removeprefix("Code d'invitation : ")
    (tmp_path / "alice").mkdir()
    alice = str(tmp_path / "alice" / "pea.sqlite3")
    assert main(["exchange", "join", invitation, "--code", "AAAA-BBBB-CCCC", "--db", alice]) == 2
    assert "Code d'invitation incorrect" in capsys.readouterr().err
    assert main(["exchange", "join", invitation, "--code", code, "--db", alice]) == 0
    assert "a rejoint l'antenne" in capsys.readouterr().out
    sent = str(tmp_path / "envoi.pea")
    assert main(["exchange", "send", "--db", alice, "-o", sent]) == 0
    assert main(["exchange", "receive", sent, "--db", base]) == 0
    assert "Alice Bérard" in capsys.readouterr().out
    assert main(["exchange", "receive", sent, "--db", base]) == 2
    assert "déjà été reçu" in capsys.readouterr().err
    back = str(tmp_path / "retour.pea")
    assert main(["exchange", "send", "--db", base, "-o", back]) == 2  # --volunteer needed
    assert main(["exchange", "send", "--db", base, "--volunteer", "Alice Bérard", "-o", base]) == 2
    # The base itself as the output: a file is protected, a server address is not a file.
    on_server = base.startswith("postgresql://")
    assert ("pas un fichier" if on_server else "Choisissez un autre nom") in capsys.readouterr().err
    assert main(["exchange", "send", "--db", base, "--volunteer", "Alice Bérard", "-o", back]) == 0
    assert main(["exchange", "receive", back, "--db", alice]) == 0
    assert main(["exchange", "revoke", "--db", base, "--volunteer", "Alice Bérard"]) == 0
    assert main(["exchange", "send", "--db", alice, "-o", sent + "2"]) == 0
    capsys.readouterr()
    assert main(["exchange", "receive", sent + "2", "--db", base]) == 2
    assert "révoqué" in capsys.readouterr().err
