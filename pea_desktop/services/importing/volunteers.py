"""Import the volunteers' list (docs/formats.md).

A volunteer is recognised by antenna and folded name (in either order): known ones are updated
with the cells given (empty cells leave a field as it is), unknown ones created. Importing the
same file twice changes nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from pea_desktop.domain.bank import check_account
from pea_desktop.domain.enums import VehicleKind, VolunteerRole
from pea_desktop.domain.limits import CODE_MAX, VOLUNTEER_TEXTS
from pea_desktop.services.importing.aliases import Aliases, apply_to_volunteer_lines
from pea_desktop.services.importing.cells import LineCells, Vocabulary, choice_key
from pea_desktop.services.importing.clean import shorten
from pea_desktop.services.importing.csv_source import Columns, CsvTable, read_table
from pea_desktop.services.importing.directory import (
    AntennaDirectory,
    antenna_key,
    new_volunteer_row,
    next_id,
)
from pea_desktop.services.importing.preview import FileCheck, check_file
from pea_desktop.services.importing.progress import Progress, no_progress
from pea_desktop.services.importing.report import ImportReport
from pea_desktop.services.importing.safeguards import (
    backup_before_import,
    drop_backup_of_failed_import,
    drop_useless_backup,
    refuse_if_problems,
)
from pea_desktop.services.organisation.volunteers import name_key
from pea_desktop.store.audit import actor_of, log_batch
from pea_desktop.store.database import Database
from pea_desktop.store.models import Volunteer, table_of, utcnow

VOLUNTEER = table_of(Volunteer)

COLUMNS = Columns(
    names=(
        "prenom",
        "nom",
        "antenne",
        "role",
        "email",
        "telephone",
        "adresse",
        "code_postal",
        "ville",
        "vehicule",
        "cv",
        "electrique",
        "iban",
        "bic",
    ),
    required=("prenom", "nom", "antenne"),
    aliases={
        "e-mail": "email",
        "courriel": "email",
        "mail": "email",
        "tel": "telephone",
        "cp": "code_postal",
        "puissance fiscale": "cv",
        "chevaux fiscaux": "cv",
    },
)
ROLES = Vocabulary.of(
    "un rôle",
    VolunteerRole,
    {
        "benevole": VolunteerRole.VOLUNTEER,
        "pair aidante": VolunteerRole.PEER_HELPER,
        "paire aidante": VolunteerRole.PEER_HELPER,
        "patient expert": VolunteerRole.PATIENT_EXPERT,
        "patiente experte": VolunteerRole.PATIENT_EXPERT,
        "patient expert certifie": VolunteerRole.PATIENT_EXPERT,
        "patiente experte certifiee": VolunteerRole.PATIENT_EXPERT,
        "coordinatrice": VolunteerRole.COORDINATOR,
        "coordination": VolunteerRole.COORDINATOR,
        "coordinateur d antenne": VolunteerRole.COORDINATOR,
        "coordinatrice d antenne": VolunteerRole.COORDINATOR,
        "tresoriere": VolunteerRole.TREASURER,
    },
)
VEHICLES = Vocabulary.of(
    "un véhicule",
    VehicleKind,
    {
        "auto": VehicleKind.CAR,
        "automobile": VehicleKind.CAR,
        "motocyclette": VehicleKind.MOTORCYCLE,
        "velomoteur": VehicleKind.MOPED,
        "aucune": VehicleKind.NONE,
        "sans": VehicleKind.NONE,
    },
)
BOOLEANS = {"oui": True, "o": True, "vrai": True, "1": True, "x": True}
BOOLEANS |= {"non": False, "n": False, "faux": False, "0": False}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
TEXT_FIELDS = (
    ("email", "email"),
    ("telephone", "phone"),
    ("adresse", "address"),
    ("code_postal", "postal_code"),
    ("ville", "city"),
)
UPDATABLE = (
    "first_name",
    "last_name",
    "name_key",
    "role",
    "email",
    "phone",
    "address",
    "postal_code",
    "city",
    "vehicle_kind",
    "fiscal_horsepower",
    "electric",
    "iban",
    "bic",
)


@dataclass
class VolunteerLine:
    line: int
    first_name: str
    last_name: str
    antenna_code: str
    values: dict[str, Any] = field(default_factory=dict)  # only the fields given

    @property
    def keys(self) -> tuple[str, str]:
        return name_key(self.first_name, self.last_name), name_key(self.last_name, self.first_name)


def parse_volunteers(table: CsvTable) -> tuple[list[VolunteerLine], list[str]]:
    problems = list(table.problems)
    lines: list[VolunteerLine] = []
    first_seen: dict[tuple[str, str], VolunteerLine] = {}
    for row in table.rows:
        before = len(problems)
        cells = LineCells(row.line, row.cells, problems)
        parsed = _parse_line(cells)
        if parsed is None or len(problems) > before:
            continue
        antenna = antenna_key(parsed.antenna_code)
        earlier = first_seen.get((antenna, parsed.keys[0])) or first_seen.get(
            (antenna, parsed.keys[1])
        )
        if earlier is None:
            first_seen[(antenna, parsed.keys[0])] = parsed
            lines.append(parsed)
        elif earlier.values != parsed.values:
            problems.append(
                f"ligne {row.line} : {shorten(f'{parsed.first_name} {parsed.last_name}')} "
                f"(antenne {parsed.antenna_code}) figure déjà ligne {earlier.line} "
                "avec d'autres valeurs"
            )
    return lines, problems


def _parse_line(cells: LineCells) -> VolunteerLine | None:
    first_name = " ".join((cells.required("prenom") or "").split())
    last_name = " ".join((cells.required("nom") or "").split())
    for column, name, value in (
        ("prenom", "first_name", first_name),
        ("nom", "last_name", last_name),
    ):
        if len(value) > (maximum := VOLUNTEER_TEXTS[name][1]):
            cells.bad(column, value, f"est trop long ({maximum} caractères au plus)")
    antenna = cells.required("antenne")
    if antenna and len(antenna) > CODE_MAX:
        cells.bad("antenne", antenna, f"est trop long pour un code ({CODE_MAX} au plus)")
    values: dict[str, Any] = {}
    if (role := cells.choice("role", ROLES)) is not None:
        values["role"] = role
    for column, name in TEXT_FIELDS:
        if text := cells.text(column, max_length=VOLUNTEER_TEXTS[name][1]):
            values[name] = text
    if (email := values.get("email")) and not EMAIL.fullmatch(email):
        cells.bad("email", email, "n'est pas une adresse e-mail")
    if (vehicle := cells.choice("vehicule", VEHICLES)) is not None:
        values["vehicle_kind"] = vehicle
    if (horsepower := cells.integer("cv", minimum=1, maximum=50)) is not None:
        values["fiscal_horsepower"] = horsepower
    if electric := cells.text("electrique"):
        flag = BOOLEANS.get(choice_key(electric))
        if flag is None:
            cells.bad("electrique", electric, "doit valoir oui ou non")
        else:
            values["electric"] = flag
    iban, bic = cells.text("iban"), cells.text("bic")
    if iban or bic:
        account, problems = check_account(iban, bic)
        for problem in problems:
            column, _, message = problem.partition(" : ")
            cells.fail(column.lower(), message)
        if account is not None:
            values["iban"], values["bic"] = account.iban, account.bic
    if not (first_name and last_name and antenna):
        return None
    return VolunteerLine(cells.line, first_name, last_name, antenna, values)


def check_volunteers(path: Path) -> FileCheck:
    return check_file(path, COLUMNS, lambda table: parse_volunteers(table)[1])


def import_volunteers(
    db: Database,
    path: Path,
    progress: Progress = no_progress,
    aliases: Aliases | None = None,
) -> ImportReport:
    """Import ``path`` into ``db``; raise BadInputError (nothing written) on any bad line.

    ``aliases`` map names of the file to known ones (antennas, volunteers; see newcomers.py).

    A file of more than ``safeguards.BACKUP_ABOVE_LINES`` lines is imported after a copy of the
    database (``report.backup``), dropped if the import changed nothing.
    """
    path = Path(path)
    table = read_table(path, COLUMNS)
    lines, problems = parse_volunteers(table)
    lines = apply_to_volunteer_lines(lines, aliases or {})
    refuse_if_problems(path, problems)
    report = ImportReport(
        path.name, lines_read=len(table.rows), is_activities=False, on_server=db.on_server
    )
    report.ignored_columns = table.ignored_headers
    report.cleaned_cells = table.cleaned_cells
    report.backup = backup_before_import(db, len(table.rows))
    try:
        with db.session() as session:
            _write(session, lines, report, progress)
    except BaseException:
        drop_backup_of_failed_import(report)  # nothing was written: the copy is the base
        raise
    drop_useless_backup(report)
    return report


def _write(
    session: Session, lines: list[VolunteerLine], report: ImportReport, progress: Progress
) -> None:
    progress(0, len(lines))
    now = utcnow()
    antennas = AntennaDirectory(session, now)
    antenna_ids = [antennas.resolve(line.antenna_code) for line in lines]
    report.antennas_created = antennas.flush()
    known: dict[tuple[int, str], dict[str, Any]] = {}
    query = select(VOLUNTEER.c.id, VOLUNTEER.c.antenna_id, *(VOLUNTEER.c[n] for n in UPDATABLE))
    query = query.where(
        VOLUNTEER.c.antenna_id.in_(set(antenna_ids)), VOLUNTEER.c.deleted_at.is_(None)
    )
    for found in session.execute(query.order_by(VOLUNTEER.c.id)).mappings():
        known.setdefault((found["antenna_id"], found["name_key"]), dict(found))

    next_volunteer = next_id(session, VOLUNTEER)
    created: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []
    for line, antenna_id in zip(lines, antenna_ids, strict=True):
        wanted = {
            "first_name": line.first_name,
            "last_name": line.last_name,
            "name_key": line.keys[0],
            **line.values,
        }
        current = known.get((antenna_id, line.keys[0])) or known.get((antenna_id, line.keys[1]))
        if current is None:
            row = new_volunteer_row(
                next_volunteer, antenna_id, line.first_name, line.last_name, now
            )
            row.update(line.values)
            created.append(row)
            next_volunteer += 1
            continue
        changes = {k: v for k, v in wanted.items() if current[k] != v}
        if not changes:
            report.volunteers_unchanged += 1
            continue
        current.update(changes)
        updated.append(
            {"b_id": current["id"], "updated_at": now, **{n: current[n] for n in UPDATABLE}}
        )
    if created:
        session.execute(insert(VOLUNTEER), created)
    if updated:
        statement = (
            update(VOLUNTEER)
            .where(VOLUNTEER.c.id == bindparam("b_id"))
            .values(
                {
                    **{n: bindparam(n) for n in (*UPDATABLE, "updated_at")},
                    # A form holding the older version must not overwrite the import.
                    "version": VOLUNTEER.c.version + 1,
                    "updated_by": actor_of(session),
                }
            )
        )
        session.connection().execute(statement, updated)
    report.volunteers_created = len(created)
    report.volunteers_updated = len(updated)
    if created or updated:
        log_batch(
            session,
            "volunteer",
            "imported",
            f"Import de {report.file_name} : {len(created)} fiche(s) créée(s), "
            f"{len(updated)} mise(s) à jour",
        )
    progress(len(lines), len(lines))
