"""The places the coordinator sent join the place suggestions of a volunteer's laptop."""

from __future__ import annotations

from pathlib import Path

from pea_desktop.services.activities.records import place_suggestions
from pea_desktop.store.database import Database
from tests.services.exchange import world


def test_coordinator_places_follow_the_volunteers_own(
    tmp_path: Path, migrated_template: Path, db: Database
) -> None:
    coord = world.coordinator(tmp_path, migrated_template, db)
    for place in ("CSAPA de la Croix-Rousse", "CSAPA de la Croix-Rousse", "Mairie du 7e"):
        world.log_group(coord, "Bruno", place=place)
    alice = world.join(coord, tmp_path, migrated_template, "Alice Bérard")
    try:
        antenna = alice.antenna_id()
        assert place_suggestions(alice.db, antenna) == ["CSAPA de la Croix-Rousse", "Mairie du 7e"]
        for place in ("Salle Paul-Bert", "Salle Paul-Bert", "Mairie du 7e"):
            world.log_group(alice, "Alice", place=place)
        # Typed here first (most used first), then the coordinator's, each place once.
        assert place_suggestions(alice.db, antenna) == [
            "Salle Paul-Bert",
            "Mairie du 7e",
            "CSAPA de la Croix-Rousse",
        ]
        assert place_suggestions(alice.db, antenna, limit=1) == ["Salle Paul-Bert"]
        assert place_suggestions(coord.db, coord.antenna_id()) == [
            "CSAPA de la Croix-Rousse",
            "Mairie du 7e",
        ]
    finally:
        alice.db.close()
        coord.db.close()
