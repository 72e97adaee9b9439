"""The bases opened lately, for *Fichier › Bases récentes* and the next start.

Kept in a small JSON file in the data folder (so ``PEA_DESKTOP_HOME`` moves it with everything
else). Only paths are written - never anything read from a base. A damaged or unreadable list is
an empty list: forgetting recent bases is harmless, refusing to start is not.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from pea_desktop import paths
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.output_files import write_text_atomically

FILE_NAME = "bases-recentes.json"
MAX_RECENT = 8


def _list_file() -> Path:
    return paths.data_dir() / FILE_NAME


def _normal(path: Path) -> Path:
    return Path(path).expanduser().absolute()


def _read() -> list[Path]:
    try:
        entries = json.loads(_list_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [Path(entry) for entry in entries if isinstance(entry, str) and entry]


def recent_bases() -> list[Path]:
    """The bases opened lately, the last one first; files that no longer exist are left out."""
    return [path for path in _read() if path.is_file()][:MAX_RECENT]


def remember(path: Path) -> None:
    """``path`` was just opened: first of the list."""
    path = _normal(path)
    entries = [path, *(entry for entry in _read() if entry != path)][:MAX_RECENT]
    _write(entries)


def forget(path: Path) -> None:
    path = _normal(path)
    _write([entry for entry in _read() if entry != path])


def last_base() -> Path | None:
    """The base to open when the window starts without ``--db``: the last real base used.

    The demonstration base is never reopened by itself: after trying it, the next start goes
    back to the user's own base (or its set-up assistant).
    """
    demo = _normal(paths.demo_database_path())
    return next((path for path in recent_bases() if path != demo), None)


def _write(entries: list[Path]) -> None:
    # The list is a convenience: a read-only or full disk must not stop a base from opening.
    with contextlib.suppress(OSError, BadInputError):
        _list_file().parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(
            _list_file(), json.dumps([str(entry) for entry in entries], indent=1) + "\n"
        )
