"""Cells that spreadsheets and copy-paste produce: huge, invisible, control, formula-like, tiny.

Found by the property-based tests (test_import_hypothesis.py); each case is pinned down here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.importing import (
    check_activities,
    check_volunteers,
    import_activities,
    import_volunteers,
)
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, Antenna, ExpenseLine, Volunteer
from tests.services.import_helpers import snapshot, write_csv

TODAY = date(2026, 1, 15)
HEADER = "type;date;antenne;benevoles;lieu;km;peage;repas;notes"


def import_text(db: Database, tmp_path: Path, text: str) -> None:
    path = tmp_path / "activites.csv"
    path.write_bytes(text.encode("utf-8"))
    import_activities(db, path, today=TODAY)


def refused(db: Database, path: Path) -> BadInputError:
    before = snapshot(db)
    with pytest.raises(BadInputError) as caught:
        import_activities(db, path, today=TODAY)
    assert snapshot(db) == before
    return caught.value


# --- 1. huge cells: the message quotes the beginning only ----------------------------------


def test_a_huge_bad_cell_is_quoted_shortly_with_an_ellipsis(db: Database, tmp_path: Path) -> None:
    huge = "é" * 100_000
    path = write_csv(tmp_path / "a.csv", [HEADER, f"groupe;{huge};LYON;Marie Dupont;;;;;"])
    error = refused(db, path)
    [problem] = error.problems
    assert problem.startswith("ligne 2, colonne date : « éééé")
    assert "…" in problem and problem.endswith("» n'est pas une date")
    assert len(problem) < 120
    assert check_activities(path, today=TODAY).problems == [problem]


def test_short_cells_are_quoted_whole(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [HEADER, "groupe;le 3 mars;LYON;Marie Dupont;;;;;"])
    assert refused(db, path).problems == [
        "ligne 2, colonne date : « le 3 mars » n'est pas une date"
    ]


def test_huge_headers_and_volunteer_cells_make_short_messages(db: Database, tmp_path: Path) -> None:
    huge = "x" * 50_000
    # A second "prenom" column (header noise is ignored when matching names).
    path = write_csv(tmp_path / "b.csv", [f"prenom;nom;antenne;{'_' * 50_000}prénom", "A;B;C;D"])
    with pytest.raises(BadInputError) as caught:
        import_volunteers(db, path)
    assert "sont en double" in str(caught.value)
    assert len(str(caught.value)) < 400  # the duplicate header named, not copied whole

    path = write_csv(tmp_path / "b.csv", [f"prenom;nom;antenne;{huge};{huge}y", "A;B;LYON;;"])
    summary = import_volunteers(db, path).summary()
    assert "Colonnes non reconnues, ignorées : « xxx" in summary
    assert len(summary) < 400

    path = write_csv(tmp_path / "c.csv", ["prenom;nom;antenne;email", f"A;B;LYON;{huge}@x.fr"])
    with pytest.raises(BadInputError) as caught:
        import_volunteers(db, path)
    assert all(len(problem) < 200 for problem in caught.value.problems)
    assert "…" in caught.value.problems[0]


# --- 2. and 3. invisible and control characters are cleaned ---------------------------------


def test_right_to_left_override_does_not_reach_a_name(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "v.csv", ["prenom;nom;antenne", "Amélie;\u202eérpuD;LYON"])
    report = import_volunteers(db, path)
    with db.session() as session:
        volunteer = session.scalars(select(Volunteer)).one()
        assert (volunteer.first_name, volunteer.last_name) == ("Amélie", "érpuD")
    # The user is told that something was cleaned.
    assert "Cellules nettoyées (caractères invisibles ou de contrôle retirés) : 1" in (
        report.summary()
    )


def test_invisible_and_control_characters_are_removed_or_spaced(
    db: Database, tmp_path: Path
) -> None:
    text = (
        f"\ufeff{HEADER}\n"
        "groupe;12/03/2025;LY\u200bON;\ufeffMarie Du\u00adpont;"
        '"CSAPA\u2028Le\x1bGriffon\x7f";;;;"ligne 1\u2028ligne 2\x0bligne 3\x0c\tfin\u0085"\n'
    )
    import_text(db, tmp_path, text)
    with db.session() as session:
        activity = session.scalars(select(Activity)).one()
        assert activity.place == "CSAPA Le Griffon"
        # Notes may hold several lines: line breaks of any kind become newlines.
        assert activity.notes == "ligne 1\nligne 2\nligne 3\nfin"
        assert session.scalars(select(Antenna.code)).all() == ["LYON"]
        assert [v.full_name for v in activity.volunteers] == ["Marie Dupont"]


def test_a_stray_vertical_tab_is_cleaned_not_a_binary_file(db: Database, tmp_path: Path) -> None:
    text = f'{HEADER}\ngroupe;12/03/2025;LYON;Marie Dupont;Salle\x0bB;;;;"a\x0bb"\n'
    import_text(db, tmp_path, text)
    with db.session() as session:
        activity = session.scalars(select(Activity)).one()
        assert (activity.place, activity.notes) == ("Salle B", "a\nb")


@pytest.mark.parametrize(
    "content",
    [
        b"type;date;antenne;benevoles\ngroupe;12/03/2025;LYON;Marie\x00 Dupont\n",
        bytes(range(1, 32)) * 20 + b"type;date;antenne;benevoles\n",
        "type;date;antenne;benevoles\n".encode("utf-16-le"),
        "type;date;antenne;benevoles\n".encode("utf-32"),
    ],
    ids=["nul", "mostly-controls", "utf16-without-bom", "utf32"],
)
def test_really_binary_files_are_still_refused(
    db: Database, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "binaire.csv"
    path.write_bytes(content)
    assert "n'est pas un fichier texte" in refused(db, path).message


# --- 4. amounts that round to zero ----------------------------------------------------------


def test_expenses_are_rounded_half_up_and_zero_makes_no_line(db: Database, tmp_path: Path) -> None:
    lines = [
        HEADER,
        "groupe;10/03/2025;LYON;Marie Dupont;A;0,0000001;0,001;0,004;",
        "groupe;11/03/2025;LYON;Marie Dupont;B;0,04;0;0,00;",
        "groupe;12/03/2025;LYON;Marie Dupont;C;0,05;0,005;12,345;",
        "groupe;13/03/2025;LYON;Marie Dupont;D;12,449;2,994;;",
    ]
    import_activities(db, write_csv(tmp_path / "a.csv", lines), today=TODAY)
    with db.session() as session:
        rows = session.scalars(select(ExpenseLine).order_by(ExpenseLine.id)).all()
        found = [(e.date.day, e.kind, e.km, e.amount) for e in rows]
    assert found == [
        (12, ExpenseKind.MILEAGE, Decimal("0.1"), None),
        (12, ExpenseKind.TOLL, None, Decimal("0.01")),
        (12, ExpenseKind.MEAL, None, Decimal("12.35")),
        (13, ExpenseKind.MILEAGE, Decimal("12.4"), None),
        (13, ExpenseKind.TOLL, None, Decimal("2.99")),
    ]


# --- 5. formula-looking cells are plain text -------------------------------------------------


def test_formula_looking_cells_are_stored_as_plain_text(db: Database, tmp_path: Path) -> None:
    lines = [
        HEADER,
        'groupe;12/03/2025;LYON;Marie Dupont;"=HYPERLINK(""http://x.invalid"";""clic"")";;;;'
        "+cmd|' /C calc'!A0",
        "groupe;13/03/2025;LYON;Marie Dupont;@SUM(A1:A9);;;;\t=1+2",
    ]
    import_activities(db, write_csv(tmp_path / "a.csv", lines), today=TODAY)
    with db.session() as session:
        stored = session.execute(select(Activity.place, Activity.notes).order_by(Activity.id))
        assert [tuple(row) for row in stored] == [
            ('=HYPERLINK("http://x.invalid";"clic")', "+cmd|' /C calc'!A0"),
            ("@SUM(A1:A9)", "=1+2"),
        ]
    volunteers = write_csv(
        tmp_path / "v.csv", ["prenom;nom;antenne;adresse", "Jean;Martin;LYON;=1+1"]
    )
    import_volunteers(db, volunteers)
    assert check_volunteers(volunteers).ok
    with db.session() as session:
        assert session.scalars(select(Volunteer.address)).all() == ["", "=1+1"]
