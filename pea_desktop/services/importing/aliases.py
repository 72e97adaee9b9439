"""Names of an imported file mapped to known ones, as chosen in the import preview
(see ``newcomers.py``): applied to every line before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, TypeVar

from pea_desktop.services.importing.directory import antenna_key
from pea_desktop.services.importing.names import parse_person

Aliases = Mapping[str, str]
Line = TypeVar("Line", bound=Any)


def antenna_alias(code: str) -> str:
    return f"antenne:{antenna_key(code)}"


def volunteer_alias(full_name: str) -> str:
    return f"benevole:{full_name}"


def apply_to_activity_lines(lines: list[Line], aliases: Aliases) -> list[Line]:
    if not aliases:
        return lines
    return [
        replace(
            line,
            antenna_code=aliases.get(antenna_alias(line.antenna_code), line.antenna_code),
            people=tuple(
                parse_person(aliases[volunteer_alias(p.full_name)])
                if volunteer_alias(p.full_name) in aliases
                else p
                for p in line.people
            ),
        )
        for line in lines
    ]


def apply_to_volunteer_lines(lines: list[Line], aliases: Aliases) -> list[Line]:
    if not aliases:
        return lines
    changed = []
    for line in lines:
        code = aliases.get(antenna_alias(line.antenna_code), line.antenna_code)
        name = aliases.get(volunteer_alias(f"{line.first_name} {line.last_name}"))
        person = parse_person(name) if name else None
        changed.append(
            replace(
                line,
                antenna_code=code,
                first_name=person.first_name if person else line.first_name,
                last_name=person.last_name if person else line.last_name,
            )
        )
    return changed
