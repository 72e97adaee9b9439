"""What the window remembers from one start to the next (QSettings, in an INI file).

The file sits in the data folder (``paths.data_dir()``), so ``PEA_DESKTOP_HOME`` keeps tests and
portable installs apart from the user's own settings. Values that only make sense for one base
(the chosen antenna: ids differ between bases) are kept under a key naming that base.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

from pea_desktop import paths

SETTINGS_FILE = "reglages.ini"


def app_settings() -> QSettings:
    return QSettings(str(paths.data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def base_key(database: Path, name: str) -> str:
    """``name`` for one base: ``bases/<digest of its path>/<name>``."""
    digest = hashlib.sha256(str(Path(database).absolute()).encode()).hexdigest()[:16]
    return f"bases/{digest}/{name}"


def read_int(key: str) -> int | None:
    value = app_settings().value(key)
    try:
        return None if value in (None, "") else int(str(value))
    except ValueError:
        return None


def read_str(key: str, default: str = "") -> str:
    value = app_settings().value(key)
    return default if value is None else str(value)


def write(key: str, value: object) -> None:
    settings = app_settings()
    settings.setValue(key, "" if value is None else value)
    settings.sync()


def last_folder(purpose: str) -> str:
    """The folder last used to import or print (``purpose``: "import", "print"...)."""
    folder = read_str(f"folders/{purpose}")
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(purpose: str, chosen_file: str | Path) -> None:
    if chosen_file:
        write(f"folders/{purpose}", str(Path(chosen_file).parent))


# --- the antenna, per base ----------------------------------------------------------------


def remembered_antenna(database: Path) -> int | None:
    """The antenna chosen in the toolbar when the window was last closed on this base."""
    return read_int(base_key(database, "antenna"))


def remember_antenna(database: Path, antenna_id: int | None) -> None:
    write(base_key(database, "antenna"), antenna_id)


def form_antenna(database: Path, known: list[int]) -> int | None:
    """The antenna a new form starts with when the toolbar shows every antenna: the one last
    used in a form, or the only one; None (the form asks) otherwise."""
    last = read_int(base_key(database, "form_antenna"))
    if last in known:
        return last
    return known[0] if len(known) == 1 else None


def remember_form_antenna(database: Path, antenna_id: int | None) -> None:
    if antenna_id is not None:
        write(base_key(database, "form_antenna"), antenna_id)


# --- column widths, per list ----------------------------------------------------------------


def column_widths(list_name: str) -> list[int]:
    """The widths the user gave the columns of ``list_name`` (empty: the default widths)."""
    text = read_str(f"columns/{list_name}")
    try:
        return [int(part) for part in text.split(",")] if text else []
    except ValueError:
        return []


def remember_column_widths(list_name: str, widths: list[int]) -> None:
    # One comma-separated value: the INI format keeps lists of numbers badly across platforms.
    write(f"columns/{list_name}", ",".join(str(width) for width in widths))
