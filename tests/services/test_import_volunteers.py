"""Volunteers' list import (docs/formats.md): created, updated, never duplicated."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pea_desktop.domain.enums import VehicleKind, VolunteerRole
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.importing import ImportReport, check_volunteers, import_volunteers
from pea_desktop.services.importing.cells import choice_key
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, Volunteer
from tests.services.import_helpers import VOLUNTEER_HEADER, snapshot, write_csv

LINES = [
    VOLUNTEER_HEADER,
    "Marie;Dupont;LYON;coordinatrice;marie@example.org;06 12 34 56 78;3 rue Neuve;69001;Lyon;"
    "voiture;5;non",
    "Éloïse;Faure;LYON;Pair-aidante;;;;;;moto;3;",
    "Jean;Valjean;GRE;Patient-expert certifié;;;;;;Voiture;4;oui",
    "Paul;Martin;GRE;;;;;;;aucun;;",
]


def volunteers(db: Database) -> list[Volunteer]:
    with db.session() as session:
        rows = session.scalars(select(Volunteer).order_by(Volunteer.id)).all()
        for row in rows:
            _ = row.antenna.code
        return list(rows)


def run(db: Database, tmp_path: Path, lines: list[str], **options: object) -> ImportReport:
    path = write_csv(tmp_path / "benevoles.csv", lines, **options)  # type: ignore[arg-type]
    return import_volunteers(db, path)


def test_new_volunteers_are_created_with_every_field(db: Database, tmp_path: Path) -> None:
    report = run(db, tmp_path, LINES, encoding="cp1252", newline="\r\n")
    assert (report.volunteers_created, report.volunteers_updated) == (4, 0)
    assert report.antennas_created == 2
    marie, eloise, jean, paul = volunteers(db)
    assert (marie.first_name, marie.last_name, marie.name_key) == (
        "Marie",
        "Dupont",
        "marie dupont",
    )
    assert marie.role is VolunteerRole.COORDINATOR
    assert (marie.email, marie.phone, marie.address) == (
        "marie@example.org",
        "06 12 34 56 78",
        "3 rue Neuve",
    )
    assert (marie.postal_code, marie.city, marie.antenna.code) == ("69001", "Lyon", "LYON")
    assert (marie.vehicle_kind, marie.fiscal_horsepower, marie.electric) == (
        VehicleKind.CAR,
        5,
        False,
    )
    assert (eloise.first_name, eloise.role, eloise.vehicle_kind) == (
        "Éloïse",
        VolunteerRole.PEER_HELPER,
        VehicleKind.MOTORCYCLE,
    )
    assert (jean.role, jean.electric, jean.antenna.code) == (
        VolunteerRole.PATIENT_EXPERT,
        True,
        "GRE",
    )
    assert (paul.role, paul.vehicle_kind, paul.fiscal_horsepower) == (
        VolunteerRole.VOLUNTEER,
        VehicleKind.NONE,
        None,
    )
    assert "Bénévoles créés : 4" in report.summary()


def test_importing_the_same_file_twice_changes_nothing(db: Database, tmp_path: Path) -> None:
    run(db, tmp_path, LINES, bom=True)
    before = snapshot(db)
    again = run(db, tmp_path, LINES, bom=True)
    assert (again.volunteers_created, again.volunteers_updated) == (0, 0)
    assert (again.volunteers_unchanged, again.antennas_created) == (4, 0)
    assert snapshot(db) == before  # not even an updated_at moved
    assert "Rien n'a été modifié" in again.summary()


def test_known_volunteer_is_updated_and_empty_cells_keep_values(
    db: Database, tmp_path: Path
) -> None:
    run(db, tmp_path, LINES)
    marie_before = volunteers(db)[0]
    changed = [
        "prenom,nom,antenne,email,ville,cv",
        # Other case, other separator: still the same person; the empty city is kept.
        "Marie,DUPONT,lyon,marie.dupont@example.org,,6",
    ]
    report = run(db, tmp_path, changed)
    assert (report.volunteers_created, report.volunteers_updated) == (0, 1)
    marie = volunteers(db)[0]
    assert len(volunteers(db)) == 4
    assert (marie.id, marie.email, marie.fiscal_horsepower) == (
        marie_before.id,
        "marie.dupont@example.org",
        6,
    )
    assert (marie.city, marie.phone) == ("Lyon", "06 12 34 56 78")
    assert marie.role is VolunteerRole.COORDINATOR
    assert (marie.first_name, marie.last_name) == ("Marie", "DUPONT")  # the file's spelling
    assert marie.updated_at > marie_before.updated_at


def test_volunteer_created_by_an_activity_import_is_completed(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        lyon = Antenna(code="LYON")
        session.add(lyon)
        session.flush()
        session.add(
            Volunteer(
                antenna_id=lyon.id, first_name="Dupont", last_name="Marie", name_key="dupont marie"
            )
        )
    report = run(db, tmp_path, LINES[:2])
    assert (report.volunteers_created, report.volunteers_updated) == (0, 1)
    (marie,) = volunteers(db)
    assert (marie.first_name, marie.last_name, marie.name_key) == (
        "Marie",
        "Dupont",
        "marie dupont",
    )


def test_same_person_twice_in_the_file(db: Database, tmp_path: Path) -> None:
    report = run(db, tmp_path, [*LINES, LINES[1]])
    assert report.volunteers_created == 4
    before = snapshot(db)
    with pytest.raises(BadInputError) as caught:
        run(db, tmp_path, [*LINES, "Marie;Dupont;LYON;;;;;;;;7;"])
    assert caught.value.problems == [
        "ligne 6 : Marie Dupont (antenne LYON) figure déjà ligne 2 avec d'autres valeurs"
    ]
    assert snapshot(db) == before


def test_bad_cells_are_all_listed_and_nothing_is_written(db: Database, tmp_path: Path) -> None:
    run(db, tmp_path, LINES)
    before = snapshot(db)
    bad = [
        VOLUNTEER_HEADER,
        "Anne;Roy;LYON;présidente;anne.example.org;;;;;vélo;0;peut-être",
        ";Roy;;;;;;;;;51;",
    ]
    with pytest.raises(BadInputError) as caught:
        run(db, tmp_path, bad)
    assert caught.value.problems == [
        "ligne 2, colonne role : « présidente » n'est pas un rôle connu "
        "(benevole, pair-aidant, patient-expert, coordinateur, tresorier)",
        "ligne 2, colonne email : « anne.example.org » n'est pas une adresse e-mail",
        "ligne 2, colonne vehicule : « vélo » n'est pas un véhicule connu "
        "(voiture, moto, cyclomoteur, aucun)",
        "ligne 2, colonne cv : « 0 » doit être compris entre 1 et 50",
        "ligne 2, colonne electrique : « peut-être » doit valoir oui ou non",
        "ligne 3, colonne prenom : valeur manquante",
        "ligne 3, colonne antenne : valeur manquante",
        "ligne 3, colonne cv : « 51 » doit être compris entre 1 et 50",
    ]
    assert snapshot(db) == before


def test_missing_column_and_preview(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "liste.csv", ["prenom;antenne", "Marie;LYON"])
    with pytest.raises(BadInputError) as caught:
        import_volunteers(db, path)
    assert "liste.csv" in caught.value.message
    assert caught.value.problems == ["colonne obligatoire absente : « nom »"]
    check = check_volunteers(path)
    assert not check.ok
    assert "liste.csv" in check.message
    good = check_volunteers(write_csv(tmp_path / "ok.csv", LINES))
    assert good.ok
    assert (good.row_count, good.rows[1][0]) == (4, "Éloïse")


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("Coordinateur", VolunteerRole.COORDINATOR),
        ("Coordination d'antenne", VolunteerRole.COORDINATOR),
        ("coordinatrice d'antenne", VolunteerRole.COORDINATOR),
        ("Trésorier", VolunteerRole.TREASURER),
        ("Trésorière", VolunteerRole.TREASURER),
        ("Trésorerie", VolunteerRole.TREASURER),
    ],
)
def test_roles_read_in_any_wording(written: str, role: VolunteerRole) -> None:
    """Roles print epicene ("Coordination d'antenne", "Trésorerie"); files written with the
    former masculine labels or a feminine form still import."""
    from pea_desktop.services.importing.volunteers import ROLES

    assert role.label in ("Coordination d'antenne", "Trésorerie")
    assert ROLES.words[choice_key(written)] is role
