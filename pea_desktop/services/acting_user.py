"""Who is acting, for the services and the window: the name in histories and the audit trail.

The decision itself is made in one place, :mod:`pea_desktop.store.acting` (the server login on a
server base; else the name chosen in the application, « Votre nom », else the system login).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from pea_desktop.store import acting
from pea_desktop.store.audit import actor_of
from pea_desktop.store.database import Database

MAX_NAME = acting.MAX_NAME


def acting_user(session: Session, given: str | None = None) -> str:
    """``given`` (a command's ``--par``, a test) or who acts in ``session``."""
    return actor_of(session) if given is None else given


def current_user(db: Database) -> str:
    """Who acts on ``db`` (the server login on a server base)."""
    with db.engine.connect() as connection:
        return acting.actor_on(connection)


def chosen_name() -> str:
    """The name chosen in the preferences ("" when none: the system login is used)."""
    return acting.chosen_name()


def default_name() -> str:
    """What is used when no name is chosen: the system login."""
    return acting.system_login()


def choose_name(name: str) -> None:
    """Remember the user's name for every file base of this computer account."""
    acting.choose_name(name)
