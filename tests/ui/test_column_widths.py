"""Column widths the user set are kept from one start to the next, per list (issue 11)."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.ui.activities.view import ActivityView
from pea_desktop.ui.common import settings
from pea_desktop.ui.common.column_widths import SAVE_DELAY_MS
from pea_desktop.ui.organisation.partner_view import PartnerView
from pea_desktop.ui.organisation.volunteer_view import VolunteerView


def test_a_column_width_set_by_hand_comes_back_in_the_next_start(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    first = VolunteerView(context, QUndoStack())
    qtbot.addWidget(first)
    header = first.table.horizontalHeader()
    default = header.sectionSize(0)
    header.resizeSection(0, default + 77)  # what dragging the column's edge does
    qtbot.waitUntil(
        lambda: settings.column_widths("VolunteerView") != [], timeout=SAVE_DELAY_MS * 5
    )
    assert settings.column_widths("VolunteerView")[0] == default + 77
    first.deleteLater()

    again = VolunteerView(context, QUndoStack())  # as at the next start
    qtbot.addWidget(again)
    assert again.table.horizontalHeader().sectionSize(0) == default + 77
    # Another list keeps its own widths.
    partners = PartnerView(context, QUndoStack())
    qtbot.addWidget(partners)
    assert settings.column_widths("PartnerView") == []
    assert partners.table.horizontalHeader().sectionSize(0) != default + 77


def test_each_activity_kind_remembers_its_own_columns(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    groups = ActivityView(context, ActivityKind.GROUP, QUndoStack())
    qtbot.addWidget(groups)
    visits = ActivityView(context, ActivityKind.VISIT, QUndoStack())
    qtbot.addWidget(visits)
    visit_width = visits.table.horizontalHeader().sectionSize(1)
    groups.table.horizontalHeader().resizeSection(1, 233)
    qtbot.waitUntil(
        lambda: bool(settings.column_widths(groups.list_name)), timeout=SAVE_DELAY_MS * 5
    )
    assert (
        ActivityView(context, ActivityKind.GROUP, QUndoStack())
        .table.horizontalHeader()
        .sectionSize(1)
        == 233
    )
    assert (
        ActivityView(context, ActivityKind.VISIT, QUndoStack())
        .table.horizontalHeader()
        .sectionSize(1)
        == visit_width
    )


def test_widths_of_another_version_are_ignored(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    settings.remember_column_widths("VolunteerView", [500, 500])  # not its number of columns
    view = VolunteerView(context, QUndoStack())
    qtbot.addWidget(view)
    assert view.table.horizontalHeader().sectionSize(0) != 500
