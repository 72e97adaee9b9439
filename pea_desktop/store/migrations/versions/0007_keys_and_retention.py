"""Antenna signing keys, a retention period per antenna, erased volunteers.

- ``antenna_key``: the Ed25519 key each antenna signs its federation exports with (format 3);
- ``antenna.retention_years``: visit references and notes older than this may be purged
  (default 3 years);
- ``volunteer.erased_at``: when a volunteer who left had their personal data erased.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "antenna_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("antenna_id", sa.Integer(), nullable=False),
        sa.Column("private_key", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["antenna_id"],
            ["antenna.id"],
            name="fk_antenna_key_antenna_id_antenna",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_antenna_key"),
        sa.UniqueConstraint("antenna_id", name="uq_antenna_key_antenna_id"),
    )
    with op.batch_alter_table("antenna") as batch:
        batch.add_column(
            sa.Column("retention_years", sa.Integer(), nullable=False, server_default="3")
        )
    with op.batch_alter_table("volunteer") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("volunteer") as batch:
        batch.drop_column("erased_at")
    with op.batch_alter_table("antenna") as batch:
        batch.drop_column("retention_years")
    op.drop_table("antenna_key")
