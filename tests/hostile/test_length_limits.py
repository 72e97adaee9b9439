"""Names and free texts are bounded in length at entry (services) and at import (CSV): a text
the application lets in can always be printed, exported and consolidated (issue 13)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft, validate_activity
from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.limits import CODE_MAX, NAME_MAX, NOTE_MAX, PHONE_MAX, SHORT_TEXT_MAX
from pea_desktop.services import association
from pea_desktop.services.activities.records import save_activity
from pea_desktop.services.importing import import_activities, import_volunteers
from pea_desktop.services.organisation import antennas, partners, setup, volunteers
from pea_desktop.store.database import Database
from tests import factories
from tests.services.import_helpers import (
    ACTIVITY_HEADER,
    VOLUNTEER_HEADER,
    snapshot,
    write_csv,
)

TODAY = date(2026, 1, 15)


def group_draft(antenna_id: int, volunteer_id: int, **changes: object) -> ActivityDraft:
    draft = ActivityDraft(
        kind=ActivityKind.GROUP,
        antenna_id=antenna_id,
        date=date(2026, 1, 10),
        duration_minutes=120,
        volunteer_ids=[volunteer_id],
        participants=5,
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


# --- entry: the validation used by forms and services --------------------------------------


@pytest.mark.parametrize(
    ("field", "maximum", "label"),
    [
        ("place", SHORT_TEXT_MAX, "Le lieu"),
        ("theme", SHORT_TEXT_MAX, "Le thème"),
        ("notes", NOTE_MAX, "Les notes"),
    ],
)
def test_activity_texts_longer_than_the_limit_are_refused(
    db: Database, field: str, maximum: int, label: str
) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    at_limit = group_draft(lyon.id, vid, **{field: "é" * maximum})
    assert validate_activity(at_limit, TODAY) == []
    too_long = group_draft(lyon.id, vid, **{field: "é" * (maximum + 1)})
    [problem] = validate_activity(too_long, TODAY)
    assert problem.field == field
    assert problem.message == f"{label} : {maximum + 1} caractères, {maximum} au plus"
    before = snapshot(db)
    with pytest.raises(BadInputError):
        save_activity(db, too_long, TODAY)
    assert snapshot(db) == before


def test_a_visit_reference_is_bounded(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    draft = ActivityDraft(
        kind=ActivityKind.VISIT,
        antenna_id=lyon.id,
        date=date(2026, 1, 10),
        volunteer_ids=[vid],
        reference="V" + "1" * CODE_MAX,
    )
    assert "reference" in {p.field for p in validate_activity(draft, TODAY)}


@pytest.mark.parametrize(
    ("field", "maximum"),
    [
        ("first_name", NAME_MAX),
        ("last_name", NAME_MAX),
        ("phone", PHONE_MAX),
        ("address", SHORT_TEXT_MAX),
        ("city", NAME_MAX),
    ],
)
def test_volunteer_texts_longer_than_the_limit_are_refused(
    db: Database, field: str, maximum: int
) -> None:
    lyon = factories.antenna(db)
    draft = volunteers.VolunteerDraft(first_name="Léa", last_name="Roux", antenna_id=lyon.id)
    setattr(draft, field, "1" * (maximum + 1))
    before = snapshot(db)
    with pytest.raises(BadInputError) as caught:
        volunteers.save_volunteer(db, draft)
    assert any(f"{maximum + 1} caractères, {maximum} au plus" in p for p in caught.value.problems)
    assert snapshot(db) == before
    setattr(draft, field, "1" * maximum)
    volunteers.save_volunteer(db, draft)


def test_a_long_email_is_refused(db: Database) -> None:
    lyon = factories.antenna(db)
    email = "a" * SHORT_TEXT_MAX + "@exemple.fr"
    draft = volunteers.VolunteerDraft(
        first_name="Léa", last_name="Roux", antenna_id=lyon.id, email=email
    )
    assert "L'adresse e-mail : " in " ".join(volunteers.validate_volunteer(draft))


def test_antenna_partner_and_association_names_are_bounded(db: Database) -> None:
    long_name = "Antenne " + "x" * NAME_MAX
    before = snapshot(db)
    with pytest.raises(BadInputError) as caught:
        antennas.save_antenna(db, "LYON", long_name)
    assert caught.value.problems == [
        f"Le nom de l'antenne : {len(long_name)} caractères, {NAME_MAX} au plus"
    ]
    with pytest.raises(BadInputError):
        partners.save_partner(db, partners.PartnerDraft(name=long_name))
    with pytest.raises(BadInputError) as caught:
        association.checked(AssociationInfo(name=long_name))
    assert any("Le nom de l'association" in p for p in caught.value.problems)
    problems = setup.validate_setup(
        AssociationInfo(name=long_name),
        setup.FirstAntenna("LYON", long_name),
        volunteers.VolunteerDraft(first_name="Léa", last_name="Roux"),
    )
    assert any("Le nom de l'association" in p for p in problems)
    assert any("Le nom de l'antenne" in p for p in problems)
    assert snapshot(db) == before
    antennas.save_antenna(db, "LYON", "x" * NAME_MAX)  # at the limit: accepted


# --- import: a French message naming line and column, nothing written ----------------------


def refused_import(db: Database, path: Path, volunteers_file: bool = False) -> list[str]:
    before = snapshot(db)
    with pytest.raises(BadInputError) as caught:
        if volunteers_file:
            import_volunteers(db, path)
        else:
            import_activities(db, path, today=TODAY)
    assert snapshot(db) == before
    return caught.value.problems


def test_an_activity_import_with_a_long_place_or_note_is_refused(
    db: Database, tmp_path: Path
) -> None:
    lyon = factories.antenna(db)
    factories.volunteer(db, lyon.id, "Marie", "Dupont")
    long_place = "p" * (SHORT_TEXT_MAX + 1)
    long_note = "n" * (NOTE_MAX + 1)
    good = "groupe;10/01/2026;LYON;Marie Dupont;2h;Salle;5;;;;;;;;;;;"
    path = write_csv(
        tmp_path / "a.csv",
        [
            ACTIVITY_HEADER,
            good,
            f"groupe;10/01/2026;LYON;Marie Dupont;2h;{long_place};5;;;;;;;;;;;",
            f"groupe;10/01/2026;LYON;Marie Dupont;2h;Salle;5;;;;;;;;;;;{long_note}",
        ],
    )
    problems = refused_import(db, path)
    assert len(problems) == 2
    assert problems[0].startswith("ligne 3, colonne lieu : « ppp")
    assert problems[0].endswith(f"est trop long ({SHORT_TEXT_MAX} caractères au plus)")
    assert problems[1].startswith("ligne 4, colonne notes : ")
    assert problems[1].endswith(f"({NOTE_MAX} caractères au plus)")


def test_an_activity_import_with_a_long_volunteer_name_is_refused(
    db: Database, tmp_path: Path
) -> None:
    lyon = factories.antenna(db)
    factories.volunteer(db, lyon.id, "Marie", "Dupont")
    long_last = "D" + "u" * NAME_MAX
    path = write_csv(
        tmp_path / "a.csv",
        [ACTIVITY_HEADER, f"groupe;10/01/2026;LYON;Marie {long_last};2h;Salle;5;;;;;;;;;;;"],
    )
    [problem] = refused_import(db, path)
    assert problem.startswith("ligne 2, colonne benevoles : ")
    assert problem.endswith(f"est trop long ({NAME_MAX} caractères au plus)")


def test_a_volunteer_import_with_long_names_or_phone_is_refused(
    db: Database, tmp_path: Path
) -> None:
    factories.antenna(db)
    path = write_csv(
        tmp_path / "b.csv",
        [
            VOLUNTEER_HEADER,
            "Léa;Roux;LYON;;;;;;;;;",
            f"{'L' * (NAME_MAX + 1)};Roux;LYON;;;;;;;;;",
            f"Léa;Roux;LYON;;;{'0' * (PHONE_MAX + 1)};;;;;;",
        ],
    )
    problems = refused_import(db, path, volunteers_file=True)
    assert problems[0].startswith("ligne 3, colonne prenom : ")
    assert problems[0].endswith(f"({NAME_MAX} caractères au plus)")
    assert problems[1].startswith("ligne 4, colonne telephone : ")
    assert problems[1].endswith(f"({PHONE_MAX} caractères au plus)")
