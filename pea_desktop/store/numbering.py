"""The highest claim or tax receipt number of a year, whoever asks (numbers are per association).

On a server base a coordinator's login sees only their antennas' rows (row-level security,
migration 0011): their ``max(seq)`` would miss the other antennas' numbers and two antennas
would both take ``NF-2025-0001``. There, the maximum comes from a SECURITY DEFINER function
that reads every antenna's rows and returns only that number; the transaction first takes an
advisory lock named after the numbering (held until it ends), so two preparations never read
the same maximum. On SQLite a unit of work already holds the write lock from its start.
"""

from __future__ import annotations

import zlib
from typing import Literal

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pea_desktop.store.claims_models import TaxReceipt
from pea_desktop.store.models import ExpenseClaim

Numbering = Literal["claim", "tax_receipt"]
_LOCK_NAMES = {"claim": "claim-number", "tax_receipt": "tax-receipt-number"}
_FUNCTIONS = {"claim": "pea_claim_max_seq", "tax_receipt": "pea_tax_receipt_max_seq"}


def lock_key(name: str) -> int:
    """A stable key for ``name`` (the same in every process and version)."""
    return zlib.crc32(b"pea-desktop:" + name.encode("utf-8"))


def highest_seq(session: Session, numbering: Numbering, year: int) -> int:
    """The highest ``seq`` of ``year`` across every antenna (0 when none yet)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(_LOCK_NAMES[numbering])}
        )
        found = connection.execute(
            text(f"SELECT {_FUNCTIONS[numbering]}(:year)"), {"year": year}
        ).scalar()
        return int(found or 0)
    model = ExpenseClaim if numbering == "claim" else TaxReceipt
    return int(session.scalar(select(func.max(model.seq)).where(model.year == year)) or 0)
