"""Consolidation reads version 1 files (one total per kind) together with version 2 files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pea_desktop.domain.federation_format import FORMAT_VERSION
from pea_desktop.services.federation.consolidation import ACCEPTED, consolidate
from pea_desktop.services.federation.export import prepare_export, write_export
from pea_desktop.store.database import Database
from tests.services import known_data

# Written by PEA Desktop with format version 1 (GREN, 2025, from known_data).
V1_SAMPLE = Path(__file__).parent.parent / "fixtures" / "federation_v1_gren_2025.json"
NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def test_v1_sample_reads_as_the_same_export_in_v2(db: Database, tmp_path: Path) -> None:
    known_data.build(db)
    assert json.loads(V1_SAMPLE.read_text(encoding="utf-8"))["version"] == 1
    v2 = tmp_path / "gren_v2.json"
    write_export(prepare_export(db, 2025, "GREN", now=NOW), v2)
    assert json.loads(v2.read_text(encoding="utf-8"))["version"] == FORMAT_VERSION == 3
    from_v1, from_v2 = consolidate([V1_SAMPLE]), consolidate([v2])
    assert from_v1.files[0].status == ACCEPTED
    assert from_v1.totals == from_v2.totals
    assert from_v1.months == from_v2.months
    assert from_v1.categories == from_v2.categories


def test_v1_and_v2_files_consolidate_together(db: Database, tmp_path: Path) -> None:
    known_data.build(db)
    lyon = tmp_path / "lyon.json"
    write_export(prepare_export(db, 2025, "LYON", now=NOW), lyon)
    result = consolidate([lyon, V1_SAMPLE])
    assert [f.status for f in result.files] == [ACCEPTED, ACCEPTED]
    totals = result.totals
    # LYON (v2): 4 groups, 35 participants, 2 visits, 2 interventions for 65 people;
    # GREN (v1): 1 group of 7 participants, 1 intervention for 60 people.
    assert (totals.count("groupe"), totals.participants, totals.first_timers) == (5, 42, 8)
    assert (totals.count("visite"), totals.count("temoignage"), totals.audience) == (2, 3, 125)
    assert totals.activities == 10 and totals.active_volunteers == 3
