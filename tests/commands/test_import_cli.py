"""`pea-desktop import activities|volunteers`: report on stdout, errors on stderr, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pea_desktop.cli import main
from tests.commands.locations import open_location
from tests.services.import_helpers import ACTIVITY_HEADER, VOLUNTEER_HEADER, counts, write_csv

ACTIVITIES = [
    ACTIVITY_HEADER,
    "groupe;12/03/2025;LYON;Marie Dupont + Paul Martin;1h30;Salle;9;2;1;;;;14;;;;;",
    "visite;13/03/2025;LYON;Paul Martin;;Domicile;;;;;personne;V-2025-003;;;4;;;",
]


def db_counts(location: str | Path) -> dict[str, int]:
    db = open_location(str(location))
    try:
        return counts(db)
    finally:
        db.close()


def test_import_activities_prints_the_report(
    tmp_path: Path, base_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "activites.csv", ACTIVITIES)
    assert main(["import", "activities", str(path), "--db", base_location]) == 0
    out = capsys.readouterr().out
    assert "Import de activites.csv : 2 lignes lues." in out
    assert "Activités créées : 2" in out
    assert "Bénévoles créés : 2" in out
    assert "Antennes créées : 1" in out
    assert "Dépenses créées : 2" in out
    assert db_counts(base_location)["activity"] == 2

    assert main(["import", "activities", str(path), "--db", base_location]) == 0
    out = capsys.readouterr().out
    assert "Activités déjà présentes, ignorées : 2" in out
    assert db_counts(base_location)["activity"] == 2


def test_bad_activity_file_exits_2_and_lists_errors_on_stderr(
    tmp_path: Path, base_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(
        [
            "import",
            "activities",
            str(write_csv(tmp_path / "ok.csv", ACTIVITIES)),
            "--db",
            base_location,
        ]
    )
    before = db_counts(base_location)
    capsys.readouterr()
    bad = write_csv(
        tmp_path / "mauvais.csv",
        [*ACTIVITIES, "groupe;31/02/2026;LYON;Marie Dupont;;;5;9;;;;;;;;;;"],
    )
    assert main(["import", "activities", str(bad), "--db", base_location]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "mauvais.csv" in captured.err
    assert "ligne 4, colonne date : « 31/02/2026 » n'est pas une date" in captured.err
    assert "rien n'a été importé" in captured.err
    assert db_counts(base_location) == before


def test_missing_file_and_missing_column_exit_2(
    tmp_path: Path, base_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "activities", str(tmp_path / "absent.csv"), "--db", base_location]) == 2
    assert "absent.csv n'existe pas" in capsys.readouterr().err
    no_type = write_csv(tmp_path / "sans_type.csv", ["date;antenne;benevoles", "12/03/2025;L;A B"])
    assert main(["import", "activities", str(no_type), "--db", base_location]) == 2
    err = capsys.readouterr().err
    assert "sans_type.csv" in err
    assert "colonne obligatoire absente : « type »" in err


def test_import_volunteers_twice(
    tmp_path: Path, base_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(
        tmp_path / "benevoles.csv",
        [VOLUNTEER_HEADER, "Marie;Dupont;LYON;benevole;;;;;;voiture;4;non"],
    )
    assert main(["import", "volunteers", str(path), "--db", base_location]) == 0
    assert "Bénévoles créés : 1" in capsys.readouterr().out
    assert main(["import", "volunteers", str(path), "--db", base_location]) == 0
    out = capsys.readouterr().out
    assert "Bénévoles déjà à jour : 1" in out
    assert "Bénévoles créés : 0" in out
    assert db_counts(base_location)["volunteer"] == 1


def test_bad_volunteer_file_exits_2(
    tmp_path: Path, base_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "b.csv", [VOLUNTEER_HEADER, "Marie;Dupont;LYON;;;;;;;;cinq;"])
    assert main(["import", "volunteers", str(path), "--db", base_location]) == 2
    assert "ligne 2, colonne cv : « cinq » n'est pas un nombre" in capsys.readouterr().err
    assert db_counts(base_location)["volunteer"] == 0


@pytest.mark.sqlite_only("the copy is a file; on a server: test_import_on_server.py")
def test_a_large_import_prints_the_name_of_the_copy_made_before(
    tmp_path: Path, migrated_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [VOLUNTEER_HEADER, *(f"Jean;Martin{n};LYON;;;;;;;;;" for n in range(30))]
    path = write_csv(tmp_path / "benevoles.csv", lines)
    assert main(["import", "volunteers", str(path), "--db", str(migrated_db_path)]) == 0
    out = capsys.readouterr().out
    [backup] = list((migrated_db_path.parent / "sauvegardes").glob("*-avant-import.sqlite3"))
    assert f"Copie de sécurité faite avant l'import : {backup.name}" in out
    assert db_counts(migrated_db_path)["volunteer"] == 30
