"""The installer/CI check: `pea-desktop --smoke-test` opens the window and exits."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pea_desktop.cli import main


def smoke(db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "pea_desktop", "--db", str(db), "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_smoke_test_creates_the_database_and_exits_0(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "pea.sqlite3"
    result = smoke(db)
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_smoke_test_on_a_text_file_exits_2_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    db.write_text("Ceci n'est pas une base\n", encoding="utf-8")
    result = smoke(db)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("pea-desktop")]
    assert len(lines) == 1 and "pas une base de données" in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "nothing"])
    assert exit_info.value.code == 2
    assert "erreur" in capsys.readouterr().err
