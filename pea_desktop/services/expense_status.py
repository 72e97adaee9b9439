"""Which expense lines count as waived ("abandon de frais") rather than reimbursed.

Until expense claims exist in the store, every expense line counts as reimbursed; once a line
belongs to a claim, the claim's status decides. Kept in one place so that summaries, exports
and the dashboard agree.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false


def waived_condition() -> ColumnElement[bool]:
    """SQL condition true for the expense lines given up by their volunteer (a donation)."""
    return false()
