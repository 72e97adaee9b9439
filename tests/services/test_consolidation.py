from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from pea_desktop.domain.federation_format import seal
from pea_desktop.domain.regions import department_label, region_of
from pea_desktop.services.federation.consolidation import (
    ACCEPTED,
    REFUSED,
    SUPERSEDED,
    consolidate,
)
from pea_desktop.services.federation.export import prepare_export, write_export
from pea_desktop.services.federation.signatures import sign_document
from pea_desktop.services.keys import SigningKey
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity
from tests.services import known_data

JAN = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
FEB = datetime(2026, 2, 3, 14, 0, tzinfo=UTC)


@pytest.fixture
def exports(db: Database, tmp_path: Path) -> dict[str, Path]:
    known_data.build(db)
    files = {}
    for name, code, year, when in (
        ("lyon_old", "LYON", 2025, JAN),
        ("gren", "GREN", 2025, JAN),
        ("lyon_2024", "LYON", 2024, JAN),
    ):
        files[name] = tmp_path / f"{name}.json"
        write_export(prepare_export(db, year, code, now=when), files[name])
    # One more group is logged after the first export: LYON sends a corrected export.
    with db.session() as session:
        lyon = session.get(Activity, 1)
        session.add(
            Activity(
                kind=lyon.kind,
                antenna_id=lyon.antenna_id,
                date=datetime(2025, 12, 1).date(),
                duration_minutes=60,
                participants=4,
                first_timers=1,
                relatives=0,
            )
        )
    files["lyon_new"] = tmp_path / "lyon_new.json"
    write_export(prepare_export(db, 2025, "LYON", now=FEB), files["lyon_new"])
    return files


def by_file(result, path: Path):  # type: ignore[no-untyped-def]
    return next(f for f in result.files if f.path == path)


def test_national_totals_add_up_the_antennas(exports: dict[str, Path]) -> None:
    result = consolidate([exports["lyon_new"], exports["gren"]])
    assert result.year == 2025
    assert [a.code for a in result.antennas] == ["GREN", "LYON"]
    totals = result.totals
    # LYON (4 + 1 groups, 35 + 4 participants) + GREN (1 group, 7 participants)
    assert (totals.count("groupe"), totals.participants, totals.first_timers) == (6, 46, 9)
    assert (totals.count("temoignage"), totals.audience, totals.active_volunteers) == (3, 125, 3)
    assert totals.volunteer_minutes == 1425
    assert totals.volunteer_value == Decimal("282.15")
    assert (totals.km, totals.reimbursed) == (Decimal("115.5"), Decimal("46.80"))
    assert totals.waived == Decimal("8.00")
    assert [(r.label, r.antennas, r.totals.count("groupe")) for r in result.regions] == [
        ("Auvergne-Rhône-Alpes", 2, 6)
    ]
    assert [(d.label, d.totals.count("groupe")) for d in result.departments] == [
        ("Isère (38)", 1),
        ("Rhône (69)", 5),
    ]
    march = {(m.kind): m for m in result.months if m.month == 3}
    assert march["groupe"].activities == 3 and march["groupe"].participants == 25
    requesters = {r.code: r.count for r in result.categories["visits_by_requester"]}
    assert requesters == {"famille": 1, "professionnel": 1}
    audiences = {r.code: (r.count, r.audience) for r in result.categories["audience_by_kind"]}
    assert audiences["grand public"] == (1, 60)


