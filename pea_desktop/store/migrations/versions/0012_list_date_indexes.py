"""Indexes for lists in date order whatever the kind: live activities, and the bin.

Without them, the list of every kind (and the bin) sorts all 200,000 activities to show the 200
most recent: about 300 ms on PostgreSQL (EXPLAIN: a sequential scan and a top-N sort), where
reading an index backwards gives the page at once. The tie-break on ``id`` is in the index, so
that the page's order needs no sort either. Both engines get the same indexes.

Revision ID: 0012
Revises: 0010
Create Date: 2027-02-10
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_activity_live_date": "deleted_at IS NULL",
    "ix_activity_binned_date": "deleted_at IS NOT NULL",
}


def upgrade() -> None:
    for name, where in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON activity (date, id) WHERE {where}")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
