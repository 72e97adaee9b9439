"""Where the application keeps its data, backups and logs (platformdirs).

``PEA_DESKTOP_HOME`` sends everything to one folder (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

APP_NAME = "pea-desktop"
APP_AUTHOR = "PEA"
DEFAULT_DB_NAME = "pea.sqlite3"
DEMO_DB_NAME = "demonstration.sqlite3"
# A file that exists only in PEA Desktop's resources/ folder: a stray "resources" folder
# elsewhere (site-packages has room for one) is never taken for ours.
RESOURCES_MARKER = "pea-desktop-resources.txt"


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


def demo_database_path() -> Path:
    """The demonstration base: beside the real one, never the real one."""
    return data_dir() / DEMO_DB_NAME


def backup_dir_for(database: Path) -> Path:
    """Backups sit beside the database they protect, so a USB copy of the folder keeps them."""
    return database.parent / "sauvegardes"


def _resource_roots() -> tuple[Path, ...]:
    """Where ``resources/`` may be, most specific first.

    - an installed wheel maps the top-level folder into the package (``setup.py``), and the
      frozen build (installer/pea-desktop.spec) copies it to the same place beside the
      bundled modules: ``pea_desktop/resources``;
    - a source run (clone, editable install) has it at the top of the repository.
    """
    package = Path(__file__).resolve().parent
    return (package / "resources", package.parent / "resources")


def resources_dir() -> Path:
    """The ``resources/`` folder this run uses (raises if the installation lost it)."""
    for root in _resource_roots():
        if (root / RESOURCES_MARKER).is_file():
            return root
    searched = ", ".join(str(root) for root in _resource_roots())
    raise FileNotFoundError(f"Dossier resources/ de PEA Desktop introuvable (cherché : {searched})")


def resource_path(relative: str) -> Path:
    """A file under the top-level ``resources/`` folder, e.g. ``"fonts/DejaVuSans.ttf"``.

    The same lookup serves a source run, an installed wheel and the frozen build.
    """
    return resources_dir().joinpath(*PurePosixPath(relative).parts)
