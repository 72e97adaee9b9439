"""A file checked without writing anything: what the import dialog previews."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.plurals import plural
from pea_desktop.services.importing.csv_source import Columns, CsvTable, read_table

PREVIEW_ROWS = 50
_LINE = re.compile(r"ligne (\d+)\b")


@dataclass
class FileCheck:
    path: Path
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # the first lines, cells as read
    row_lines: list[int] = field(default_factory=list)  # their line numbers in the file
    row_count: int = 0
    problems: list[str] = field(default_factory=list)  # every error found, one per cell
    message: str = ""  # what is wrong with the file as a whole ("" when nothing)
    encoding: str = ""
    separator: str = ""

    @property
    def ok(self) -> bool:
        return not self.message and not self.problems

    def problems_by_line(self) -> dict[int, list[str]]:
        """The problems of each line, for the preview to mark the lines concerned."""
        found: dict[int, list[str]] = {}
        for problem in self.problems:
            if match := _LINE.match(problem):
                found.setdefault(int(match.group(1)), []).append(problem)
        return found


def check_file(
    path: Path, columns: Columns, find_problems: Callable[[CsvTable], list[str]]
) -> FileCheck:
    check = FileCheck(path)
    try:
        table = read_table(path, columns)
    except BadInputError as error:
        check.message = error.message
        check.problems = list(error.problems)
        return check
    check.headers = table.headers
    check.rows = table.raw_rows[:PREVIEW_ROWS]
    check.row_lines = table.raw_lines[:PREVIEW_ROWS]
    check.row_count = len(table.raw_rows)
    check.encoding = table.encoding
    check.separator = table.separator
    check.problems = find_problems(table)
    if check.problems:
        count = len(check.problems)
        # "1 erreur : corrigez-la", "3 erreurs : corrigez-les".
        pronoun = "la" if count == 1 else "les"
        check.message = (
            f"Le fichier {path.name} contient {plural(count, 'erreur')} : "
            f"corrigez-{pronoun} dans le tableur puis choisissez-le à nouveau. "
            "Rien n'a été importé."
        )
    return check
