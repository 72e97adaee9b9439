from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.federation_format import FORMAT_NAME, compute_checksum, seal
from pea_desktop.services.federation.export import (
    prepare_export,
    privacy_problems,
    write_export,
)
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna
from tests.services import known_data

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def known(db: Database) -> known_data.Known:
    return known_data.build(db)


def test_document_holds_the_hand_computed_aggregates(db: Database, known: known_data.Known) -> None:
    prepared = prepare_export(db, 2025, "LYON", now=NOW)
    doc = prepared.document
    assert prepared.ok, prepared.problems
    assert (doc["format"], doc["version"], doc["year"]) == (FORMAT_NAME, 3, 2025)
    assert doc["generated_at"] == "2026-01-15T09:30:00+00:00"
    assert doc["antenna"] == {"code": "LYON", "name": "Lyon Métropole", "department": "69"}
    assert doc["association"]["name"] == known_data.ASSOCIATION
    assert doc["hourly_rate"] == "11.88"
    totals = doc["totals"]
    by_kind = doc["by_kind"]
    assert by_kind["groupe"] == {
        "activities": 4,
        "participants": 35,
        "first_timers": 6,
        "relatives": 7,
        "audience": 0,
    }
    assert (by_kind["visite"]["activities"], by_kind["temoignage"]["activities"]) == (2, 2)
    assert (by_kind["temoignage"]["audience"], totals["active_volunteers"]) == (65, 2)
    assert totals["activities"] == 8
    assert totals["volunteer_minutes"] == 1215
    assert totals["volunteer_value"] == "240.57"
    assert (totals["km"], totals["reimbursed"], totals["waived"]) == ("60.5", "23.00", "8.00")
    march = [r for r in doc["months"] if r["month"] == 3]
    assert [(r["kind"], r["activities"], r["participants"], r["km"]) for r in march] == [
        ("groupe", 2, 18, "42.5"),
        ("visite", 1, 0, "18.0"),
    ]
    assert {"month": 6, "kind": "hors_activite"}.items() <= next(
        r for r in doc["months"] if r["kind"] == "hors_activite"
    ).items()
    assert doc["visits_by_requester"] == {"famille": 1, "professionnel": 1}
    assert doc["interventions_by_format"]["prevention"] == {"count": 1, "audience": 40}
    assert doc["partners_by_kind"] == {"csapa": 1, "ecole": 1}


def test_checksum_is_sha256_of_the_canonical_content(db: Database, known: known_data.Known) -> None:
    doc = prepare_export(db, 2025, "LYON", now=NOW).document
    body = {k: v for k, v in doc.items() if k not in ("sha256", "signature")}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert doc["sha256"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert compute_checksum(doc) == doc["sha256"]


def test_written_file_holds_no_secret(
    db: Database, known: known_data.Known, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "lyon-2025.json"
    write_export(prepare_export(db, 2025, "LYON", now=NOW), target)
    text = target.read_text(encoding="utf-8")
    assert json.loads(text)["by_kind"]["groupe"]["activities"] == 4
    assert "Lyon Métropole" in text  # UTF-8, not \u escapes
    for secret in (*known_data.SECRETS, "Alice", "Aubert", "Bruno", "CSAPA Lyon Centre"):
        assert secret not in text
    assert not list(target.parent.glob(".*"))  # no temporary file left


def test_privacy_check_catches_a_reference_in_a_free_text(
    db: Database, known: known_data.Known, tmp_path: Path
) -> None:
    with db.session() as session:
        antenna = session.get(Antenna, known.lyon)
        antenna.name = f"Lyon {known_data.SECRET_REFERENCE}"
    prepared = prepare_export(db, 2025, "LYON", now=NOW)
    assert not prepared.ok
    assert any(known_data.SECRET_REFERENCE in p and "antenna.name" in p for p in prepared.problems)
    target = tmp_path / "refused.json"
    with pytest.raises(BadInputError, match="n'a pas été écrit"):
        write_export(prepared, target)
    assert not target.exists()


def test_privacy_check_refuses_any_field_outside_the_format() -> None:
    doc = {"format": FORMAT_NAME, "notes": known_data.SECRET_NOTE}
    problems = privacy_problems(doc, [])
    assert any("« notes »" in p for p in problems)
    assert privacy_problems(seal({**_minimal(), "year": 2025}), []) == []


def test_privacy_check_ignores_short_or_numeric_texts() -> None:
    doc = seal({**_minimal(), "antenna": {"code": "RAS", "name": "Antenne 2025", "department": ""}})
    assert privacy_problems(doc, ["RAS", "2025", "ok"]) == []
    assert privacy_problems(doc, ["antenne"]) != []  # folded, case-insensitive


def test_unknown_antenna_and_bad_year(db: Database, known: known_data.Known) -> None:
    with pytest.raises(BadInputError, match="NANTES"):
        prepare_export(db, 2025, "NANTES")
    with pytest.raises(BadInputError, match="Année"):
        prepare_export(db, 99999, "LYON")


def _minimal() -> dict:
    zero_totals = dict.fromkeys(
        [
            "activities",
            "groups",
            "participants",
            "first_timers",
            "relatives",
            "visits",
            "interventions",
            "audience",
            "active_volunteers",
            "volunteer_minutes",
            "partners",
        ],
        0,
    )
    zero_totals.update(volunteer_value="0.00", km="0.0", reimbursed="0.00", waived="0.00")
    return {
        "format": FORMAT_NAME,
        "version": 1,
        "application": {"name": "PEA Desktop", "version": "0.1.0"},
        "generated_at": NOW.isoformat(),
        "association": {"name": "Asso", "rna": "", "siren": ""},
        "antenna": {"code": "X", "name": "", "department": ""},
        "year": 2025,
        "hourly_rate": str(Decimal("11.88")),
        "totals": zero_totals,
        "months": [],
        "visits_by_requester": {},
        "visits_by_place": {},
        "interventions_by_format": {},
        "audience_by_kind": {},
        "partners_by_kind": {},
    }
