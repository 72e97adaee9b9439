"""Where a base is: a SQLite file (a path) or a PostgreSQL server (an address).

``--db``, the recent bases and the window's « Se connecter à un serveur… » all take either; the
text ``postgresql://user@host:port/base`` (SQLAlchemy's URL form) names a server base. A password
is never part of it: it comes from a prompt, ``PGPASSWORD`` or ``PGPASSFILE``/``~/.pgpass``
(libpq reads those itself), so it stays out of shell histories, process lists and settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from pea_desktop.domain.errors import BadInputError
from pea_desktop.paths import data_dir

DRIVER = "postgresql+psycopg"
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DEFAULT_PORT = 5432
SERVERS_FOLDER = "serveurs"  # under the data folder: what this computer keeps for each server


@dataclass(frozen=True)
class ServerAddress:
    """A PostgreSQL base: user, host, port, base name (and libpq options such as ``host`` for
    a Unix socket folder). Never holds a password."""

    url: URL

    @property
    def user(self) -> str:
        return self.url.username or ""

    @property
    def database(self) -> str:
        return self.url.database or ""

    @property
    def host(self) -> str:
        socket_folder = self.url.query.get("host")
        return self.url.host or (str(socket_folder) if socket_folder else "localhost")

    @property
    def port(self) -> int:
        return self.url.port or int(str(self.url.query.get("port") or DEFAULT_PORT))

    @property
    def label(self) -> str:
        """How the window and messages name it: ``user@host:port/base``."""
        user = f"{self.user}@" if self.user else ""
        return f"{user}{self.host}:{self.port}/{self.database}"

    def as_text(self) -> str:
        """The address as given to ``--db`` (what the recent bases remember)."""
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)

    def local_folder(self) -> Path:
        """A folder of this computer standing for the base: its settings keys, its receipts'
        attachments. Never a database file (nothing copies or backs it up)."""
        slug = re.sub(r"[^0-9A-Za-z_.-]+", "_", self.label).strip("_")
        return data_dir() / SERVERS_FOLDER / slug


def is_server_text(text: str) -> bool:
    """Whether ``text`` (a ``--db`` value, a remembered base) names a server base."""
    scheme = text.strip().split("://", 1)[0].lower() if "://" in text else ""
    return scheme in SCHEMES


def parse_server_address(text: str) -> ServerAddress:
    """Read a ``postgresql://`` address; raise BadInputError (French) when it is unusable."""
    try:
        url = make_url(text.strip())
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise BadInputError(
            f"Adresse de serveur illisible : « {text} ». Forme attendue : "
            "postgresql://utilisateur@serveur:5432/base"
        ) from exc
    if url.get_backend_name() != "postgresql":
        raise BadInputError(f"« {text} » n'est pas une adresse PostgreSQL (postgresql://…).")
    if url.password is not None:
        raise BadInputError(
            "Le mot de passe ne doit pas figurer dans l'adresse du serveur (il resterait dans "
            "l'historique et la liste des processus). Retirez-le : il sera demandé, ou lu dans "
            "PGPASSWORD ou le fichier PGPASSFILE (~/.pgpass)."
        )
    if not url.database:
        raise BadInputError(
            f"Il manque le nom de la base dans « {text} » : "
            "postgresql://utilisateur@serveur:5432/base"
        )
    return ServerAddress(url.set(drivername=DRIVER))


def parse_location(text: str | Path) -> Path | ServerAddress:
    """A ``--db`` value: a server address, or else a file path (``~`` expanded, absolute)."""
    if isinstance(text, str) and is_server_text(text):
        return parse_server_address(text)
    return Path(text).expanduser().absolute()
