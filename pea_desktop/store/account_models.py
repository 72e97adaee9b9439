"""Who may log in to a server base, and which antennas each login sees (migration 0011).

The same two tables exist on both engines (one schema), but only a PostgreSQL server reads
them: its row-level security policies let a login see the rows of the antennas listed here
(docs/server.md). A laptop's SQLite base leaves them empty.

Antennas are named by code, not id: an account may be created before its antenna is imported
onto the server (``pea-desktop server import``), and keeps working afterwards.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from pea_desktop.store.models import Base, utcnow

LOGIN_LENGTH = 63  # PostgreSQL's identifier limit (NAMEDATALEN - 1)


class ServerAccount(Base):
    """A server login: a coordinator (linked to antennas) or the federation (all aggregates)."""

    __tablename__ = "server_account"

    login: Mapped[str] = mapped_column(String(LOGIN_LENGTH), primary_key=True)
    federation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ServerAccountAntenna(Base):
    """One antenna (by its code, upper case) a coordinator's login sees and changes."""

    __tablename__ = "server_account_antenna"

    login: Mapped[str] = mapped_column(
        String(LOGIN_LENGTH),
        ForeignKey("server_account.login", ondelete="CASCADE"),
        primary_key=True,
    )
    antenna_code: Mapped[str] = mapped_column(String(32), primary_key=True)
