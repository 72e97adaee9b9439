"""Issue 13, item 6: the export's privacy check catches what an antenna must keep to itself."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.services.federation.export import prepare_export
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, Antenna, AssociationSettings, Volunteer
from tests.services import known_data

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def known(db: Database) -> known_data.Known:
    known = known_data.build(db)
    with db.session() as session:
        lyon_activity = session.get_one(Activity, 1)
        session.add(
            Activity(
                kind=lyon_activity.kind,
                antenna_id=known.lyon,
                date=date(2025, 6, 2),
                duration_minutes=60,
                participants=3,
                notes="Appel de Mme Kowalczyk",
                place="Hôtel-Dieu Nord",
            )
        )
        denis = session.get_one(Volunteer, known.volunteers["denis"])
        denis.email, denis.phone = "denis.durand@example.org", "04 76 00 11 22"
    return known


def _rename(
    db: Database, known: known_data.Known, *, antenna: str = "", association: str = ""
) -> None:
    with db.session() as session:
        if antenna:
            session.get_one(Antenna, known.lyon).name = antenna
        if association:
            session.get_one(AssociationSettings, 1).name = association


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("antenna", "Lyon Aubert Alice", "Aubert Alice"),  # the other order
        ("association", "Entraide Denis Durand", "Denis Durand"),  # another antenna's volunteer
        ("antenna", "Lyon Kowalczyk", "Kowalczyk"),  # a person a note names
        ("antenna", "Lyon (contact denis.durand@example.org)", "adresse e-mail"),
        ("antenna", "Lyon 04 76 00 11 22", "numéro de téléphone"),
        ("association", "Entraide, 3 place Bellecour", "adresse postale"),
        ("antenna", "Antenne Hôtel-Dieu Nord", "Hôtel-Dieu Nord"),  # a visit place
        ("antenna", "Lyon Barnabé", "Barnabé"),  # a person a visit place names
    ],
)
def test_personal_data_in_a_name_is_refused(
    db: Database, known: known_data.Known, field: str, text: str, expected: str
) -> None:
    _rename(db, known, **{field: text})
    prepared = prepare_export(db, 2025, "LYON", now=NOW)
    assert not prepared.ok
    assert any(expected in p and f"{field}.name" in p for p in prepared.problems), prepared.problems


def test_genuine_names_pass(db: Database, known: known_data.Known) -> None:
    assert prepare_export(db, 2025, "LYON", now=NOW).ok
    assert prepare_export(db, 2025, "GREN", now=NOW).ok


def test_export_command_refuses_and_prints_no_row_data_but_the_finding(
    db: Database, known: known_data.Known, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _rename(db, known, antenna="Lyon Aubert Alice")
    out = tmp_path / "lyon.json"
    args = ["export", "federation", "--db", str(db.path), "--year", "2025", "--antenna", "LYON"]
    assert main([*args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "n'a pas été écrit" in err and "Traceback" not in err
    assert not out.exists()


def test_a_name_the_federation_would_refuse_is_not_exported(
    db: Database, known: known_data.Known
) -> None:
    _rename(db, known, antenna="Lyon " * 400)
    prepared = prepare_export(db, 2025, "LYON", now=NOW)
    assert any("2000 caractères (120 au plus)" in p for p in prepared.problems)
