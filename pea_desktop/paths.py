"""Where the application keeps its data, backups and logs (platformdirs).

``PEA_DESKTOP_HOME`` sends everything to one folder (tests, portable installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "pea-desktop"
APP_AUTHOR = "PEA"
DEFAULT_DB_NAME = "pea.sqlite3"


def data_dir() -> Path:
    if home := os.environ.get("PEA_DESKTOP_HOME"):
        return Path(home)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, APP_AUTHOR)


def log_dir() -> Path:
    if home := os.environ.get("PEA_DESKTOP_HOME"):
        return Path(home) / "logs"
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, APP_AUTHOR)


def default_database_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def backup_dir_for(database: Path) -> Path:
    """Backups sit beside the database they protect, so a USB copy of the folder keeps them."""
    return database.parent / "sauvegardes"


def resource_path(*parts: str) -> Path:
    """A bundled resource, whether running from source or frozen by PyInstaller."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).parent.parent)) / "pea_desktop"
    return base.joinpath("resources", *parts)
