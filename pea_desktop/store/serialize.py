"""Serialize writers that read a maximum then insert the next number (claims, tax receipts).

On SQLite a unit of work already holds the write lock from its start (``BEGIN IMMEDIATE``), so
two preparations never read the same maximum. On PostgreSQL (READ COMMITTED) they could: the
transaction takes an advisory lock named after what it numbers, held until it ends, before
reading the maximum. Call :func:`serialize` first thing, before the ``SELECT max(...)``.
"""

from __future__ import annotations

import zlib

from sqlalchemy.orm import Session

CLAIM_NUMBER = "claim-number"
TAX_RECEIPT_NUMBER = "tax-receipt-number"


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (the same in every process and version)."""
    return zlib.crc32(b"pea-desktop:" + name.encode("utf-8"))


def serialize(session: Session, name: str) -> None:
    """Wait until no other transaction holds ``name``, then hold it until this one ends."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({lock_key(name)})")
