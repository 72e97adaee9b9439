"""Issue 13, items 8 and 9: special files, huge files and cells, mixed encodings."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from pea_desktop.cli import main
from tests.services.import_helpers import ACTIVITY_HEADER

LINE = "groupe;12/03/2025;LYON;Marie Dupont;1h30;{place};9;2;1;;;;;;;;;"


def _import(path: Path, db: Path) -> int:
    """Run the import in a thread: a file that blocks must fail the test, not hang it."""
    box: list[int] = []
    worker = threading.Thread(
        target=lambda: box.append(main(["import", "activities", str(path), "--db", str(db)])),
        daemon=True,
    )
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "l'import est resté bloqué"
    return box[0]


def test_a_pipe_a_device_and_a_folder_are_refused_at_once(
    tmp_path: Path, migrated_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "tube.csv"
    os.mkfifo(fifo)
    folder = tmp_path / "dossier.csv"
    folder.mkdir()
    for path, kind in (
        (fifo, "un tube"),
        (Path("/dev/zero"), "un périphérique"),
        (folder, "un dossier"),
    ):
        assert _import(path, migrated_db_path) == 2
        err = capsys.readouterr().err
        assert f"n'est pas un fichier ordinaire : c'est {kind}" in err
        assert "n'existe pas" not in err and "Traceback" not in err


def test_a_huge_file_is_refused_before_being_read(
    tmp_path: Path, migrated_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "enorme.csv"
    with big.open("wb") as handle:
        handle.write((ACTIVITY_HEADER + "\n").encode())
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk used
    assert _import(big, migrated_db_path) == 2
    err = capsys.readouterr().err
    assert "est trop gros" in err and "Mo" in err


def test_a_huge_cell_is_told_in_french(
    tmp_path: Path, migrated_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cellule.csv"
    huge = '"' + "x" * 300_000  # a quote opened and never closed swallows the file
    path.write_text(f"{ACTIVITY_HEADER}\n{LINE.format(place=huge)}\n", encoding="utf-8")
    assert _import(path, migrated_db_path) == 2
    err = capsys.readouterr().err
    assert "une cellule dépasse" in err and "field" not in err and "limit" not in err


def test_mixed_utf8_and_windows_1252_lines_are_refused_naming_them(
    tmp_path: Path, migrated_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "melange.csv"
    path.write_bytes(
        (ACTIVITY_HEADER + "\n").encode()
        + (LINE.format(place="Hôpital Nord") + "\n").encode("utf-8")
        + (LINE.format(place="Hôpital Sud") + "\n").encode("cp1252")
    )
    assert _import(path, migrated_db_path) == 2
    err = capsys.readouterr().err
    assert "mélange deux encodages" in err
    assert "la ligne 2 est en UTF-8, la ligne 3 en Windows-1252" in err
    # A file entirely in Windows-1252 is still read, accents right.
    plain = tmp_path / "ancien.csv"
    plain.write_bytes(
        (ACTIVITY_HEADER + "\n" + LINE.format(place="Hôpital Sud") + "\n").encode("cp1252")
    )
    assert _import(plain, migrated_db_path) == 0
