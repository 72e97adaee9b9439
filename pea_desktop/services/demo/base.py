"""The demonstration base of the window: a separate file, recognisable as such.

"Essayer avec des données fictives" never fills the user's own base: it opens
``paths.demo_database_path()``, filled on first use. A base filled by ``pea-desktop demo`` is
recognised too, by the association name the generator gives it.
"""

from __future__ import annotations

from pathlib import Path

from pea_desktop import paths
from pea_desktop.services.association import load_association
from pea_desktop.services.database import Database
from pea_desktop.services.demo import data


def demonstration_path() -> Path:
    return paths.demo_database_path().expanduser().absolute()


def is_demonstration(db: Database) -> bool:
    """True for the window's demonstration base and for any base of fictitious data."""
    if Path(db.path).expanduser().absolute() == demonstration_path():
        return True
    return load_association(db).name.strip().endswith(data.DEMO_MARK)


def fill_demonstration(db: Database) -> None:
    """Fill the (empty) demonstration base: 4 antennas, 3 years of activity."""
    from pea_desktop.services.demo import generator

    generator.generate(db)
