"""Retention: old visit details purged (preview, backup first), a volunteer's data exported
and erased, keeping the counts and the claims the law requires."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.period import Period
from pea_desktop.services.backups import check_backup
from pea_desktop.services.claims.workflow import prepare_month
from pea_desktop.services.retention import (
    erase_volunteer,
    find_volunteer,
    purge_old_details,
    retention_preview,
    retention_years,
    set_retention_years,
    volunteer_data,
)
from pea_desktop.services.summaries.summary import summarize
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, ExpenseLine, Volunteer
from tests import factories
from tests.services.claim_builders import add_line, build_world

TODAY = date(2026, 11, 25)


def test_old_references_and_notes_are_purged_after_preview_and_backup(db: Database) -> None:
    lyon = factories.antenna(db)
    helper = factories.volunteer(db, lyon.id)
    old = factories.visit(
        db, lyon.id, [helper], date=date(2022, 5, 3), reference="V-2022-001", notes="M. X, ch. 12"
    )
    recent = factories.visit(
        db, lyon.id, [helper], date=date(2025, 5, 3), reference="V-2025-001", notes="à revoir"
    )
    assert retention_years(db, "LYON") == 3
    preview = retention_preview(db, "lyon", TODAY)
    assert (preview.activities, preview.references, preview.notes) == (1, 1, 1)
    assert preview.cutoff == date(2023, 11, 25)
    assert "1 activité(s) antérieure(s) au 25/11/2023" in preview.describe()
    before, _ = summarize(db, Period.for_year(2022), "LYON")
    with db.session() as session:  # the preview changed nothing
        assert session.get_one(Activity, old).reference == "V-2022-001"

    result = purge_old_details(db, ["LYON"], TODAY)
    if db.on_server:  # no file to copy: the administrator's pg_dump is the backup
        assert result.backup is None
        assert "pg_dump" in result.describe()
    else:
        assert result.backup is not None and check_backup(result.backup).activities == 2
    with db.session() as session:
        purged, kept = session.get_one(Activity, old), session.get_one(Activity, recent)
        assert (purged.reference, purged.notes) == ("", "")
        assert (kept.reference, kept.notes) == ("V-2025-001", "à revoir")
    after, _ = summarize(db, Period.for_year(2022), "LYON")
    assert after.count("visite") == before.count("visite") == 1  # still counted
    assert purge_old_details(db, ["LYON"], TODAY).backup is None  # nothing left: no copy

    set_retention_years(db, "LYON", 1)
    assert retention_preview(db, "LYON", TODAY).activities == 1
    with pytest.raises(BadInputError, match="entre 1 et 10"):
        set_retention_years(db, "LYON", 0)
    with pytest.raises(BadInputError, match="inconnue"):
        retention_preview(db, "NANTES", TODAY)


def test_volunteer_data_export_holds_their_data_not_the_people_helped(db: Database) -> None:
    lyon = factories.antenna(db)
    helper = factories.volunteer(db, lyon.id, first="Élodie", last="Martin")
    factories.visit(db, lyon.id, [helper], reference="V-2026-099", notes="Mme Secret")
    add_line(db, helper, date(2026, 4, 2), km="12", description="Visite CHU")
    assert find_volunteer(db, "martin élodie") == helper
    with pytest.raises(BadInputError, match="inconnu"):
        find_volunteer(db, "Jean Personne")
    data = volunteer_data(db, helper)
    text = json.dumps(data, ensure_ascii=False)
    assert data["identity"]["first_name"] == "Élodie"
    assert data["activities"][0]["kind"] == "visite"
    assert Decimal(data["expenses"][0]["km"]) == Decimal("12")
    assert "V-2026-099" not in text and "Mme Secret" not in text


def test_erasure_keeps_counts_and_the_claims_the_law_requires(db: Database) -> None:
    world = build_world(db)
    add_line(db, world.alice, date(2026, 3, 4), km="30")
    prepare_month(db, 2026, 3)  # Alice has a claim: her name stays 10 years
    add_line(
        db,
        world.bruno,
        date(2026, 3, 5),
        kind=ExpenseKind.OTHER,
        amount="5.00",
        description="Taxi depuis le 14 avenue Jean-Jaurès",
    )
    with db.session() as session:
        session.get_one(Volunteer, world.bruno).email = "bruno@example.org"
        line = session.query(ExpenseLine).filter_by(volunteer_id=world.bruno).one()
        line.claim_id = None
    visit = factories.visit(db, world.antenna, [world.bruno])

    bruno = erase_volunteer(db, world.bruno, TODAY)
    assert bruno.kept_until is None
    if db.on_server:  # no file to copy: the administrator's pg_dump is the backup
        assert bruno.backup is None and "pg_dump" in bruno.describe()
    else:
        assert bruno.backup is not None
    assert "nom" in bruno.erased
    alice = erase_volunteer(db, world.alice, TODAY)
    assert alice.kept_until == date(2036, 12, 31)
    assert "2036" in alice.describe()
    with db.session() as session:
        b = session.get_one(Volunteer, world.bruno)
        assert (b.first_name, b.email, b.address, b.active) == ("Bénévole", "", "", False)
        assert b.erased_at is not None
        assert (
            "Jean-Jaurès"
            not in session.query(ExpenseLine).filter_by(volunteer_id=world.bruno).one().description
        )
        a = session.get_one(Volunteer, world.alice)
        assert (a.first_name, a.last_name) == ("Alice", "Bérard")  # on her claim
        assert a.vehicle_kind is None and a.erased_at is not None
        # the anonymous volunteer still counts in the visit
        assert [v.id for v in session.get_one(Activity, visit).volunteers] == [world.bruno]
