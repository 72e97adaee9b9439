"""Several people at once: stale saves refused, who saved, the audit trail, the data stamp."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select, text

from pea_desktop.domain.errors import StaleRecordError
from pea_desktop.services import concurrency
from pea_desktop.services.activities.records import (
    activity_last_change,
    delete_activities,
    load_activity,
    restore_activities,
    save_activity,
)
from pea_desktop.store import acting
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, ChangeLog
from tests.factories import TODAY, antenna, group, volunteer


def actor(db: Database, chosen: str) -> str:
    """Who the base records: the server login on a server, else the name chosen."""
    return db.server.user if db.server is not None else chosen


@pytest.fixture
def activity_id(db: Database) -> int:
    site = antenna(db)
    return group(db, site.id, [volunteer(db, site.id)])


def test_saving_an_outdated_copy_is_refused_and_names_who_saved(
    db: Database, activity_id: int
) -> None:
    acting.choose_name("Camille")
    mine = load_activity(db, activity_id)
    theirs = load_activity(db, activity_id)
    assert mine.version == 1
    save_activity(db, replace(theirs, place="Salle B"), TODAY)

    with pytest.raises(StaleRecordError) as refused:
        save_activity(db, replace(mine, place="Salle C"), TODAY)

    message = refused.value.message
    who = actor(db, "Camille")
    assert message.startswith(f"Cette activité a été modifiée entre-temps par {who} le ")
    assert message.endswith(" : vos changements n'ont pas été enregistrés.")
    current = load_activity(db, activity_id)
    assert current.place == "Salle B"
    assert current.version == 2
    # Reloaded, the same change goes through.
    save_activity(db, replace(current, place="Salle C"), TODAY)
    assert load_activity(db, activity_id).place == "Salle C"


def test_a_flush_racing_another_save_is_refused_the_same_way(
    db: Database, activity_id: int
) -> None:
    refused = pytest.raises(StaleRecordError, match="Cette activité a été modifiée entre-temps")
    with refused, db.session() as session:
        activity = session.get(Activity, activity_id)
        assert activity is not None
        # Another transaction's save, as PostgreSQL lets it land between our read and our
        # write (READ COMMITTED): the ORM does not see it.
        session.execute(
            text("UPDATE activity SET version = version + 1, place = 'X' WHERE id = :id"),
            {"id": activity_id},
        )
        activity.place = "Y"
    assert load_activity(db, activity_id).place != "Y"


def test_each_save_says_who_and_is_in_the_audit_trail(db: Database, activity_id: int) -> None:
    acting.choose_name("Dominique Bernard")
    save_activity(db, replace(load_activity(db, activity_id), place="Salle B"), TODAY)
    last = activity_last_change(db, activity_id)
    assert last is not None
    who = actor(db, "Dominique Bernard")
    assert (last.actor, last.version) == (who, 2)

    delete_activities(db, [activity_id])
    restore_activities(db, [activity_id])
    with db.session() as session:
        uuid = session.scalar(select(Activity.uuid).where(Activity.id == activity_id))
        lines = session.scalars(
            select(ChangeLog).where(ChangeLog.row_uuid == uuid).order_by(ChangeLog.id)
        ).all()
    assert [line.action for line in lines] == ["created", "updated", "deleted", "restored"]
    assert [line.actor for line in lines[1:]] == [who] * 3
    assert lines[1].summary == "Activité groupe de parole du 14/03/2026 : lieu"
    # Nothing about the people helped, no typed text: only field names.
    assert all("Salle" not in line.summary for line in lines)
    last = activity_last_change(db, activity_id)
    assert last is not None
    assert last.version == 4


def test_deleting_a_row_changed_since_it_was_shown_is_refused(
    db: Database, activity_id: int
) -> None:
    shown = load_activity(db, activity_id).version
    assert shown is not None
    save_activity(db, replace(load_activity(db, activity_id), place="Salle B"), TODAY)
    with pytest.raises(StaleRecordError, match="n'a pas été supprimée"):
        delete_activities(db, [activity_id], {activity_id: shown})
    assert load_activity(db, activity_id).place == "Salle B"
    delete_activities(db, [activity_id], {activity_id: shown + 1})


def test_the_data_stamp_moves_with_every_change(db: Database, activity_id: int) -> None:
    before = concurrency.data_stamp(db)
    assert concurrency.data_stamp(db) == before
    save_activity(db, replace(load_activity(db, activity_id), place="Salle B"), TODAY)
    assert concurrency.data_stamp(db) > before


def test_history_reads_newest_first(db: Database, activity_id: int) -> None:
    save_activity(db, replace(load_activity(db, activity_id), place="Salle B"), TODAY)
    lines = concurrency.history(db, limit=2)
    assert [line.action for line in lines] == ["modification", "création"]
    assert lines[0].what == "Activité"


def test_the_chosen_name_defaults_to_the_system_login() -> None:
    assert acting.local_actor() == acting.system_login()
    acting.choose_name("  Anaïs   Dupont ")
    assert acting.local_actor() == "Anaïs Dupont"
    acting.choose_name("")
    assert acting.local_actor() == acting.system_login()
