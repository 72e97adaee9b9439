"""Damaged files are recognised at open, each with its own French message, never a traceback."""

from __future__ import annotations

import random
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from pea_desktop.store import errors
from pea_desktop.store.database import known_revisions, open_database
from tests.store.garbling import CASES, populated_database

SEEDS = range(8)
SQLITE_ENGLISH = ("malformed", "database disk image", "file is not a database", "Traceback")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return populated_database(tmp_path_factory.mktemp("pristine") / "pea.sqlite3")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("case", CASES)
def test_garbled_file_is_detected_with_its_message(
    case: str, seed: int, pristine: Path, tmp_path: Path
) -> None:
    garble, error_name, words = CASES[case]
    path = tmp_path / "pea.sqlite3"
    shutil.copyfile(pristine, path)
    garble(path, random.Random(seed))
    damaged = path.read_bytes()

    with pytest.raises(errors.DatabaseOpenError) as caught:
        open_database(path)

    error = caught.value
    assert type(error).__name__ == error_name, error.message
    assert words in error.message
    assert "pea.sqlite3" in error.message and "\n" not in error.message
    assert not any(english in error.message for english in SQLITE_ENGLISH)
    assert error.remedies[0] is errors.Remedy.RESTORE_BACKUP
    assert path.read_bytes() == damaged, "opening must not change a damaged file"


def test_sqlite_base_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "autre.sqlite3"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE contacts (nom TEXT)")
        connection.commit()
    with pytest.raises(errors.NotADatabaseError, match="pas une base PEA Desktop"):
        open_database(path)


def test_base_from_a_newer_version_is_refused_without_change(tmp_path: Path) -> None:
    path = populated_database(tmp_path / "pea.sqlite3")
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
        connection.commit()
    before = path.read_bytes()
    with pytest.raises(errors.NewerDatabaseError) as caught:
        open_database(path)
    assert "version plus récente" in caught.value.message
    assert f"jusqu'au schéma {known_revisions()[-1]}" in caught.value.message
    assert errors.Remedy.RESTORE_BACKUP not in caught.value.remedies
    assert path.read_bytes() == before


def test_missing_file_is_not_created_when_creation_is_not_wanted(tmp_path: Path) -> None:
    path = tmp_path / "absente.sqlite3"
    with pytest.raises(errors.DatabaseOpenError, match="n'existe pas"):
        open_database(path, create=False)
    assert not path.exists()


def test_folder_given_instead_of_a_file(tmp_path: Path) -> None:
    with pytest.raises(errors.NotADatabaseError, match="n'est pas un fichier"):
        open_database(tmp_path)
