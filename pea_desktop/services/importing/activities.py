"""Import the activity spreadsheet (docs/formats.md): check every line, then write all in one go.

Every line is checked before anything is written; any error stops the import with the full
list. An activity already in the database (same kind, date, antenna, place and volunteers) or
earlier in the file is skipped with its expenses, so importing a file twice adds nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from pea_desktop.domain.activity_fields import CSV_FIELD_COLUMNS, FIELDS, ValueKind
from pea_desktop.domain.activity_kinds import KINDS, ActivityKind
from pea_desktop.domain.enums import AudienceKind, ExpenseKind, Requester
from pea_desktop.domain.limits import ACTIVITY_TEXTS, CODE_MAX, NAME_MAX
from pea_desktop.services.importing.activity_line import ActivityLine
from pea_desktop.services.importing.activity_writer import write_activities
from pea_desktop.services.importing.aliases import Aliases, apply_to_activity_lines
from pea_desktop.services.importing.cells import LineCells, Vocabulary, choice_key
from pea_desktop.services.importing.csv_source import Columns, CsvTable, read_table
from pea_desktop.services.importing.names import PersonName, parse_person, split_names
from pea_desktop.services.importing.preview import FileCheck, check_file
from pea_desktop.services.importing.progress import Progress, no_progress
from pea_desktop.services.importing.report import ImportReport
from pea_desktop.services.importing.safeguards import (
    backup_before_import,
    drop_backup_of_failed_import,
    drop_useless_backup,
    refuse_if_problems,
)
from pea_desktop.store.audit import log_batch
from pea_desktop.store.database import Database

EXPENSE_COLUMNS: tuple[tuple[str, ExpenseKind], ...] = (
    ("km", ExpenseKind.MILEAGE),
    ("peage", ExpenseKind.TOLL),
    ("parking", ExpenseKind.PARKING),
    ("transport", ExpenseKind.TRANSPORT),
    ("repas", ExpenseKind.MEAL),
)
# Distances are kept to the tenth of a kilometre, amounts to the cent (rounded half-up); a value
# that rounds to zero makes no expense line.
KM_STEP, CENT = Decimal("0.1"), Decimal("0.01")

COLUMNS = Columns(
    names=(
        "type",
        "date",
        "antenne",
        "benevoles",
        "duree",
        "lieu",
        *CSV_FIELD_COLUMNS,
        *(name for name, _ in EXPENSE_COLUMNS),
        "notes",
    ),
    required=("type", "date", "antenne", "benevoles"),
    aliases={"bénévole": "benevoles", "péages": "peage", "remarques": "notes"},
    multiline=("notes",),
)

AUDIENCES = Vocabulary.of(
    "un public",
    AudienceKind,
    {
        "patient": AudienceKind.PATIENTS,
        "proche": AudienceKind.RELATIVES,
        "professionnel": AudienceKind.PROFESSIONALS,
        "etudiant": AudienceKind.STUDENTS,
    },
)
REQUESTERS = Vocabulary.of(
    "un demandeur",
    Requester,
    {
        "professionnel de sante": Requester.PROFESSIONAL,
        "travailleur social": Requester.SOCIAL,
    },
)
# Words accepted besides codes and labels, for the choice fields that have some.
VOCABULARIES = {"audience_kind": AUDIENCES, "requester": REQUESTERS}
# The field read from each CSV column (a kind may read a column into another of its fields).
COLUMN_FIELDS = {f.csv_column: f for f in FIELDS.values() if f.csv_column}
MAX_ANTENNA_CODE = CODE_MAX


def kind_vocabulary() -> Vocabulary:
    """The words of the ``type`` column: every registered kind's code, label and aliases."""
    words: dict[str, Any] = {}
    for kind in KINDS:
        words[choice_key(kind.code)] = kind
        words.setdefault(choice_key(kind.label), kind)
        for alias in kind.csv_aliases:
            words[choice_key(alias)] = kind
    return Vocabulary("un type d'activité", ", ".join(KINDS.codes()), words)


def parse_activities(table: CsvTable, today: date) -> tuple[list[ActivityLine], list[str]]:
    """Check every line; return the lines understood and every problem found."""
    problems = list(table.problems)
    lines: list[ActivityLine] = []
    kinds = kind_vocabulary()
    for row in table.rows:
        before = len(problems)
        parsed = _parse_line(LineCells(row.line, row.cells, problems), today, kinds)
        if parsed is not None and len(problems) == before:
            lines.append(parsed)
    return lines, problems


def max_length(name: str) -> int:
    return ACTIVITY_TEXTS[name][1]


def _read_column(cells: LineCells, column: str) -> Any:
    spec = COLUMN_FIELDS[column]
    if spec.value is ValueKind.COUNT:
        return cells.integer(column)
    if spec.value is ValueKind.CHOICE:
        assert spec.choices is not None
        vocabulary = VOCABULARIES.get(spec.name) or Vocabulary.of(
            spec.label.replace("&", "").lower(), spec.choices
        )
        return cells.choice(column, vocabulary)
    if spec.value is ValueKind.TEXT:
        limit = ACTIVITY_TEXTS.get(spec.name)
        return cells.text(column, limit[1] if limit else None)
    raise ValueError(f"column {column!r} cannot be imported")


