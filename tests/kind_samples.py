"""Walk an activity kind through every table: service, list, rules, summary, federation export
and consolidation, CSV import, UI list and form. Used for every registered kind and for an
extra kind registered at run time (tests/test_extra_activity_kind.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog

from pea_desktop.domain.activity_fields import ValueKind
from pea_desktop.domain.activity_kinds import (
    ActivityKind,
    CellReport,
    FieldUse,
    KindFigure,
    ListColumn,
)
from pea_desktop.domain.activity_rules import ActivityDraft, validate_activity
from pea_desktop.domain.period import Period
from pea_desktop.domain.problems import AddProblem, Problem
from pea_desktop.services.activities import records
from pea_desktop.services.activities.records import ActivityFilter
from pea_desktop.services.federation.consolidation import consolidate
from pea_desktop.services.federation.export import prepare_export, write_export
from pea_desktop.services.importing import import_activities
from pea_desktop.services.summaries.summary import summarize
from pea_desktop.store.database import Database
from pea_desktop.ui.activities.dialog import ActivityDialog
from pea_desktop.ui.activities.view import ActivityView
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.main_window import MainWindow
from tests import factories
from tests.services.import_helpers import ACTIVITY_HEADER, write_csv

DAY = date(2025, 3, 12)
TODAY = date(2026, 1, 10)
TEXTS = {"reference": "R-2025-001"}
MAX_WRITERS = 12


def _at_most_twelve(values: Mapping[str, Any], add: AddProblem) -> None:
    participants = values.get("participants")
    if participants is not None and participants > MAX_WRITERS:
        add(Problem("participants", "Un atelier d'écriture accueille au plus 12 participants."))


def _csv_at_most_twelve(values: Mapping[str, Any], cells: CellReport) -> None:
    participants = values.get("participants")
    if participants is not None and participants > MAX_WRITERS:
        cells.fail("participants", f"{participants} participants pour un atelier (12 au plus)")


# The extra kind: no new field, a rule of its own.
ATELIER = ActivityKind(
    code="atelier",
    label="Atelier d'écriture",
    plural="Ateliers d'écriture",
    short="Ateliers",
    title="Ateliers d'écriture",
    noun="atelier d'écriture",
    feminine=False,
    count_nouns=("atelier", "ateliers"),
    default_duration=150,
    colour="#8e5ba8",
    fields=(
        FieldUse("participants", required="Indiquez le nombre de participants à l'atelier."),
        FieldUse("theme", required="Indiquez le thème de l'atelier."),
    ),
    columns=(
        ListColumn("place", "Lieu", width=200),
        ListColumn("theme", "Thème", stretch=True),
        ListColumn("participants", "Participants", numeric=True, width=90),
        ListColumn("volunteers", "Animé par", width=200),
    ),
    rules=(_at_most_twelve,),
    csv_rules=(_csv_at_most_twelve,),
    figures=(
        KindFigure("participants", "Participations aux ateliers", tile=1, column="Écrivants"),
    ),
    demo_weight=10,
)


def sample_value(use: FieldUse) -> Any:
    """A valid value of a field, from its type: every kind's rules accept it."""
    spec = use.field
    if spec.value is ValueKind.COUNT:
        return 2
    if spec.value is ValueKind.CHOICE:
        assert spec.choices is not None
        return next(iter(spec.choices))
    if spec.value is ValueKind.TEXT:
        return TEXTS.get(use.name, "Écrire son chemin")
    return None  # a partner: optional everywhere


def sample_draft(kind: ActivityKind, antenna_id: int, volunteer_id: int) -> ActivityDraft:
    draft = ActivityDraft(
        kind=kind, antenna_id=antenna_id, date=DAY, duration_minutes=60, place="Maison des assos"
    )
    draft.volunteer_ids = [volunteer_id]
    for use in kind.fields:
        setattr(draft, use.name, sample_value(use))
    return draft


