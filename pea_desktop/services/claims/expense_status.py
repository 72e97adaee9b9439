"""Which expense amounts count as reimbursed, waived ("abandon de frais") or not yet claimed.

Costs are told in three parts, which add up to the cost of the activity whatever the claims'
state: a line on an approved or paid claim is **reimbursed**; a line on a claim whose status
is "abandon de frais" is **waived** (a donation); a line not yet claimed, or on a draft or
submitted claim, is **pending** (its amount, or for unclaimed mileage the scale's estimate). A
line on a refused claim is not an expense of the association and counts for nothing in euros.
Kilometres count whatever the claim. Kept in one place so that summaries, exports and the
dashboard agree.
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


def paid_condition() -> ColumnElement[bool]:
    """True for the lines on approved or paid claims (needs :func:`join_claims`)."""
    return and_(
        ExpenseClaim.id.is_not(None),
        ExpenseClaim.status.in_([ClaimStatus.APPROVED, ClaimStatus.PAID]),
    )


def pending_condition() -> ColumnElement[bool]:
    """True for the lines not yet claimed or on open claims (needs :func:`join_claims`)."""
    return or_(
        ExpenseClaim.id.is_(None),
        ExpenseClaim.status.in_([ClaimStatus.DRAFT, ClaimStatus.SUBMITTED]),
    )
