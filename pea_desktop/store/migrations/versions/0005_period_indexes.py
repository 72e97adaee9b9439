"""Indexes for period summaries: activities of an antenna by date, expense lines by date.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_activity_live_antenna_date ON activity (antenna_id, date) "
        "WHERE deleted_at IS NULL"
    )
    op.create_index("ix_expense_line_date", "expense_line", ["date"])


def downgrade() -> None:
    op.drop_index("ix_expense_line_date", "expense_line")
    op.execute("DROP INDEX ix_activity_live_antenna_date")