def test_newest_export_of_an_antenna_wins(exports: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "copie.json"
    shutil.copy(exports["gren"], copy)
    files = [exports["lyon_new"], exports["gren"], exports["lyon_old"], copy]
    result = consolidate(files)
    assert len(result.antennas) == 2
    lyon = next(a for a in result.antennas if a.code == "LYON")
    assert lyon.file == "lyon_new.json" and lyon.totals.count("groupe") == 5
    old = by_file(result, exports["lyon_old"])
    assert old.status == SUPERSEDED
    assert "15/01/2026" in old.reason and "lyon_new.json" in old.reason
    assert (
        by_file(result, exports["lyon_new"]).reason == "2 exports reçus : le plus récent est retenu"
    )
    assert by_file(result, copy).status == SUPERSEDED
    assert "copie identique de gren.json" in by_file(result, copy).reason
    assert by_file(result, exports["gren"]).reason == "fichier reçu 2 fois : compté une seule fois"
    assert result.totals.count("groupe") == 6


def test_bad_files_are_refused_with_reason_and_others_go_on(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    good = exports["gren"]
    text = exports["lyon_new"].read_text(encoding="utf-8")
    edited = tmp_path / "edited.json"
    tampered = json.loads(text)
    tampered["by_kind"]["groupe"]["activities"] = 50  # checksum left as it was
    edited.write_text(json.dumps(tampered), encoding="utf-8")
    truncated = tmp_path / "truncated.json"
    truncated.write_text(text[: len(text) // 2], encoding="utf-8")
    latin = tmp_path / "latin1.json"
    latin.write_bytes(
        text.encode("utf-8").replace("Métropole".encode(), "Métropole".encode("latin-1"))
    )
    doc = json.loads(text)
    wrong_format = tmp_path / "format.json"
    wrong_format.write_text(json.dumps(seal({**doc, "format": "tableur-maison"})))
    future = tmp_path / "v4.json"
    future.write_text(json.dumps(seal({**doc, "version": 4})))
    sneaky = tmp_path / "sneaky.json"
    # Signed again (by a key of its own): the shape check, not the signature, refuses it.
    sneaky_doc = seal({**doc, "notes": known_data.SECRET_NOTE})
    sneaky.write_text(json.dumps(sign_document(sneaky_doc, SigningKey.generate())))
    missing = tmp_path / "absent.json"
    files = [
        edited,
        truncated,
        latin,
        wrong_format,
        future,
        sneaky,
        missing,
        exports["lyon_2024"],
        good,
    ]
    result = consolidate(files, year=2025)
    reasons = {f.path.name: (f.status, f.reason) for f in result.files}
    assert reasons["gren.json"] == (ACCEPTED, "")
    assert all(status == REFUSED for name, (status, _) in reasons.items() if name != "gren.json")
    assert "somme de contrôle incorrecte" in reasons["edited.json"][1]
    assert "JSON valide" in reasons["truncated.json"][1]
    assert "UTF-8" in reasons["latin1.json"][1]
    assert "format « tableur-maison » inconnu" in reasons["format.json"][1]
    assert "version 4" in reasons["v4.json"][1] and "à jour" in reasons["v4.json"][1]
    assert "champ inattendu « notes »" in reasons["sneaky.json"][1]
    assert "illisible" in reasons["absent.json"][1]
    assert "année 2024" in reasons["lyon_2024.json"][1]
    assert [a.code for a in result.antennas] == ["GREN"]
    assert result.totals.count("groupe") == 1


def test_year_defaults_to_the_most_common_one(exports: dict[str, Path]) -> None:
    result = consolidate([exports["lyon_2024"], exports["gren"], exports["lyon_new"]])
    assert result.year == 2025
    assert by_file(result, exports["lyon_2024"]).status == REFUSED


def test_known_antennas_give_missing_and_unknown(exports: dict[str, Path]) -> None:
    known = {"LYON": "Lyon Métropole", "ANNECY": "Annecy", "VAL": "Valence"}
    result = consolidate([exports["lyon_new"], exports["gren"]], known_antennas=known)
    assert result.missing == [("ANNECY", "Annecy"), ("VAL", "Valence")]
    gren = by_file(result, exports["gren"])
    assert gren.status == REFUSED and "« GREN » inconnue" in gren.reason
    assert consolidate([exports["gren"]]).missing is None


def test_nothing_valid_gives_an_empty_consolidation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = consolidate([bad])
    assert result.year is None and result.antennas == [] and result.totals.count("groupe") == 0
    assert result.files[0].status == REFUSED


def test_regions_and_departments() -> None:
    assert region_of("1") == "Auvergne-Rhône-Alpes"
    assert region_of("2a") == "Corse"
    assert region_of("974") == "La Réunion"
    assert region_of("") == "Région non précisée"
    assert department_label("75") == "Paris (75)"
    assert department_label("99") == "99"
    assert department_label(" ") == "—"
