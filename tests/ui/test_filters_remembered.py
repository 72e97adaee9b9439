"""Each activity list shows, at the next start, the filters it had (issue 11: remembered)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pea_desktop.domain.enums import VolunteerRole
from pea_desktop.services.organisation.volunteers import VolunteerRow
from pea_desktop.ui.activities.filter_bar import FilterBar
from tests.ui.keyboard import type_text

KEY = "bases/test/filters/groupe"


def _volunteers() -> list[VolunteerRow]:
    return [
        VolunteerRow(
            id,
            first,
            "Martin",
            "LYON",
            VolunteerRole.VOLUNTEER,
            "",
            "",
            "",
            None,
            None,
            False,
            True,
        )
        for id, first in ((3, "Anaïs"), (7, "Benoît"))
    ]


def _bar(qtbot: Any) -> FilterBar:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.remember_as(KEY)
    bar.set_volunteers(_volunteers())
    return bar


def test_period_dates_volunteer_and_search_come_back(qtbot: Any) -> None:
    first = _bar(qtbot)
    first.period.setCurrentIndex(first.period.findData("custom"))
    first.date_from.set_value(date(2025, 2, 1))
    first.date_to.set_value(date(2025, 3, 31))
    first.volunteer.setCurrentIndex(first.volunteer.findData(7))
    with qtbot.waitSignal(first.changed, timeout=2000):
        type_text(first.text, "cèdres")

    again = _bar(qtbot)
    assert again.period.currentData() == "custom"
    assert again.bounds() == (date(2025, 2, 1), date(2025, 3, 31))
    assert again.volunteer_id() == 7
    assert again.search_text() == "cèdres"


def test_a_new_list_starts_with_every_date_and_everyone(qtbot: Any) -> None:
    bar = _bar(qtbot)
    assert bar.period.currentData() == "all"
    assert bar.volunteer_id() is None and bar.search_text() == ""
