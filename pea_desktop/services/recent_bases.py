"""The bases opened lately, for *Fichier › Bases récentes* and the next start.

Kept in a small JSON file in the data folder (so ``PEA_DESKTOP_HOME`` moves it with everything
else). Only locations are written - a file's path, or a server base's address as text
(``postgresql://user@host:port/base``, never a password) - never anything read from a base. A
damaged or unreadable list is an empty list: forgetting recent bases is harmless, refusing to
start is not.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from pea_desktop import paths
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.output_files import write_text_atomically
from pea_desktop.store.location import ServerAddress, is_server_text, parse_server_address

FILE_NAME = "bases-recentes.json"
MAX_RECENT = 8

Location = Path | ServerAddress


def _list_file() -> Path:
    return paths.data_dir() / FILE_NAME


def _normal(location: Location) -> Location:
    if isinstance(location, ServerAddress):
        return location
    return Path(location).expanduser().absolute()


def _entry(text: str) -> Location | None:
    if not is_server_text(text):
        return Path(text)
    try:
        return parse_server_address(text)
    except BadInputError:  # edited by hand, or a password slipped in: left out, not used
        return None


def _read() -> list[Location]:
    try:
        entries = json.loads(_list_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    read = (_entry(entry) for entry in entries if isinstance(entry, str) and entry)
    return [entry for entry in read if entry is not None]


def recent_bases() -> list[Location]:
    """The bases opened lately, the last one first; files that no longer exist are left out
    (a server base is kept: whether it still answers is only known by connecting)."""
    return [entry for entry in _read() if isinstance(entry, ServerAddress) or entry.is_file()][
        :MAX_RECENT
    ]


def remember(location: Location) -> None:
    """``location`` was just opened: first of the list."""
    location = _normal(location)
    entries = [location, *(entry for entry in _read() if entry != location)][:MAX_RECENT]
    _write(entries)


def forget(location: Location) -> None:
    location = _normal(location)
    _write([entry for entry in _read() if entry != location])


def last_base() -> Location | None:
    """The base to open when the window starts without ``--db``: the last real base used.

    The demonstration base is never reopened by itself: after trying it, the next start goes
    back to the user's own base (or its set-up assistant).
    """
    demo = _normal(paths.demo_database_path())
    return next((entry for entry in recent_bases() if entry != demo), None)


def _text(location: Location) -> str:
    return location.as_text() if isinstance(location, ServerAddress) else str(location)


def _write(entries: list[Location]) -> None:
    # The list is a convenience: a read-only or full disk must not stop a base from opening.
    with contextlib.suppress(OSError, BadInputError):
        _list_file().parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(
            _list_file(), json.dumps([_text(entry) for entry in entries], indent=1) + "\n"
        )
