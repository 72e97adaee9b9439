"""An extra kind registered at run time ("atelier", Atelier d'écriture: participants and theme,
at most twelve writers): the whole application takes it from its description alone."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pea_desktop.domain.activity_kinds import KINDS, ActivityKind, UnknownActivityKind
from pea_desktop.domain.activity_rules import validate_activity
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.period import Period
from pea_desktop.reports.summary_pdf import render_summary
from pea_desktop.services.activities import records
from pea_desktop.services.activities.records import ActivityFilter
from pea_desktop.services.federation.consolidation import consolidate
from pea_desktop.services.federation.export import prepare_export, write_export
from pea_desktop.services.importing import import_activities
from pea_desktop.services.summaries.summary import summarize
from pea_desktop.store.database import Database
from tests import factories
from tests.kind_samples import ATELIER, DAY, TODAY, csv_line, sample_draft, walk_services, walk_ui
from tests.reports.pdf_helpers import pdf_text
from tests.services.import_helpers import ACTIVITY_HEADER, write_csv


@pytest.fixture
def atelier() -> Iterator[ActivityKind]:
    with KINDS.registered(ATELIER) as kind:
        yield kind
    assert "atelier" not in KINDS


def test_registered_for_a_while_only(atelier: ActivityKind) -> None:
    assert KINDS.get("atelier") is atelier and KINDS.codes()[-1] == "atelier"
    with pytest.raises(ValueError, match="already registered"):
        KINDS.register(ATELIER)


def test_unknown_once_removed() -> None:
    with pytest.raises(UnknownActivityKind):
        KINDS.get("atelier")


def test_every_table(atelier: ActivityKind, db: Database, tmp_path: Path) -> None:
    walk_services(db, tmp_path, atelier)


def test_list_tab_and_form(atelier: ActivityKind, qtbot: Any, db: Database) -> None:
    walk_ui(qtbot, db, atelier)


def test_own_rule_and_fields_it_lacks(atelier: ActivityKind, db: Database) -> None:
    lyon = factories.antenna(db)
    draft = sample_draft(atelier, lyon.id, factories.volunteer(db, lyon.id))
    draft.participants = 13
    assert [p.message for p in validate_activity(draft, TODAY)] == [
        "Un atelier d'écriture accueille au plus 12 participants."
    ]
    draft.participants, draft.theme = 8, ""
    assert [p.message for p in validate_activity(draft, TODAY)] == [
        "Indiquez le thème de l'atelier."
    ]
    # A field the kind does not have is ignored: stored blank, never counted.
    draft.theme, draft.audience_size, draft.first_timers = "Lettres", 40, 3
    saved = records.load_activity(db, records.save_activity(db, draft, TODAY))
    assert (saved.participants, saved.theme) == (8, "Lettres")
    assert (saved.audience_size, saved.first_timers) == (None, None)
    current, _ = summarize(db, Period.for_year(2025), "LYON")
    assert current.by_kind["atelier"].participants == 8
    assert current.audience == 0 and current.first_timers == 0


def test_summary_pdf_names_it(atelier: ActivityKind, db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    records.save_activity(db, sample_draft(atelier, lyon.id, vid), TODAY)
    records.save_activity(db, sample_draft(ActivityKind.GROUP, lyon.id, vid), TODAY)
    current, previous = summarize(db, Period.for_year(2025), "LYON")
    assert (current.count("atelier"), current.count("groupe"), current.participants) == (1, 1, 4)
    out = io.BytesIO()
    render_summary(current, previous, out, generated_on=date(2026, 1, 10))
    text = " ".join(pdf_text(out.getvalue()).split())
    assert "ateliers d'écriture" in text
    assert "Ateliers d'écriture 1 0 nouveau" in text
    assert "Participations aux ateliers 2 0 nouveau" in text
    assert "Ateliers" in text  # chart legend and month table


def test_csv_rule_and_export_with_builtin_kinds(
    atelier: ActivityKind, db: Database, tmp_path: Path
) -> None:
    lyon = factories.antenna(db)
    factories.volunteer(db, lyon.id)
    too_many = csv_line(atelier, "LYON", DAY).replace(";2;", ";14;", 1)
    bad = write_csv(tmp_path / "bad.csv", [ACTIVITY_HEADER, too_many])
    with pytest.raises(BadInputError) as error:
        import_activities(db, bad, today=TODAY)
    assert error.value.problems == [
        "ligne 2, colonne participants : 14 participants pour un atelier (12 au plus)"
    ]
    lines = [csv_line(kind, "LYON", DAY) for kind in KINDS]
    good = write_csv(tmp_path / "good.csv", [ACTIVITY_HEADER, *lines])
    assert import_activities(db, good, today=TODAY).activities_created == 4
    assert records.count_activities(db, ActivityFilter(kind=atelier)) == 1
    prepared = prepare_export(db, 2025, "LYON")
    assert prepared.ok, prepared.problems
    assert list(prepared.document["by_kind"]) == ["groupe", "visite", "temoignage", "atelier"]
    path = tmp_path / "lyon.json"
    write_export(prepared, path)
    result = consolidate([path])
    assert [result.totals.count(k.code) for k in KINDS] == [1, 1, 1, 1]
    assert result.totals.by_kind["atelier"].participants == 2
