"""Encryption at rest (SQLCipher): nothing readable without the passphrase, backups included."""

from __future__ import annotations

from pathlib import Path

import pytest

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.backups import BackupKind, check_backup, list_backups, make_backup
from pea_desktop.services.database import open_database
from pea_desktop.services.database_errors import DamagedDatabaseError, PassphraseError
from pea_desktop.services.encryption import change_passphrase, encrypt_database, is_encrypted
from pea_desktop.store import cipher
from pea_desktop.store.models import Volunteer
from tests import factories

MARKER = "Zéphyrin-Marqueur-7F3A"
PASSPHRASE = "trois mots de passe"


@pytest.fixture(autouse=True)
def forget_passphrases() -> None:
    cipher._passphrases.clear()  # each test starts as a fresh process would


def plant_marker(path: Path, passphrase: str | None = None) -> None:
    """A volunteer's name and a visit's note and reference that must never show in clear."""
    db = open_database(path, passphrase=passphrase)
    antenna = factories.antenna(db)
    volunteer = factories.volunteer(db, antenna.id, first=MARKER, last="Secret")
    factories.visit(db, antenna.id, [volunteer], notes=f"Note {MARKER}", reference="V-7F3A-Z")
    db.close()


def file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            data += extra.read_bytes()
    return data


def holds_marker(path: Path) -> bool:
    data = file_bytes(path)
    needles = (MARKER.encode("utf-8"), MARKER.encode("utf-16-le"), b"V-7F3A-Z")
    return any(needle in data for needle in needles)


def test_encrypting_a_base_leaves_nothing_readable(migrated_db_path: Path) -> None:
    plant_marker(migrated_db_path)
    make_backup(migrated_db_path, BackupKind.MANUAL)
    assert holds_marker(migrated_db_path)  # the test can see a plain marker
    result = encrypt_database(migrated_db_path, PASSPHRASE)
    assert result.backups == 1 and not result.skipped
    assert is_encrypted(migrated_db_path)
    assert not holds_marker(migrated_db_path)
    for backup in list_backups(migrated_db_path):
        assert not holds_marker(backup.path), backup.path.name
    cipher._passphrases.clear()
    db = open_database(migrated_db_path, passphrase=PASSPHRASE)
    with db.session() as session:
        names = [v.first_name for v in session.query(Volunteer)]
    db.close()
    assert MARKER in names
    assert oct(migrated_db_path.stat().st_mode & 0o777) == "0o600"


def test_wrong_or_missing_passphrase_is_said_as_such(migrated_db_path: Path) -> None:
    encrypt_database(migrated_db_path, PASSPHRASE)
    cipher._passphrases.clear()
    with pytest.raises(PassphraseError) as missing:
        open_database(migrated_db_path)
    assert missing.value.missing and "est chiffrée" in missing.value.message
    with pytest.raises(PassphraseError) as wrong:
        open_database(migrated_db_path, passphrase="pas la bonne phrase")
    assert not wrong.value.missing
    assert "Phrase secrète incorrecte" in wrong.value.message
    assert "endommagée" not in wrong.value.message
    assert not isinstance(wrong.value, DamagedDatabaseError)


def test_new_encrypted_base_and_its_backups(tmp_path: Path) -> None:
    path = tmp_path / "neuve.sqlite3"
    assert encrypt_database(path, PASSPHRASE).created
    plant_marker(path, PASSPHRASE)
    assert not holds_marker(path)
    backup = make_backup(path, BackupKind.MANUAL)  # the remembered passphrase is used
    assert not holds_marker(backup)
    assert is_encrypted(backup)
    assert check_backup(backup).volunteers == 1
    cipher._passphrases.clear()
    with pytest.raises(PassphraseError):
        check_backup(backup)


def test_changing_the_passphrase_rekeys_base_and_backups(migrated_db_path: Path) -> None:
    plant_marker(migrated_db_path)
    encrypt_database(migrated_db_path, PASSPHRASE)
    make_backup(migrated_db_path, BackupKind.MANUAL)
    with pytest.raises(PassphraseError):
        change_passphrase(migrated_db_path, "pas la bonne phrase", "nouvelle phrase longue")
    result = change_passphrase(migrated_db_path, PASSPHRASE, "nouvelle phrase longue")
    assert result.backups == 1
    cipher._passphrases.clear()
    with pytest.raises(PassphraseError):
        open_database(migrated_db_path, passphrase=PASSPHRASE)
    open_database(migrated_db_path, passphrase="nouvelle phrase longue").close()
    assert check_backup(list_backups(migrated_db_path)[0].path).volunteers == 1
    assert not holds_marker(migrated_db_path)


def test_bad_requests_change_nothing(migrated_db_path: Path) -> None:
    before = migrated_db_path.read_bytes()
    with pytest.raises(BadInputError, match="trop courte"):
        encrypt_database(migrated_db_path, "court")
    with pytest.raises(BadInputError, match="n'est pas chiffrée"):
        change_passphrase(migrated_db_path, PASSPHRASE, "nouvelle phrase longue")
    assert migrated_db_path.read_bytes() == before
    encrypt_database(migrated_db_path, PASSPHRASE)
    with pytest.raises(BadInputError, match="déjà chiffrée"):
        encrypt_database(migrated_db_path, PASSPHRASE)
