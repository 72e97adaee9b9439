"""``pea-desktop backup`` and ``restore``, and the one-line refusal of damaged bases."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.paths import backup_dir_for
from pea_desktop.store.backup_catalog import BackupInfo, BackupKind, list_backups
from pea_desktop.store.instance_lock import acquire_instance_lock
from tests.database_template import MakeBase
from tests.store.garbling import CASES


def manual_backup(path: Path) -> BackupInfo:
    (backup,) = [b for b in list_backups(path) if b.kind is BackupKind.MANUAL]
    return backup


def count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_backup_command_writes_an_owner_only_copy(
    populated_base: MakeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    assert main(["backup", "--db", str(path)]) == 0
    backup = manual_backup(path)
    assert backup.path.parent == backup_dir_for(path)
    assert stat.S_IMODE(os.stat(backup.path).st_mode) == 0o600
    assert count(backup.path, "activity") == count(path, "activity") == 60
    out = capsys.readouterr().out
    assert (
        str(backup.path) in out and "57 activités, 7 bénévoles" in out
    )  # rows in the bin not counted


def test_restore_command_keeps_the_replaced_base(
    populated_base: MakeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    assert main(["backup", "--db", str(path)]) == 0
    backup = manual_backup(path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DELETE FROM activity_volunteer")
        connection.execute("DELETE FROM expense_line")
        connection.execute("DELETE FROM activity")
        connection.commit()

    assert main(["restore", backup.path.name, "--db", str(path)]) == 0

    assert count(path, "activity") == 60
    (kept,) = [b for b in list_backups(path) if b.kind is BackupKind.BEFORE_RESTORE]
    assert count(kept.path, "activity") == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    out = capsys.readouterr().out
    assert f"La base remplacée a été gardée dans {kept.path}" in out


def test_restore_is_refused_while_the_window_uses_the_base(
    populated_base: MakeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    main(["backup", "--db", str(path)])
    backup = manual_backup(path)
    before = path.read_bytes()
    with acquire_instance_lock(path):
        assert main(["restore", str(backup.path), "--db", str(path)]) == 2
    assert "déjà ouverte" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    populated_base: MakeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    bad = tmp_path / "sauvegarde.sqlite3"
    bad.write_text("pas une base", encoding="utf-8")
    before = path.read_bytes()
    assert main(["restore", str(bad), "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Le fichier sauvegarde.sqlite3 contient du texte" in err
    assert path.read_bytes() == before
    assert not [b for b in list_backups(path) if b.kind is BackupKind.BEFORE_RESTORE]


def test_restore_of_an_older_backup_brings_it_up_to_date(
    populated_base: MakeBase, tmp_path: Path
) -> None:
    path = populated_base(tmp_path / "pea.sqlite3")
    old = tmp_path / "ancienne.sqlite3"
    shutil.copyfile(Path(__file__).parent.parent / "fixtures" / "schema_0001.sqlite3", old)
    assert main(["restore", str(old), "--db", str(path)]) == 0
    from pea_desktop.store.database import known_revisions

    with closing(sqlite3.connect(path)) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert revision == known_revisions()[-1]


def test_backup_of_a_missing_base_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", str(tmp_path / "absente.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "n'existe pas" in err


SMOKE_TESTS = """
import contextlib, io, json, sys
from pea_desktop.cli import main
results = []
for path in sys.argv[1:]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["--db", path, "--smoke-test"])
    results.append([status, err.getvalue()])
print(json.dumps(results))
"""


def test_smoke_test_on_damaged_bases_exits_2_with_one_line(
    populated_base: MakeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every kind of damage, through ``cli.main`` in one child process (the window's event
    loop runs there, not in the test process)."""
    pristine = populated_base(tmp_path / "pristine.sqlite3")
    paths = []
    for number, (garble, _error, _words) in enumerate(CASES.values()):
        path = tmp_path / f"cas{number}" / "pea.sqlite3"
        path.parent.mkdir()
        shutil.copyfile(pristine, path)
        garble(path, random.Random(3))
        paths.append(path)
        assert main(["backup", "--db", str(path)]) == 2  # nor can it be backed up
        assert capsys.readouterr().err.count("\n") == 1
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PEA_DESKTOP_HOME": str(tmp_path)}
    child = subprocess.run(
        [sys.executable, "-c", SMOKE_TESTS, *map(str, paths)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr
    results = json.loads(child.stdout)
    for (case, (_garble, _error, words)), (status, err) in zip(CASES.items(), results, strict=True):
        assert status == 2, case
        assert err.startswith("pea-desktop : ") and err.count("\n") == 1, (case, err)
        assert words in err, (case, err)


def test_smoke_test_subprocess_on_a_text_file(tmp_path: Path) -> None:
    """The real command, in its own process: status 2, one line, no Python traceback."""
    path = tmp_path / "notes.sqlite3"
    path.write_text("Ceci est un fichier texte.\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PEA_DESKTOP_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "pea_desktop", "--db", str(path), "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    qt_noise = "propagateSizeHints"  # the offscreen platform plugin's own warning
    lines = [line for line in result.stderr.splitlines() if line.strip() and qt_noise not in line]
    assert len(lines) == 1, result.stderr
    assert "contient du texte" in lines[0] and "Traceback" not in result.stderr