def _parse_line(cells: LineCells, today: date, kinds: Vocabulary) -> ActivityLine | None:
    kind = cells.choice("type", kinds) if cells.required("type") else None
    day = cells.day("date", today)
    antenna = cells.required("antenne")
    if antenna and len(antenna) > MAX_ANTENNA_CODE:
        cells.bad("antenne", antenna, f"est trop long pour un code ({MAX_ANTENNA_CODE} au plus)")
    people = _people(cells)
    duration = cells.duration("duree")
    # Every cell is read (and checked) whatever the kind; only the kind's fields are kept.
    read = {column: _read_column(cells, column) for column in CSV_FIELD_COLUMNS}
    expenses = tuple(
        (expense_kind, rounded)
        for column, expense_kind in EXPENSE_COLUMNS
        if (amount := cells.quantity(column)) is not None
        and (rounded := _rounded(expense_kind, amount))
    )
    values: dict[str, Any] = _field_values(kind, read) if isinstance(kind, ActivityKind) else {}
    if isinstance(kind, ActivityKind):
        for rule in kind.csv_rules:
            rule(values, cells)
    if not isinstance(kind, ActivityKind) or day is None or not antenna or not people:
        return None
    line = ActivityLine(
        cells.line,
        kind,
        day,
        antenna,
        people,
        duration_minutes=duration,
        place=cells.text("lieu", max_length("place")),
        notes=cells.text("notes", max_length("notes")),
        expenses=expenses,
    )
    for name, value in values.items():
        setattr(line, name, value)
    return line


def _field_values(kind: ActivityKind, read: dict[str, Any]) -> dict[str, Any]:
    """The kind's fields from the cells read; cells that do not apply to the kind are left
    aside, and a field with no column (or an empty one) gets the kind's default."""
    values: dict[str, Any] = {}
    for use in kind.fields:
        if not hasattr(ActivityLine, use.name):
            continue  # not carried by the import (e.g. the theme, the partner)
        column = use.source_column
        value = read.get(column) if column else None
        if value is None or value == "":
            value = use.default if use.default is not None else use.field.blank
        values[use.name] = value
    return values


def _rounded(kind: ExpenseKind, quantity: Decimal) -> Decimal:
    step = KM_STEP if kind is ExpenseKind.MILEAGE else CENT
    return quantity.quantize(step, rounding=ROUND_HALF_UP)


def _people(cells: LineCells) -> tuple[PersonName, ...]:
    cell = cells.required("benevoles")
    if cell is None:
        return ()
    people: list[PersonName] = []
    names = split_names(cell)
    for name in names:
        try:
            person = parse_person(name)
        except ValueError:
            cells.bad("benevoles", name, "n'est pas un nom complet (prénom et nom)")
            continue
        if max(len(person.first_name), len(person.last_name)) > NAME_MAX:
            cells.bad("benevoles", name, f"est trop long ({NAME_MAX} caractères au plus)")
            continue
        people.append(person)
    if not names:
        cells.bad("benevoles", cell, "ne contient aucun nom")
    return tuple(people) if len(people) == len(names) else ()


def check_activities(path: Path, today: date | None = None) -> FileCheck:
    """Check ``path`` without writing: the dialog's preview."""
    day = today or date.today()
    return check_file(path, COLUMNS, lambda table: parse_activities(table, day)[1])


def import_activities(
    db: Database,
    path: Path,
    progress: Progress = no_progress,
    today: date | None = None,
    aliases: Aliases | None = None,
) -> ImportReport:
    """Import ``path`` into ``db``; raise BadInputError (nothing written) on any bad line.

    ``aliases`` map names of the file to known ones (antennas, volunteers; see newcomers.py).

    A file of more than ``safeguards.BACKUP_ABOVE_LINES`` lines is imported after a copy of the
    database (``report.backup``), dropped if the import changed nothing.
    """
    path = Path(path)
    table = read_table(path, COLUMNS)
    lines, problems = parse_activities(table, today or date.today())
    lines = apply_to_activity_lines(lines, aliases or {})
    refuse_if_problems(path, problems)
    report = ImportReport(path.name, lines_read=len(table.rows), on_server=db.on_server)
    report.ignored_columns = table.ignored_headers
    report.cleaned_cells = table.cleaned_cells
    report.backup = backup_before_import(db, len(table.rows))
    try:
        with db.session() as session:
            write_activities(session, lines, report, progress)
            if report.changed_anything:
                log_batch(
                    session,
                    "activity",
                    "imported",
                    f"Import de {path.name} : {report.activities_created} activité(s), "
                    f"{report.expenses_created} dépense(s)",
                )
    except BaseException:
        drop_backup_of_failed_import(report)  # nothing was written: the copy is the base
        raise
    drop_useless_backup(report)
    return report
