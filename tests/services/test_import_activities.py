"""Activity spreadsheet import (docs/formats.md): good files, re-imports, every kind of bad file."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.enums import AudienceKind, ExpenseKind, InterventionFormat, Requester
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.importing import ImportReport, check_activities, import_activities
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, Antenna, ExpenseLine, Volunteer
from tests.services.import_helpers import ACTIVITY_HEADER, counts, snapshot, write_csv

TODAY = date(2026, 1, 15)

GOOD_LINES = [
    ACTIVITY_HEADER,
    "groupe;12/03/2025;LYON;Marie DUPONT + Paul Martin;1h30;CSAPA Les Tilleuls;10;2;3;;;;"
    "12,5;;;;;Thème : la rechute",
    "visite;2025-03-13;LYON;DUPONT Marie;60;Hôpital Édouard-Herriot;;;;;famille;V-2025-001;;"
    "2,40;3.10;;;",
    "témoignage;14/03/2025;GRE;Jean Valjean, Éloïse Faure;2:00;IFSI;30;;;Étudiants;;;;;;8;15,00;",
]


def import_lines(db: Database, tmp_path: Path, lines: list[str], **options: object) -> ImportReport:
    path = write_csv(tmp_path / "activites.csv", lines, **options)  # type: ignore[arg-type]
    return import_activities(db, path, today=TODAY)


def activities(db: Database) -> list[Activity]:
    with db.session() as session:
        rows = session.scalars(select(Activity).order_by(Activity.id)).all()
        for row in rows:  # load relationships before the session closes
            _ = [v.full_name for v in row.volunteers], row.antenna.code, list(row.expenses)
        return list(rows)


def expenses(db: Database) -> list[tuple[str, ExpenseKind, Decimal | None, Decimal | None, date]]:
    with db.session() as session:
        rows = session.scalars(select(ExpenseLine).order_by(ExpenseLine.id)).all()
        return [(e.volunteer.full_name, e.kind, e.km, e.amount, e.date) for e in rows]


def test_good_file_creates_everything_with_its_values(db: Database, tmp_path: Path) -> None:
    report = import_lines(db, tmp_path, GOOD_LINES)

    assert (report.activities_created, report.activities_skipped) == (3, 0)
    assert (report.volunteers_created, report.antennas_created) == (4, 2)
    assert report.expenses_created == 5
    group, visit, talk = activities(db)

    assert (group.kind, group.date, group.antenna.code) == (
        ActivityKind.GROUP,
        date(2025, 3, 12),
        "LYON",
    )
    assert (group.duration_minutes, group.place) == (90, "CSAPA Les Tilleuls")
    assert (group.participants, group.first_timers, group.relatives) == (10, 2, 3)
    assert group.notes == "Thème : la rechute"
    # "Marie DUPONT": the word in capitals is the last name; volunteers keep their order.
    assert [(v.first_name, v.last_name) for v in group.volunteers] == [
        ("Marie", "DUPONT"),
        ("Paul", "Martin"),
    ]

    assert (visit.kind, visit.requester, visit.reference) == (
        ActivityKind.VISIT,
        Requester.FAMILY,
        "V-2025-001",
    )
    # "DUPONT Marie" is the same person as "Marie DUPONT": no duplicate volunteer.
    assert [v.id for v in visit.volunteers] == [group.volunteers[0].id]

    assert talk.kind is ActivityKind.INTERVENTION
    assert talk.intervention_format is InterventionFormat.TESTIMONY
    assert (talk.audience_kind, talk.audience_size) == (AudienceKind.STUDENTS, 30)
    assert (talk.duration_minutes, talk.antenna.code) == (120, "GRE")
    assert [v.full_name for v in talk.volunteers] == ["Jean Valjean", "Éloïse Faure"]

    # Expenses belong to the first volunteer listed, dated the activity's day.
    assert expenses(db) == [
        ("Marie DUPONT", ExpenseKind.MILEAGE, Decimal("12.5"), None, date(2025, 3, 12)),
        ("Marie DUPONT", ExpenseKind.TOLL, None, Decimal("2.40"), date(2025, 3, 13)),
        ("Marie DUPONT", ExpenseKind.PARKING, None, Decimal("3.10"), date(2025, 3, 13)),
        ("Jean Valjean", ExpenseKind.TRANSPORT, None, Decimal("8.00"), date(2025, 3, 14)),
        ("Jean Valjean", ExpenseKind.MEAL, None, Decimal("15.00"), date(2025, 3, 14)),
    ]
    assert all(e.activity_id is not None for a in activities(db) for e in a.expenses)
    with db.session() as session:
        assert session.scalars(select(Volunteer.name_key).order_by(Volunteer.id)).all() == [
            "marie dupont",
            "paul martin",
            "jean valjean",
            "eloise faure",
        ]
    summary = report.summary()
    assert "Activités créées : 3" in summary
    assert "Dépenses créées : 5" in summary


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [("utf-8", True, "\r\n"), ("utf-8", False, "\n"), ("cp1252", False, "\r\n")],
)
def test_encodings_and_line_endings(
    db: Database, tmp_path: Path, encoding: str, bom: bool, newline: str
) -> None:
    import_lines(db, tmp_path, GOOD_LINES, encoding=encoding, bom=bom, newline=newline)
    places = [a.place for a in activities(db)]
    assert places == ["CSAPA Les Tilleuls", "Hôpital Édouard-Herriot", "IFSI"]
    assert activities(db)[2].volunteers[1].full_name == "Éloïse Faure"


def test_comma_separator_quoted_decimal_comma_and_accented_headers(
    db: Database, tmp_path: Path
) -> None:
    lines = [
        "Type,Date,Antenne,Bénévoles,Durée,Lieu,KM,Péage,Repas",
        'Groupe de parole,2025-06-01,lyon,"Marie Dupont, Paul Martin",90,Salle 1,"23,7",'
        '"1,20",12.5',
    ]
    report = import_lines(db, tmp_path, lines)
    assert report.activities_created == 1
    (activity,) = activities(db)
    assert [v.full_name for v in activity.volunteers] == ["Marie Dupont", "Paul Martin"]
    assert activity.antenna.code == "lyon"
    assert expenses(db) == [
        ("Marie Dupont", ExpenseKind.MILEAGE, Decimal("23.7"), None, date(2025, 6, 1)),
        ("Marie Dupont", ExpenseKind.TOLL, None, Decimal("1.20"), date(2025, 6, 1)),
        ("Marie Dupont", ExpenseKind.MEAL, None, Decimal("12.50"), date(2025, 6, 1)),
    ]


def test_existing_antenna_and_volunteers_are_matched_in_either_order(
    db: Database, tmp_path: Path
) -> None:
    with db.session() as session:
        lyon = Antenna(code="LYON", name="Lyon")
        other = Antenna(code="GRE", name="Grenoble")
        session.add_all([lyon, other])
        session.flush()
        session.add_all(
            [
                Volunteer(
                    antenna_id=lyon.id,
                    first_name="Élodie",
                    last_name="Martin",
                    name_key="elodie martin",
                ),
                # Same name in another antenna: a different person.
                Volunteer(
                    antenna_id=other.id, first_name="Paul", last_name="Roux", name_key="paul roux"
                ),
            ]
        )
    lines = [
        "type;date;antenne;benevoles",
        "groupe;02/02/2025;lyon;MARTIN Elodie + Paul Roux",
        "groupe;03/02/2025;Lyon;elodie martin",
    ]
    report = import_lines(db, tmp_path, lines)
    assert (report.antennas_created, report.volunteers_created) == (0, 1)
    first, second = activities(db)
    assert [v.full_name for v in first.volunteers] == ["Élodie Martin", "Paul Roux"]
    assert first.volunteers[1].antenna_id == first.antenna_id
    assert second.volunteers[0].id == first.volunteers[0].id


def test_reimport_skips_everything_and_adds_no_expense(db: Database, tmp_path: Path) -> None:
    import_lines(db, tmp_path, GOOD_LINES)
    before = snapshot(db)
    again = import_lines(db, tmp_path, GOOD_LINES)
    assert (again.activities_created, again.activities_skipped) == (0, 3)
    assert (again.volunteers_created, again.antennas_created, again.expenses_created) == (0, 0, 0)
    assert snapshot(db) == before
    assert "Activités déjà présentes, ignorées : 3" in again.summary()


def test_duplicate_lines_in_one_file_are_imported_once(db: Database, tmp_path: Path) -> None:
    line = "groupe;12/03/2025;LYON;Marie Dupont + Paul Martin;;Salle;8;;;;;;10;;;;;"
    # Same activity written differently: other volunteer order, place case, date format.
    variant = "Groupe;2025-03-12;lyon;MARTIN Paul, Marie Dupont;;SALLE;8;;;;;;10;;;;;"
    report = import_lines(db, tmp_path, [ACTIVITY_HEADER, line, variant, line])
    assert (report.activities_created, report.activities_skipped) == (1, 2)
    assert report.expenses_created == 1
    assert counts(db)["expense_line"] == 1


def test_new_activity_among_known_ones_is_added(db: Database, tmp_path: Path) -> None:
    import_lines(db, tmp_path, GOOD_LINES)
    extra = "groupe;19/03/2025;LYON;Paul Martin;;CSAPA Les Tilleuls;6;;;;;;;;;;;"
    report = import_lines(db, tmp_path, [*GOOD_LINES, extra])
    assert (report.activities_created, report.activities_skipped) == (1, 3)
    assert report.volunteers_created == 0
    assert len(activities(db)) == 4


def test_deleted_activity_is_not_present_anymore(db: Database, tmp_path: Path) -> None:
    import_lines(db, tmp_path, GOOD_LINES)
    with db.session() as session:
        session.execute(update(Activity).where(Activity.id == 1).values(deleted_at=datetime.now()))
    report = import_lines(db, tmp_path, GOOD_LINES)
    assert (report.activities_created, report.activities_skipped) == (1, 2)


def test_progress_is_reported_to_the_end(db: Database, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    path = write_csv(tmp_path / "a.csv", GOOD_LINES)
    import_activities(db, path, progress=lambda *call: calls.append(call), today=TODAY)
    assert calls[0] == (0, 3)
    assert calls[-1] == (3, 3)


def test_check_previews_without_writing(db: Database, tmp_path: Path) -> None:
    before = snapshot(db)
    check = check_activities(write_csv(tmp_path / "a.csv", GOOD_LINES), today=TODAY)
    assert check.ok
    assert check.row_count == 3
    assert check.headers[:3] == ["type", "date", "antenne"]
    assert check.rows[0][3] == "Marie DUPONT + Paul Martin"
    assert snapshot(db) == before


# --- Bad files: every error listed, nothing written --------------------------------------


def assert_refused(db: Database, path: Path, *expected: str) -> BadInputError:
    import_activities(db, write_csv(path.parent / "seed.csv", GOOD_LINES[:2]), today=TODAY)
    before = snapshot(db)
    with pytest.raises(BadInputError) as caught:
        import_activities(db, path, today=TODAY)
    text = str(caught.value)
    for fragment in expected:
        assert fragment in text
    assert snapshot(db) == before
    return caught.value


def test_impossible_date_is_named_with_line_and_column(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [*GOOD_LINES, "groupe;31/02/2026;LYON;Marie Dupont;;;;;;;;;;;;;;"],
    )
    error = assert_refused(db, path, "ligne 5, colonne date : « 31/02/2026 » n'est pas une date")
    assert error.problems == ["ligne 5, colonne date : « 31/02/2026 » n'est pas une date"]
    assert "a.csv" in error.message


def test_every_error_of_every_line_is_listed(db: Database, tmp_path: Path) -> None:
    lines = [
        ACTIVITY_HEADER,
        "atelier;12/03/2025;LYON;Marie Dupont;;;;;;;;;;;;;;",
        "groupe;12/03/2025;LYON;Marie Dupont;;;-4;;;;;;;;;;;",
        "groupe;12/03/2025;LYON;Marie Dupont;;;10;12;;;;;;;;;;",
        "groupe;12/03/2025;LYON;Marie Dupont;;;10;;11;;;;;;;;;",
        "visite;12/03/2025;LYON;Marie Dupont;;;;;;;;V-1;;;;;;",
        "temoignage;12/03/2025;LYON;Marie Dupont;;;20;;;élus;;;;;;;;",
        "visite;12/03/2025;LYON;Marie Dupont;;;;;;;voisin;V-2;beaucoup;-3;;;;",
        'groupe;12/03/2025;LYON;Marie + Paul;"1 h 99";;;;;;;;;;;;;',
        "groupe;12/03/2027;;;;;;;;;;;;;;;;",
        "groupe;31/02/2025;LYON;Paul Martin + Dupont;;;5;9;;;;;;;;;;",
        "visite;12/03/2025;LYON;Paul Martin;;;;;;;social;Jean Durand;;;;;;",
    ]
    error = assert_refused(db, write_csv(tmp_path / "bad.csv", lines))
    assert error.problems == [
        "ligne 2, colonne type : « atelier » n'est pas un type d'activité connu "
        "(groupe, visite, temoignage)",
        "ligne 3, colonne participants : « -4 » ne peut pas être négatif",
        "ligne 4, colonne nouveaux : 12 nouveaux pour 10 participants",
        "ligne 5, colonne proches : 11 proches pour 10 participants",
        "ligne 6, colonne demandeur : une visite doit indiquer qui l'a demandée",
        "ligne 7, colonne public : « élus » n'est pas un public connu "
        "(patients, proches, professionnels, etudiants, grand public)",
        "ligne 8, colonne demandeur : « voisin » n'est pas un demandeur connu "
        "(personne, famille, professionnel, social, autre)",
        "ligne 8, colonne km : « beaucoup » n'est pas un nombre",
        "ligne 8, colonne peage : « -3 » ne peut pas être négatif",
        "ligne 9, colonne benevoles : « Marie » n'est pas un nom complet (prénom et nom)",
        "ligne 9, colonne benevoles : « Paul » n'est pas un nom complet (prénom et nom)",
        "ligne 9, colonne duree : « 1 h 99 » n'est pas une durée (ex. 90, 1h30 ou 1:30)",
        "ligne 10, colonne date : « 12/03/2027 » est dans le futur : "
        "seules les activités faites s'importent",
        "ligne 10, colonne antenne : valeur manquante",
        "ligne 10, colonne benevoles : valeur manquante",
        # Every error of a line, even when one cell already is wrong.
        "ligne 11, colonne date : « 31/02/2025 » n'est pas une date",
        "ligne 11, colonne benevoles : « Dupont » n'est pas un nom complet (prénom et nom)",
        "ligne 11, colonne nouveaux : 9 nouveaux pour 5 participants",
        # Privacy: the person visited is never named.
        "ligne 12, colonne reference : « Jean Durand » n'est pas une référence pseudonyme "
        "(ex. V-2026-014) : jamais de nom",
    ]
    assert error.message == "Le fichier bad.csv contient 19 erreurs ; rien n'a été importé."


def test_line_numbers_follow_the_spreadsheet_across_multiline_cells(
    db: Database, tmp_path: Path
) -> None:
    lines = [
        "type;date;antenne;benevoles;notes",
        'groupe;12/03/2025;LYON;Marie Dupont;"une note\nsur deux lignes"',
        "",
        "groupe;12/13/2025;LYON;Marie Dupont;",
    ]
    assert_refused(db, write_csv(tmp_path / "a.csv", lines), "ligne 5, colonne date")


def test_missing_required_column_names_the_column_and_the_file(
    db: Database, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "sans_date.csv", ["type;antenne;benevoles", "groupe;LYON;A B"])
    error = assert_refused(db, path, "sans_date.csv", "« date »")
    assert error.problems == ["colonne obligatoire absente : « date »"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "est vide"),
        (b"\r\n  \r\n", "est vide"),
        (b"type;date;antenne;benevoles\r\n", "aucune ligne de données"),
        (bytes(range(256)) * 4, "n'est pas un fichier texte"),
        (b"type;date\x81;antenne;benevoles\nvisite;\x8d;\x8f;\x90\n", "ni de l'UTF-8"),
        (b"PK\x03\x04\x14\x00\x06\x00", "enregistrez-le au format CSV"),
        ("type;date;antenne;benevoles\n".encode("utf-16"), "UTF-16"),
    ],
    ids=["empty", "blank", "header-only", "binary", "undecodable", "xlsx", "utf16"],
)
def test_unreadable_files_are_refused(
    db: Database, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(content)
    assert_refused(db, path, expected, "garbage.csv")


def test_missing_file_is_bad_input(db: Database, tmp_path: Path) -> None:
    assert_refused(db, tmp_path / "absent.csv", "absent.csv", "n'existe pas")


def test_absurd_numbers_are_refused_not_crashed_on(db: Database, tmp_path: Path) -> None:
    lines = [
        ACTIVITY_HEADER,
        "groupe;12/03/2025;LYON;Marie Dupont;;;99999999999999999999;;;;;;1e999999;;;;;",
        "groupe;12/03/2025;LYON;Marie Dupont;;;²;2,5;;;;;;;;;NaN;",
    ]
    error = assert_refused(db, write_csv(tmp_path / "a.csv", lines))
    assert error.problems == [
        "ligne 2, colonne participants : « 99999999999999999999 » est trop grand "
        "(100\u202f000 au plus)",
        "ligne 2, colonne km : « 1e999999 » est trop grand (100\u202f000 au plus)",
        "ligne 3, colonne participants : « ² » n'est pas un nombre",
        "ligne 3, colonne nouveaux : « 2,5 » n'est pas un nombre entier",
        "ligne 3, colonne repas : « NaN » n'est pas un nombre",
    ]