def csv_line(kind: ActivityKind, antenna_code: str, day: date) -> str:
    """A line of the activity spreadsheet for ``kind`` (``type`` = its code)."""
    cells = dict.fromkeys(ACTIVITY_HEADER.split(";"), "")
    cells.update(type=kind.code, date=day.strftime("%d/%m/%Y"), antenne=antenna_code)
    cells["benevoles"] = "Élodie Martin"
    for use in kind.fields:
        if use.source_column:
            value = sample_value(use)
            cells[use.source_column] = str(getattr(value, "value", value))
    return ";".join(cells.values())


def walk_services(db: Database, tmp_path: Path, kind: ActivityKind) -> None:
    """Create, list, validate, summarise, export, consolidate and import one ``kind``."""
    lyon = factories.antenna(db, "LYON", "Lyon")
    vid = factories.volunteer(db, lyon.id)
    draft = sample_draft(kind, lyon.id, vid)
    # validated: complete, it passes; each required field left out is reported
    assert validate_activity(draft, TODAY) == []
    for use in kind.fields:
        if use.required:
            empty = replace(draft, **{use.name: use.field.blank})
            assert use.required in [p.message for p in validate_activity(empty, TODAY)]
    # created through the service, then listed with its own fields
    activity_id = records.save_activity(db, draft, TODAY)
    rows = records.fetch_activities(db, ActivityFilter(kind=kind))
    assert [(r.id, r.kind) for r in rows] == [(activity_id, kind)]
    loaded = records.load_activity(db, activity_id)
    assert loaded.kind is kind
    for use in kind.fields:
        assert getattr(loaded, use.name) == getattr(draft, use.name)
    # summarised
    current, _ = summarize(db, Period.for_year(2025), "LYON")
    assert current.count(kind.code) == 1 and current.activities == 1
    figures = current.by_kind[kind.code]
    for measure in kind.measures:
        assert figures.measure(measure) == 2
    assert {f.key for f in current.key_figures()} >= {kind.figure_key()}
    # exported to the federation, and read back by the consolidation
    prepared = prepare_export(db, 2025, "LYON", now=datetime(2026, 1, 5, tzinfo=UTC))
    assert prepared.ok, prepared.problems
    assert prepared.document["by_kind"][kind.code]["activities"] == 1
    assert {row["kind"] for row in prepared.document["months"]} == {kind.code}
    path = tmp_path / "lyon.json"
    write_export(prepared, path)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 3
    result = consolidate([path])
    assert result.totals.count(kind.code) == 1 and result.totals.activities == 1
    assert [m.kind for m in result.months] == [kind.code]
    # imported from a CSV line whose type is its code
    csv = write_csv(
        tmp_path / "in.csv", [ACTIVITY_HEADER, csv_line(kind, "LYON", DAY.replace(day=20))]
    )
    report = import_activities(db, csv, today=TODAY)
    assert report.activities_created == 1
    assert records.count_activities(db, ActivityFilter(kind=kind)) == 2
    imported = max(r.id for r in records.fetch_activities(db, ActivityFilter(kind=kind)))
    imported_draft = records.load_activity(db, imported)
    for use in kind.fields:
        if use.source_column:
            assert getattr(imported_draft, use.name) == sample_value(use)


def walk_ui(qtbot: Any, db: Database, kind: ActivityKind) -> None:
    """The main window has the kind's list, which shows it; its form edits its fields."""
    lyon = factories.antenna(db, "LYON", "Lyon")
    vid = factories.volunteer(db, lyon.id)
    activity_id = records.save_activity(db, sample_draft(kind, lyon.id, vid), TODAY)
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    views = [v for v in window.views if isinstance(v, ActivityView) and v.kind is kind]
    assert len(views) == 1
    view = views[0]
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert kind.title in titles
    window.tabs.setCurrentWidget(view)
    view.refresh()
    assert view.model.rowCount() == 1, view.model.rowCount()
    assert view.model.row_at(0).id == activity_id
    headers = [view.model.headerData(c, _horizontal()) for c in range(view.model.columnCount())]
    assert [c.title for c in kind.columns] == headers[3:-1]
    dialog = ActivityDialog(db, records.load_activity(db, activity_id), [lyon])
    qtbot.addWidget(dialog)
    assert kind.noun in dialog.windowTitle()
    edited = dialog.draft()
    for use in kind.fields:
        assert getattr(edited, use.name) == sample_value(use)
    assert dialog.current_problems() == []
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
