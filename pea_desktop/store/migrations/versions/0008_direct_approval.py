"""Direct approval: an antenna may approve drafts without the submit step.

- ``antenna.direct_approval``: for a one-person antenna, the coordinator approves a draft in one
  step; the history still records both steps (submitted, then approved), with who and when.

Numbered 0008 but written after 0009 (exchange): it follows 0009 in the chain.

Revision ID: 0008
Revises: 0009
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("antenna") as batch:
        batch.add_column(
            sa.Column("direct_approval", sa.Boolean(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("antenna") as batch:
        batch.drop_column("direct_approval")
