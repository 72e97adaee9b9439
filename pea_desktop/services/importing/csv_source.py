"""Read a CSV file the way French spreadsheet programs write it (docs/formats.md).

Encoding: UTF-8 with or without BOM, else Windows-1252. Separator: ``;`` or ``,``, sniffed from
the header line. Header names are matched ignoring case, accents, spaces, ``_`` and ``-``. Line
numbers are those the spreadsheet shows (the header is line 1). Every cell is cleaned of
invisible and control characters (:mod:`.clean`); only files that really are binary (NUL bytes,
UTF-16/32, mostly control bytes) are refused whole.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import Any

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.text import fold
from pea_desktop.services.importing.clean import clean_cell, quote, shorten
from pea_desktop.services.input_files import read_regular_file

UTF8_BOM = b"\xef\xbb\xbf"
_HEADER_NOISE = re.compile(r"[\s_\-'.]+")
# Control bytes other than tab and line breaks: a few are stray characters cleaned from their
# cells, but a file made mostly of them is not text.
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
MAX_CONTROL_RATIO = 0.25
MAX_HEADERS_SHOWN = 30
# 100,000 activities take about 20 MB: a file far larger is not an export of activities.
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_CELL_CHARS = csv.field_size_limit()  # 131,072: a note is far shorter


def header_key(name: str) -> str:
    """The form under which header names are compared: "Code postal" -> "codepostal"."""
    return _HEADER_NOISE.sub("", fold(name))


@dataclass(frozen=True)
class Columns:
    """The columns a file kind understands: canonical names, aliases, which are required."""

    names: tuple[str, ...]
    required: tuple[str, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)
    multiline: tuple[str, ...] = ()  # free-text columns whose cells keep their line breaks

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(name for name in self.names if name not in self.required)

    def lookup(self) -> dict[str, str]:
        table = {header_key(name): name for name in self.names}
        table.update({header_key(alias): name for alias, name in self.aliases.items()})
        return table


@dataclass(frozen=True)
class CsvRow:
    line: int  # spreadsheet line number of the row's first line
    cells: dict[str, str]  # canonical column -> stripped text ("" = not given)


@dataclass
class CsvTable:
    path: Path
    encoding: str
    separator: str
    headers: list[str]  # as written in the file
    columns: list[str | None]  # canonical name of each header, None when ignored
    rows: list[CsvRow]
    raw_rows: list[list[str]]  # cells as read, for previews
    raw_lines: list[int]  # the line number of each raw row
    problems: list[str]  # structural problems of individual lines
    cleaned_cells: int = 0  # cells that held invisible or control characters

    @property
    def ignored_headers(self) -> list[str]:
        return [h for h, c in zip(self.headers, self.columns, strict=True) if c is None and h]


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding name); raise BadInputError when the bytes are not a text file."""
    name = path.name
    if data.startswith(b"PK\x03\x04"):
        raise BadInputError(
            f"Le fichier {name} est un classeur (Excel ou LibreOffice), pas un fichier CSV : "
            "ouvrez-le dans le tableur et enregistrez-le au format CSV."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or is_binary(data):
        raise BadInputError(
            f"Le fichier {name} n'est pas un fichier texte lisible (octets binaires ou "
            "encodage UTF-16) : enregistrez-le au format CSV en UTF-8 ou Windows-1252."
        )
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError as exc:
            raise _undecodable(name, data, exc) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        _refuse_mixed_encodings(name, data, exc)
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise _undecodable(name, data, exc) from exc


def _refuse_mixed_encodings(name: str, data: bytes, exc: UnicodeDecodeError) -> None:
    """A file that is not UTF-8 throughout but has UTF-8 accented lines mixes two encodings
    (lines pasted from two sources): read as Windows-1252, "Hôpital" would become "HÃ´pital"
    without a word. Refused, naming a line of each."""
    bad_line = data.count(b"\n", 0, exc.start) + 1
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        raise BadInputError(
            f"Le fichier {name} mélange deux encodages : la ligne {number} est en UTF-8, la "
            f"ligne {bad_line} en Windows-1252 (lignes copiées de deux sources ?). Les "
            "accents seraient mal lus : ouvrez-le dans le tableur et enregistrez-le au format "
            "CSV UTF-8, puis réimportez-le."
        )


def is_binary(data: bytes) -> bool:
    """NUL bytes (also what UTF-16 and UTF-32 text is full of), or mostly control bytes."""
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > MAX_CONTROL_RATIO * len(data)


def _undecodable(name: str, data: bytes, exc: UnicodeDecodeError) -> BadInputError:
    line = data.count(b"\n", 0, exc.start) + 1
    return BadInputError(
        f"Le fichier {name} ne peut pas être lu : ligne {line}, l'octet 0x{data[exc.start]:02X} "
        "n'est ni de l'UTF-8 ni du Windows-1252. Enregistrez-le au format CSV en UTF-8."
    )


def sniff_separator(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def read_table(path: Path, columns: Columns) -> CsvTable:
    """Read and structure ``path``; raise BadInputError for problems of the whole file."""
    path = Path(path)
    # Only a regular file, and not a huge one: a pipe would wait forever, /dev/zero fill memory.
    data = read_regular_file(path, MAX_CSV_BYTES)
    text, encoding = decode(data, path)
    if not text.strip():
        raise BadInputError(f"Le fichier {path.name} est vide.")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    separator = sniff_separator(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records = _records(reader, path.name)
    headers: list[str] = []
    for _line, cells in records:  # blank lines above the header are skipped
        headers = [clean_cell(c)[0] for c in cells]
        if any(headers):
            break
    lookup = columns.lookup()
    mapped: list[str | None] = [lookup.get(header_key(h)) if h else None for h in headers]
    _check_headers(path, headers, mapped, columns)

    table = CsvTable(path, encoding, separator, headers, mapped, [], [], [], [])
    width = len(headers)
    multiline = [name in columns.multiline for name in mapped]
    named = [(i, c) for i, c in enumerate(mapped) if c is not None]
    for line, raw in records:
        cells = _clean_row(table, raw, multiline)
        if not any(cells):
            continue
        table.raw_rows.append(cells)
        table.raw_lines.append(line)
        if len(cells) > width and any(cells[width:]):
            table.problems.append(
                f"ligne {line} : {len(cells)} cellules pour {width} colonnes d'en-tête "
                f"(séparateur « {separator} » ou guillemets mal placés ?)"
            )
            continue
        values = {name: (cells[i] if i < len(cells) else "") for i, name in named}
        table.rows.append(CsvRow(line, values))
    if not table.raw_rows:
        raise BadInputError(
            f"Le fichier {path.name} ne contient aucune ligne de données (seulement l'en-tête)."
        )
    return table


def _clean_row(table: CsvTable, raw: list[str], multiline: list[bool]) -> list[str]:
    # Most cells hold plain text, stripped here at C speed; only the others go through clean_cell.
    return [
        text.strip() if text.isprintable() and "  " not in text else _clean(table, text, keep_lines)
        for text, keep_lines in zip(raw, chain(multiline, repeat(False)), strict=False)
    ]


def _clean(table: CsvTable, text: str, multiline: bool) -> str:
    cleaned, changed = clean_cell(text, multiline)
    table.cleaned_cells += changed
    return cleaned


def _records(reader: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, cells) for each record, counting lines as a spreadsheet does.

    A quoted cell may span several lines: the next record starts after the last line read.
    """
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BadInputError(
                f"Le fichier {name} est mal formé vers la ligne {start} : {_csv_reason(exc)}."
            ) from exc
        yield start, cells
        start = reader.line_num + 1


def _csv_reason(exc: csv.Error) -> str:
    """The csv module's reasons are English: say them in French (the usual causes too)."""
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            f"une cellule dépasse {MAX_CELL_CHARS:,} caractères".replace(",", "\u202f")
            + " (un guillemet ouvert sans être fermé ?)"
        )
    if "new-line character seen in unquoted field" in text:
        return "retour à la ligne inattendu dans une cellule sans guillemets"
    if "NUL" in text:
        return "caractère nul dans une cellule (fichier binaire ?)"
    if "unexpected end of data" in text:
        return "fin de fichier au milieu d'une cellule entre guillemets"
    if "expected after" in text:
        return "guillemet mal placé dans une cellule"
    return "structure de fichier CSV illisible"


def _check_headers(
    path: Path, headers: list[str], mapped: list[str | None], columns: Columns
) -> None:
    problems: list[str] = []
    seen: dict[str, str] = {}
    for header, name in zip(headers, mapped, strict=True):
        if name is None:
            continue
        if name in seen:
            problems.append(f"les colonnes {quote(seen[name])} et {quote(header)} sont en double")
        seen[name] = header
    missing = [name for name in columns.required if name not in seen]
    if missing:
        labels = ", ".join(f"« {m} »" for m in missing)
        plural = "s" if len(missing) > 1 else ""
        problems.insert(0, f"colonne{plural} obligatoire{plural} absente{plural} : {labels}")
    if problems:
        named = [shorten(h) for h in headers if h]
        found = " ; ".join(named[:MAX_HEADERS_SHOWN]) or "aucune"
        if len(named) > MAX_HEADERS_SHOWN:
            found += " ; …"
        raise BadInputError(
            f"Le fichier {path.name} n'a pas les colonnes attendues (colonnes trouvées : {found}).",
            problems,
        )
