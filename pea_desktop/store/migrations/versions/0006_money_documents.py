"""money documents: association status, bank account and signature; volunteers' IBAN and BIC;
SEPA transfer batches of claims

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sepa_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=35), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("execution_date", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("antenna_id", sa.Integer(), nullable=True),
        sa.Column("transfers", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("confirmed_by", sa.String(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["antenna_id"],
            ["antenna.id"],
            name=op.f("fk_sepa_batch_antenna_id_antenna"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sepa_batch")),
        sa.UniqueConstraint("message_id", name=op.f("uq_sepa_batch_message_id")),
    )
    # Plain ADD COLUMN (constant defaults): no table rebuild, which would leave free pages.
    op.add_column(
        "association",
        sa.Column("status", sa.String(), nullable=False, server_default="interet_general"),
    )
    op.add_column(
        "association",
        sa.Column(
            "donation_form", sa.String(), nullable=False, server_default="declaration_don_manuel"
        ),
    )
    op.add_column(
        "association",
        sa.Column("article_978", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    for table in ("association", "volunteer"):
        op.add_column(
            table, sa.Column("iban", sa.String(length=34), nullable=False, server_default="")
        )
        op.add_column(
            table, sa.Column("bic", sa.String(length=11), nullable=False, server_default="")
        )
    op.add_column("association", sa.Column("signature_image", sa.LargeBinary(), nullable=True))
    op.create_table(
        "sepa_transfer",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["sepa_batch.id"],
            name=op.f("fk_sepa_transfer_batch_id_sepa_batch"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["expense_claim.id"],
            name=op.f("fk_sepa_transfer_claim_id_expense_claim"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("batch_id", "claim_id", name=op.f("pk_sepa_transfer")),
    )
    op.create_index(op.f("ix_sepa_transfer_claim_id"), "sepa_transfer", ["claim_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sepa_transfer_claim_id"), "sepa_transfer")
    op.drop_table("sepa_transfer")
    op.drop_table("sepa_batch")
    with op.batch_alter_table("volunteer") as batch:
        batch.drop_column("bic")
        batch.drop_column("iban")
    with op.batch_alter_table("association") as batch:
        for column in ("signature_image", "bic", "iban", "article_978", "donation_form", "status"):
            batch.drop_column(column)
