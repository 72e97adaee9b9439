from datetime import date

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft, validate_activity
from pea_desktop.domain.enums import InterventionFormat, Requester

TODAY = date(2026, 11, 25)


def fields_in_error(draft: ActivityDraft) -> set[str]:
    return {p.field for p in validate_activity(draft, TODAY)}


def valid_group() -> ActivityDraft:
    return ActivityDraft(
        kind=ActivityKind.GROUP, antenna_id=1, date=TODAY, volunteer_ids=[1], participants=8
    )


def test_valid_group_has_no_problem() -> None:
    assert validate_activity(valid_group(), TODAY) == []


def test_future_date_is_refused() -> None:
    draft = valid_group()
    draft.date = date(2026, 11, 26)
    problems = validate_activity(draft, TODAY)
    assert [p.field for p in problems] == ["date"]
    assert "futur" in problems[0].message


def test_missing_antenna_date_and_volunteers_are_each_named() -> None:
    draft = ActivityDraft(kind=ActivityKind.GROUP, participants=3)
    assert {"antenna", "date", "volunteers"} <= fields_in_error(draft)


def test_counts_cannot_be_negative_or_exceed_participants() -> None:
    draft = valid_group()
    draft.relatives = -1
    draft.first_timers = 9
    assert fields_in_error(draft) == {"relatives", "first_timers"}


def test_visit_needs_a_requester_and_a_pseudonymous_reference() -> None:
    draft = ActivityDraft(
        kind=ActivityKind.VISIT,
        antenna_id=1,
        date=TODAY,
        volunteer_ids=[1],
        reference="Jean Dupont",
    )
    assert fields_in_error(draft) == {"requester", "reference"}
    draft.requester = Requester.FAMILY
    draft.reference = "V-2026-014"
    assert fields_in_error(draft) == set()


def test_intervention_needs_its_format_and_a_plausible_duration() -> None:
    draft = ActivityDraft(
        kind=ActivityKind.INTERVENTION,
        antenna_id=1,
        date=TODAY,
        volunteer_ids=[1],
        duration_minutes=0,
    )
    assert fields_in_error(draft) == {"intervention_format", "duration"}
    draft.intervention_format = InterventionFormat.TESTIMONY
    draft.duration_minutes = 90
    assert fields_in_error(draft) == set()
