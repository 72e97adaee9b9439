"""What an import would create: new antennas and new volunteers, listed apart, each checked
against the names already known (a typo must not silently create a second one).

``aliases`` map a name of the file to a known one, chosen by the user in the preview:
``"antenne:PARI" -> "PARIS"``, ``"benevole:Benoit Gauthier" -> "Benoît Gautier"``. The
imports apply them to every line before writing (``aliases.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from pea_desktop.domain.lookalike import find_look_alike
from pea_desktop.services.importing import activities as activity_import
from pea_desktop.services.importing import volunteers as volunteer_import
from pea_desktop.services.importing.aliases import antenna_alias, volunteer_alias
from pea_desktop.services.importing.csv_source import read_table
from pea_desktop.services.importing.directory import antenna_key
from pea_desktop.services.organisation.volunteers import name_key
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, Volunteer


@dataclass(frozen=True)
class NewName:
    """A name of the file that matches nothing known: it would be created."""

    name: str  # as the file writes it ("PARI", "Benoit Gauthier")
    antenna_code: str  # volunteers: the antenna of the lines; antennas: the code itself
    lines: tuple[int, ...]  # the file's lines that use it
    look_alike: str = ""  # the known name it looks like ("" none)
    reason: str = ""  # why it looks like it, in French
    antenna: bool = False  # a new antenna (else a new volunteer)

    @property
    def alias_key(self) -> str:
        """The key of ``aliases`` that maps it to its look-alike."""
        return antenna_alias(self.name) if self.antenna else volunteer_alias(self.name)


@dataclass
class Newcomers:
    antennas: list[NewName] = field(default_factory=list)
    volunteers: list[NewName] = field(default_factory=list)

    @property
    def look_alikes(self) -> list[NewName]:
        return [n for n in (*self.antennas, *self.volunteers) if n.look_alike]


def _known(db: Database) -> tuple[dict[str, str], dict[str, list[tuple[str, set[str]]]], list[str]]:
    """Known antennas (key -> code), volunteers by antenna key, and every volunteer's name."""
    with db.session() as session:
        antennas = {a.id: a.code for a in session.scalars(select(Antenna))}
        people = session.execute(
            select(Volunteer.antenna_id, Volunteer.first_name, Volunteer.last_name).where(
                Volunteer.deleted_at.is_(None)
            )
        ).all()
    by_antenna: dict[str, list[tuple[str, set[str]]]] = {}
    for antenna_id, first, last in people:
        keys = {name_key(first, last), name_key(last, first)}
        by_antenna.setdefault(antenna_key(antennas[antenna_id]), []).append(
            (f"{first} {last}", keys)
        )
    names = [name for entries in by_antenna.values() for name, _keys in entries]
    return {antenna_key(code): code for code in antennas.values()}, by_antenna, names


def _collect(
    db: Database, uses: list[tuple[int, str, list[tuple[str, tuple[str, ...]]]]]
) -> Newcomers:
    """``uses``: (line, antenna code, [(full name, its keys)]) for every line of the file."""
    antennas, by_antenna, all_names = _known(db)
    new_antennas: dict[str, list[int]] = {}
    new_people: dict[tuple[str, str], list[int]] = {}
    for line, code, people in uses:
        key = antenna_key(code)
        if key not in antennas:
            new_antennas.setdefault(code, []).append(line)
        known_keys = (
            set().union(*(keys for _n, keys in by_antenna.get(key, [])))
            if by_antenna.get(key)
            else set()
        )
        for full_name, keys in people:
            if not known_keys.intersection(keys):
                new_people.setdefault((full_name, code), []).append(line)
    result = Newcomers()
    for code, lines in new_antennas.items():
        found = find_look_alike(code, list(antennas.values()))
        result.antennas.append(
            NewName(code, code, tuple(lines), *(found or ("", "")), antenna=True)
        )
    for (full_name, code), lines in new_people.items():
        found = find_look_alike(full_name, all_names)
        result.volunteers.append(NewName(full_name, code, tuple(lines), *(found or ("", ""))))
    return result


def find_newcomers(db: Database, path: Path, what: str, today: date | None = None) -> Newcomers:
    """The antennas and volunteers importing ``path`` would create (``what``: "activities" or
    "volunteers"); empty when the file has errors (those are shown instead)."""
    if what == "activities":
        table = read_table(path, activity_import.COLUMNS)
        lines, problems = activity_import.parse_activities(table, today or date.today())
        uses = [(a.line, a.antenna_code, [(p.full_name, p.keys) for p in a.people]) for a in lines]
    else:
        table = read_table(path, volunteer_import.COLUMNS)
        people, problems = volunteer_import.parse_volunteers(table)
        uses = [
            (v.line, v.antenna_code, [(f"{v.first_name} {v.last_name}", v.keys)]) for v in people
        ]
    return Newcomers() if problems else _collect(db, uses)
