"""`pea-desktop history`: who changed what, and when, newest first."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.services.activities.records import delete_activities, load_activity, save_activity
from pea_desktop.store import acting
from pea_desktop.store.database import open_database
from tests import factories


def test_history_lists_the_latest_changes_with_who(
    migrated_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--db", str(migrated_db_path)]) == 0
    assert "Aucune modification enregistrée." in capsys.readouterr().out

    acting.choose_name("Camille Roux")
    db = open_database(migrated_db_path)
    lyon = factories.antenna(db)
    activity = factories.visit(db, lyon.id, [factories.volunteer(db, lyon.id)])
    save_activity(db, replace(load_activity(db, activity), place="CHU Sud"), factories.TODAY)
    delete_activities(db, [activity])
    db.close()

    assert main(["history", "--db", str(migrated_db_path), "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert "Camille Roux" in lines[0] and "mise à la corbeille" in lines[0]
    assert "modification" in lines[1] and "Activité visite du 02/04/2026 : lieu" in lines[1]
    # The pseudonymous reference and the place typed are not in the trail.
    assert all("V-2026-014" not in line and "CHU Sud" not in line for line in lines)

    assert main(["history", "--db", str(migrated_db_path), "--limit", "0"]) == 2
    assert "--limit" in capsys.readouterr().err
