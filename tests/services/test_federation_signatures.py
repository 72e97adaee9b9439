"""Signed federation files (format 3): forged, replayed, re-keyed and unsigned files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.federation_format import seal
from pea_desktop.services import keys
from pea_desktop.services.federation.consolidation import ACCEPTED, REFUSED, consolidate
from pea_desktop.services.federation.export import prepare_export, to_json, write_export
from pea_desktop.services.federation.key_register import KeyRegister
from pea_desktop.services.federation.signatures import (
    UNSIGNED,
    BadSignature,
    check_signature,
    sign_document,
)
from pea_desktop.store.database import Database
from pea_desktop.store.models import AntennaKey
from tests.services import known_data

JAN = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
FEB = datetime(2026, 2, 3, 14, 0, tzinfo=UTC)
V1_SAMPLE = Path(__file__).parent.parent / "fixtures" / "federation_v1_gren_2025.json"


@pytest.fixture
def lyon(db: Database, tmp_path: Path) -> dict[str, Path]:
    known_data.build(db)
    files = {}
    for name, when in (("jan", JAN), ("feb", FEB)):
        files[name] = tmp_path / f"lyon_{name}.json"
        write_export(prepare_export(db, 2025, "LYON", now=when), files[name])
    return files


def load(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, document: dict) -> Path:  # type: ignore[type-arg]
    path.write_text(to_json(document), encoding="utf-8")
    return path


def status(result, path: Path):  # type: ignore[no-untyped-def]
    return next(f for f in result.files if f.path == path)


def test_export_is_signed_with_the_key_held_by_the_base(
    db: Database, lyon: dict[str, Path]
) -> None:
    doc = load(lyon["feb"])
    assert doc["version"] == 3
    assert doc["signature"]["algorithm"] == "ed25519"
    signer = check_signature(doc)
    assert signer is not None
    with db.session() as session:
        stored = session.query(AntennaKey).one()  # one key for LYON, reused by both exports
    assert signer.public_key == bytes.fromhex(stored.public_key)
    assert load(lyon["jan"])["signature"]["public_key"] == doc["signature"]["public_key"]
    prepared = prepare_export(db, 2025, "LYON", now=FEB)
    assert prepared.fingerprint == signer.fingerprint
    assert len(signer.fingerprint.replace(" ", "")) == 32


def test_forged_figures_with_recomputed_checksum_are_refused(
    lyon: dict[str, Path], tmp_path: Path
) -> None:
    doc = load(lyon["feb"])
    signature = doc["signature"]
    doc["by_kind"]["groupe"]["activities"] = 500
    doc["totals"]["activities"] += 496
    forged = write(tmp_path / "forged.json", {**seal(doc), "signature": signature})
    with pytest.raises(BadSignature, match="signature invalide"):
        check_signature(load(forged))
    result = consolidate([forged, lyon["jan"]], register=KeyRegister())
    assert status(result, forged).status == REFUSED
    assert "signature invalide" in status(result, forged).reason
    assert status(result, lyon["jan"]).status == ACCEPTED
    assert result.totals.count("groupe") == 4


def _inflate(doc: dict[str, Any], groups: int) -> None:
    """Add ``groups`` groups consistently (a month row, the kind, the totals), as a careful
    forger would, so that only signatures and keys can tell the file is forged."""
    row = next(r for r in doc["months"] if r["kind"] == "groupe")
    row["activities"] += groups
    doc["by_kind"]["groupe"]["activities"] += groups
    doc["totals"]["activities"] += groups


def test_a_file_dated_2099_signed_by_another_key_does_not_replace_the_genuine_one(
    lyon: dict[str, Path], tmp_path: Path
) -> None:
    register = KeyRegister(tmp_path / "cles.json")
    first = consolidate([lyon["jan"]], register=register)
    assert "première réception" in status(first, lyon["jan"]).reason
    register.save()
    attacker = keys.SigningKey.generate()
    doc = load(lyon["feb"])
    doc["generated_at"] = "2099-01-01T00:00:00+00:00"
    _inflate(doc, 86)
    dated_2099 = write(tmp_path / "forged-2099.json", sign_document(seal(doc), attacker))
    doc = load(lyon["feb"])
    _inflate(doc, 86)
    other_key = write(tmp_path / "forged.json", sign_document(seal(doc), attacker))
    register = KeyRegister(tmp_path / "cles.json")
    result = consolidate([dated_2099, other_key, lyon["feb"]], register=register)
    assert status(result, dated_2099).status == REFUSED
    assert "dans le futur" in status(result, dated_2099).reason
    assert status(result, other_key).status == REFUSED
    assert "autre clé" in status(result, other_key).reason
    assert attacker.fingerprint in status(result, other_key).reason
    assert status(result, lyon["feb"]).status == ACCEPTED
    assert result.totals.count("groupe") == 4
    # The new key waits for the federation's decision.
    assert register.antennas["LYON"].pending is not None


def test_unsigned_copy_of_a_signing_antenna_is_refused(
    lyon: dict[str, Path], tmp_path: Path
) -> None:
    register = KeyRegister()
    consolidate([lyon["jan"]], register=register)
    doc = load(lyon["feb"])
    doc.pop("signature")
    doc["version"] = 2
    _inflate(doc, 36)
    downgraded = write(tmp_path / "v2.json", seal(doc))
    result = consolidate([downgraded], register=register)
    assert status(result, downgraded).status == REFUSED
    assert "non signé" in status(result, downgraded).reason


def test_version_1_and_2_files_are_read_and_marked_unsigned(
    lyon: dict[str, Path], tmp_path: Path
) -> None:
    doc = load(lyon["feb"])
    doc.pop("signature")
    v2 = write(tmp_path / "v2.json", seal({**doc, "version": 2}))
    result = consolidate([v2, V1_SAMPLE], register=KeyRegister())
    assert [f.status for f in result.files] == [ACCEPTED, ACCEPTED]
    assert [f.signature for f in result.files] == [UNSIGNED, UNSIGNED]
    signed = consolidate([lyon["feb"]], register=KeyRegister())
    assert signed.files[0].signature.startswith("signé (empreinte ")


def test_a_replayed_older_export_is_refused(lyon: dict[str, Path]) -> None:
    register = KeyRegister()
    assert consolidate([lyon["feb"]], register=register).files[0].status == ACCEPTED
    replay = consolidate([lyon["jan"]], register=register)
    assert replay.files[0].status == REFUSED
    assert "rejoué" in replay.files[0].reason
    # The same file again is not a replay, and old + new together still pick the newest.
    assert consolidate([lyon["feb"]], register=register).files[0].status == ACCEPTED
    both = consolidate([lyon["jan"], lyon["feb"]], register=register)
    assert [f.status for f in both.files] == ["remplacé", ACCEPTED]


def test_two_keys_for_an_unknown_antenna_register_neither(
    lyon: dict[str, Path], tmp_path: Path
) -> None:
    doc = load(lyon["feb"])
    _inflate(doc, 86)
    other = write(tmp_path / "other.json", sign_document(seal(doc), keys.SigningKey.generate()))
    register = KeyRegister()
    result = consolidate([other, lyon["jan"]], register=register)
    assert [f.status for f in result.files] == [REFUSED, REFUSED]
    assert "clés différentes" in result.files[0].reason
    assert "LYON" not in register.antennas


def test_changed_key_is_accepted_only_with_its_fingerprint(
    lyon: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "cles.json"
    register = KeyRegister(path)
    consolidate([lyon["jan"]], register=register)
    new_key = keys.SigningKey.generate()
    rekeyed = write(tmp_path / "rekeyed.json", sign_document(load(lyon["feb"]), new_key))
    assert consolidate([rekeyed], register=register).files[0].status == REFUSED
    register.save()
    register = KeyRegister(path)  # the pending change survives on disk
    assert register.antennas["LYON"].pending is not None
    with pytest.raises(BadInputError, match="n'est pas celle"):
        register.accept_change("LYON", "0000 1111")
    with pytest.raises(BadInputError, match="pas de clé"):
        register.accept_change("NANTES", new_key.fingerprint)
    typed = new_key.fingerprint.lower().replace(" ", "-")
    assert register.accept_change("lyon", typed) == new_key.fingerprint
    result = consolidate([rekeyed], register=register)
    assert result.files[0].status == ACCEPTED
    assert register.antennas["LYON"].previous[0]["fingerprint"] != new_key.fingerprint


def test_damaged_register_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "cles.json"
    path.write_text("{pas du json", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"registre des clés .* illisible"):
        KeyRegister(path)
    assert path.read_text(encoding="utf-8") == "{pas du json"


def test_signing_key_never_shows_its_private_half() -> None:
    key = keys.SigningKey.generate()
    assert key.seed.hex() not in repr(key)
    assert keys.verify(key.public_key, b"x", key.sign(b"x"))
    assert not keys.verify(key.public_key, b"y", key.sign(b"x"))
    assert not keys.verify(b"short", b"x", key.sign(b"x"))
