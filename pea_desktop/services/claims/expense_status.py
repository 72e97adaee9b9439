"""Which expense amounts count as waived ("abandon de frais") and which as reimbursed.

A line on a claim whose status is "abandon de frais" is waived (a donation); a line on a
refused claim is not an expense of the association and counts for nothing in euros; every
other line (not yet claimed, or on a draft, submitted, approved or paid claim) counts as
reimbursed. Kilometres count whatever the claim. Kept in one place so that summaries,
exports and the dashboard agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_

from pea_desktop.domain.claims import ClaimStatus
from pea_desktop.store.models import ExpenseClaim, ExpenseLine


def join_claims(query: Select[Any]) -> Select[Any]:
    """``query`` (over expense lines) with each line's claim, if any."""
    return query.outerjoin(ExpenseClaim, ExpenseClaim.id == ExpenseLine.claim_id)


def waived_condition() -> ColumnElement[bool]:
    """True for the lines given up by their volunteer (needs :func:`join_claims`)."""
    return and_(ExpenseClaim.id.is_not(None), ExpenseClaim.status == ClaimStatus.WAIVED)


def reimbursed_condition() -> ColumnElement[bool]:
    """True for the lines the association pays or will pay (needs :func:`join_claims`)."""
    return or_(
        ExpenseClaim.id.is_(None),
        ExpenseClaim.status.not_in([ClaimStatus.WAIVED, ClaimStatus.REFUSED]),
    )
