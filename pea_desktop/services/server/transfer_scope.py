"""What a transfer copies: the tables, in the order references require, and which of their
source rows belong to the antennas being copied (every antenna when none are named)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, select, true

from pea_desktop.services.server.transfer_reference import REFERENCE_TABLES
from pea_desktop.store.models import Base

# Never copied: the exchange between laptops is one laptop's business (store/exchange_models);
# a server's accounts and their antennas are its administrator's (server account add); the
# audit trail is each base's own (the copy itself is logged in the target's).
NOT_COPIED = frozenset(
    name
    for name in Base.metadata.tables
    if name.startswith(("exchange_", "server_")) or name == "change_log"
)
# Copied by transfer_reference (a scale's bands go with their year).
REFERENCE_SIDE = frozenset({*REFERENCE_TABLES, "mileage_scale_band"})
# The tables a transfer copies, in the order references require (reference data first).
COPIED = (
    *REFERENCE_TABLES,
    "mileage_scale_band",
    "antenna",
    "antenna_key",
    "partner",
    "volunteer",
    "activity",
    "activity_volunteer",
    "expense_claim",
    "claim_status_change",
    "expense_line",
    "mileage_valuation",
    "expense_receipt",
    "tax_receipt",
    "sepa_batch",
    "sepa_transfer",
)


def table(name: str) -> Table:
    return Base.metadata.tables[name]


class Scope:
    """The source rows of the antennas ``codes`` (None: all of them) and what hangs on them."""

    def __init__(self, codes: Sequence[str] | None) -> None:
        self.codes = list(codes) if codes is not None else None

    def antennas(self) -> ColumnElement[bool]:
        t = table("antenna")
        return true() if self.codes is None else t.c.code.in_(self.codes)

    def antenna_ids(self) -> Select[Any]:
        t = table("antenna")
        return select(t.c.id).where(self.antennas())

    def where(self, name: str) -> ColumnElement[bool]:
        """The source rows of ``name`` that belong to the antennas copied."""
        if self.codes is None:
            return true()
        t = table(name)
        if name == "antenna":
            return self.antennas()
        if name in ("volunteer", "activity", "expense_claim"):
            return t.c.antenna_id.in_(self.antenna_ids())
        if name == "antenna_key":
            return t.c.antenna_id.in_(self.antenna_ids())
        if name == "activity_volunteer":
            return t.c.activity_id.in_(select(table("activity").c.id).where(self.where("activity")))
        if name in ("claim_status_change",):
            return t.c.claim_id.in_(self.claim_ids())
        if name == "expense_line":
            volunteer = table("volunteer")
            return t.c.volunteer_id.in_(select(volunteer.c.id).where(self.where("volunteer")))
        if name in ("mileage_valuation", "expense_receipt"):
            line = table("expense_line")
            return t.c.expense_line_id.in_(select(line.c.id).where(self.where("expense_line")))
        if name == "tax_receipt":
            return t.c.claim_id.in_(self.claim_ids())
        if name == "sepa_batch":
            transfer = table("sepa_transfer")
            return t.c.antenna_id.in_(self.antenna_ids()) | (
                t.c.antenna_id.is_(None)
                & t.c.id.in_(
                    select(transfer.c.batch_id).where(transfer.c.claim_id.in_(self.claim_ids()))
                )
            )
        if name == "sepa_transfer":
            return t.c.claim_id.in_(self.claim_ids())
        return true()  # partners: shared by every antenna

    def claim_ids(self) -> Select[Any]:
        claim = table("expense_claim")
        return select(claim.c.id).where(self.where("expense_claim"))
