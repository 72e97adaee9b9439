"""What a new activity starts with, from the last one of its kind at its antenna.

Logging is faster than a spreadsheet when the form already holds what rarely changes: the place,
the start time, the duration and the fields marked ``remembered`` (activity_fields). "Same as
last time" also takes the volunteers. Neither ever copies counts, the theme, a reference, notes
or expenses: those are new each time, and copying them by surprise would misfile work.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pea_desktop.domain.activity_rules import ActivityDraft


def remembered_draft(
    draft: ActivityDraft, last: ActivityDraft | None, *, with_volunteers: bool = False
) -> ActivityDraft:
    """``draft`` (a new activity) completed with what ``last`` had that usually stays."""
    if last is None or draft.id is not None or last.kind is not draft.kind:
        return draft
    values: dict[str, Any] = {
        "place": draft.place or last.place,
        "start_time": draft.start_time or last.start_time,
        "duration_minutes": draft.duration_minutes or last.duration_minutes,
    }
    for use in draft.kind.fields:
        if use.field.remembered and getattr(draft, use.name) in (None, ""):
            values[use.name] = getattr(last, use.name)
    if with_volunteers and not draft.volunteer_ids:
        values["volunteer_ids"] = list(last.volunteer_ids)
    return replace(draft, **values)
