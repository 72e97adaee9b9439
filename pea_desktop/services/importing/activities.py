"""Import the activity spreadsheet (docs/formats.md): check every line, then write all in one go.

Every line is checked before anything is written; any error stops the import with the full
list. An activity already in the database (same kind, date, antenna, place and volunteers) or
earlier in the file is skipped with its expenses, so importing a file twice adds nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from pathlib import Path

from pea_desktop.domain.activity_rules import REFERENCE_PATTERN
from pea_desktop.domain.enums import (
    ActivityKind,
    AudienceKind,
    ExpenseKind,
    InterventionFormat,
    Requester,
)
from pea_desktop.services.importing.activity_line import ActivityLine
from pea_desktop.services.importing.activity_writer import write_activities
from pea_desktop.services.importing.cells import LineCells, Vocabulary
from pea_desktop.services.importing.csv_source import Columns, CsvTable, read_table
from pea_desktop.services.importing.names import PersonName, parse_person, split_names
from pea_desktop.services.importing.preview import FileCheck, check_file
from pea_desktop.services.importing.progress import Progress, no_progress
from pea_desktop.services.importing.report import ImportReport
from pea_desktop.services.importing.safeguards import (
    backup_before_import,
    drop_useless_backup,
    refuse_if_problems,
)
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
        "participants",
        "nouveaux",
        "proches",
        "public",
        "demandeur",
        "reference",
        *(name for name, _ in EXPENSE_COLUMNS),
        "notes",
    ),
    required=("type", "date", "antenne", "benevoles"),
    aliases={"bénévole": "benevoles", "péages": "peage", "remarques": "notes"},
    multiline=("notes",),
)

KINDS = Vocabulary.of(
    "un type d'activité",
    ActivityKind,
    {"groupe de parole": ActivityKind.GROUP, "intervention": ActivityKind.INTERVENTION},
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
MAX_ANTENNA_CODE = 32


def parse_activities(table: CsvTable, today: date) -> tuple[list[ActivityLine], list[str]]:
    """Check every line; return the lines understood and every problem found."""
    problems = list(table.problems)
    lines: list[ActivityLine] = []
    for row in table.rows:
        before = len(problems)
        parsed = _parse_line(LineCells(row.line, row.cells, problems), today)
        if parsed is not None and len(problems) == before:
            lines.append(parsed)
    return lines, problems


def _parse_line(cells: LineCells, today: date) -> ActivityLine | None:
    kind = cells.choice("type", KINDS) if cells.required("type") else None
    day = cells.day("date", today)
    antenna = cells.required("antenne")
    if antenna and len(antenna) > MAX_ANTENNA_CODE:
        cells.bad("antenne", antenna, f"est trop long pour un code ({MAX_ANTENNA_CODE} au plus)")
    people = _people(cells)
    duration = cells.duration("duree")
    participants = cells.integer("participants")
    first_timers = cells.integer("nouveaux")
    relatives = cells.integer("proches")
    audience = cells.choice("public", AUDIENCES)
    requester = cells.choice("demandeur", REQUESTERS)
    reference = cells.text("reference")
    expenses = tuple(
        (expense_kind, rounded)
        for column, expense_kind in EXPENSE_COLUMNS
        if (amount := cells.quantity(column)) is not None
        and (rounded := _rounded(expense_kind, amount))
    )
    if kind is ActivityKind.GROUP:
        _check_counts(cells, participants, first_timers, relatives)
    elif kind is ActivityKind.VISIT:
        _check_visit(cells, requester, reference)
    if kind is None or day is None or not antenna or not people:
        return None
    line = ActivityLine(
        cells.line,
        ActivityKind(kind),
        day,
        antenna,
        people,
        duration_minutes=duration,
        place=cells.text("lieu"),
        notes=cells.text("notes"),
        expenses=expenses,
    )
    # Cells that do not apply to the kind of activity are left aside.
    if kind is ActivityKind.GROUP:
        line.participants, line.first_timers, line.relatives = participants, first_timers, relatives
    elif kind is ActivityKind.VISIT:
        line.requester = Requester(requester) if requester else None
        line.reference = reference
    else:
        line.intervention_format = InterventionFormat.TESTIMONY
        line.audience_size = participants
        line.audience_kind = AudienceKind(audience) if audience else None
    return line


def _rounded(kind: ExpenseKind, quantity: Decimal) -> Decimal:
    step = KM_STEP if kind is ExpenseKind.MILEAGE else CENT
    return quantity.quantize(step, rounding=ROUND_HALF_UP)


def _check_counts(
    cells: LineCells, participants: int | None, first_timers: int | None, relatives: int | None
) -> None:
    if participants is None:
        return
    for column, count in (("nouveaux", first_timers), ("proches", relatives)):
        if count is not None and count > participants:
            cells.fail(column, f"{count} {column} pour {participants} participants")


def _check_visit(cells: LineCells, requester: Enum | None, reference: str) -> None:
    if requester is None and not cells.cells.get("demandeur"):
        cells.fail("demandeur", "une visite doit indiquer qui l'a demandée")
    if reference and not (
        REFERENCE_PATTERN.match(reference) and any(c.isdigit() for c in reference)
    ):
        cells.bad(
            "reference",
            reference,
            "n'est pas une référence pseudonyme (ex. V-2026-014) : jamais de nom",
        )


def _people(cells: LineCells) -> tuple[PersonName, ...]:
    cell = cells.required("benevoles")
    if cell is None:
        return ()
    people: list[PersonName] = []
    names = split_names(cell)
    for name in names:
        try:
            people.append(parse_person(name))
        except ValueError:
            cells.bad("benevoles", name, "n'est pas un nom complet (prénom et nom)")
    if not names:
        cells.bad("benevoles", cell, "ne contient aucun nom")
    return tuple(people) if len(people) == len(names) else ()


def check_activities(path: Path, today: date | None = None) -> FileCheck:
    """Check ``path`` without writing: the dialog's preview."""
    day = today or date.today()
    return check_file(path, COLUMNS, lambda table: parse_activities(table, day)[1])


def import_activities(
    db: Database, path: Path, progress: Progress = no_progress, today: date | None = None
) -> ImportReport:
    """Import ``path`` into ``db``; raise BadInputError (nothing written) on any bad line.

    A file of more than ``safeguards.BACKUP_ABOVE_LINES`` lines is imported after a copy of the
    database (``report.backup``), dropped if the import changed nothing.
    """
    path = Path(path)
    table = read_table(path, COLUMNS)
    lines, problems = parse_activities(table, today or date.today())
    refuse_if_problems(path, problems)
    report = ImportReport(path.name, lines_read=len(table.rows))
    report.ignored_columns = table.ignored_headers
    report.cleaned_cells = table.cleaned_cells
    report.backup = backup_before_import(db, len(table.rows))
    with db.session() as session:
        write_activities(session, lines, report, progress)
    drop_useless_backup(report)
    return report
