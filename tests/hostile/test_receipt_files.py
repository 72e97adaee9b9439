"""Issue 13, item 7: attaching a receipt never ends in the crash dialog, and stays private."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.claims import receipts
from pea_desktop.store.database import Database
from tests.services.claim_builders import add_line, build_world


@pytest.fixture
def line(db: Database) -> int:
    w = build_world(db)
    return add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.MEAL, amount="12.00")


@pytest.fixture
def bill(tmp_path: Path) -> Path:
    path = tmp_path / "facture.pdf"
    path.write_bytes(b"%PDF-1.4 facture")
    return path


@pytest.fixture
def unprivileged() -> Iterator[None]:
    """Permission tests mean nothing as root, who may read and write anywhere."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    yield


def _refused(db: Database, line: int, source: Path, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        receipts.attach_file(db, line, source)


def test_special_sources_are_named_for_what_they_are(
    db: Database, line: int, tmp_path: Path
) -> None:
    fifo = tmp_path / "tube.pdf"
    os.mkfifo(fifo)
    folder = tmp_path / "dossier.pdf"
    folder.mkdir()
    _refused(db, line, fifo, "c'est un tube")
    _refused(db, line, folder, "c'est un dossier")
    _refused(db, line, Path("/dev/zero"), "c'est un périphérique")
    _refused(db, line, tmp_path / "absent.pdf", "n'existe pas")


def test_a_file_where_the_folder_should_be_is_explained(
    db: Database, line: int, bill: Path
) -> None:
    receipts.attachments_dir(db).write_text("pas un dossier")
    _refused(db, line, bill, "occupé par un fichier du même nom")


def test_the_receipts_folder_is_owner_only(db: Database, line: int, bill: Path) -> None:
    receipts.attach_file(db, line, bill)
    folder = receipts.attachments_dir(db)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    stored = next(folder.iterdir())
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_an_existing_open_folder_is_closed_to_others(db: Database, line: int, bill: Path) -> None:
    folder = receipts.attachments_dir(db)
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    receipts.attach_file(db, line, bill)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_an_unreadable_source_and_a_read_only_folder(
    db: Database, line: int, bill: Path, unprivileged: None
) -> None:
    os.chmod(bill, 0)
    _refused(db, line, bill, "illisible : accès refusé")
    os.chmod(bill, 0o600)
    folder = receipts.attachments_dir(db)
    folder.mkdir(mode=0o500)
    try:
        _refused(db, line, bill, "Impossible de copier facture.pdf")
    finally:
        os.chmod(folder, 0o700)


def test_a_read_only_folder_as_root_is_simulated(
    db: Database, line: int, bill: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(receipts.tempfile, "mkstemp", refuse)
    _refused(db, line, bill, "Impossible de copier facture.pdf .* accès refusé")


def test_the_crash_log_folder_is_owner_only(tmp_path: Path) -> None:
    from pea_desktop import paths
    from pea_desktop.ui.crash import write_crash_log

    try:
        raise ValueError("essai")
    except ValueError as exc:
        log = write_crash_log(ValueError, exc, exc.__traceback__)
    assert log.parent == paths.log_dir()
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
