"""Exchange between laptops: a UUID on volunteers' links, peers, invitations, revisions.

Every other travelling record (activities, expense lines, receipt files, antennas, volunteers,
partners, claims) already has a UUID since 0001; the links between an activity and its
volunteers get one here, filled for existing rows. The new tables are described in
``pea_desktop/store/exchange_models.py``.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-05
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activity_volunteer") as batch:
        batch.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
    connection = op.get_bind()
    links = connection.execute(
        sa.text("SELECT activity_id, volunteer_id FROM activity_volunteer")
    ).fetchall()
    if links:
        connection.execute(
            sa.text(
                "UPDATE activity_volunteer SET uuid = :uuid "
                "WHERE activity_id = :activity AND volunteer_id = :volunteer"
            ),
            [{"uuid": str(uuid.uuid4()), "activity": a, "volunteer": v} for a, v in links],
        )
    with op.batch_alter_table("activity_volunteer") as batch:
        batch.alter_column("uuid", existing_type=sa.String(length=36), nullable=False)
        batch.create_unique_constraint("uq_activity_volunteer_uuid", ["uuid"])

    op.create_table(
        "exchange_laptop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("signing_seed", sa.String(length=64), nullable=False),
        sa.Column("box_secret", sa.String(length=64), nullable=False),
        sa.Column("volunteer_uuid", sa.String(length=36), nullable=False),
        sa.Column("antenna_uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_exchange_laptop"),
        sa.UniqueConstraint("uuid", name="uq_exchange_laptop_uuid"),
    )
    op.create_table(
        "exchange_peer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("volunteer_uuid", sa.String(length=36), nullable=False),
        sa.Column("antenna_uuid", sa.String(length=36), nullable=False),
        sa.Column("signing_key", sa.String(length=64), nullable=False),
        sa.Column("box_key", sa.String(length=64), nullable=False),
        sa.Column("invitation_uuid", sa.String(length=36), nullable=False),
        sa.Column("last_sent_seq", sa.Integer(), nullable=False),
        sa.Column("acked_seq", sa.Integer(), nullable=False),
        sa.Column("received_seq", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_exchange_peer"),
        sa.UniqueConstraint("uuid", name="uq_exchange_peer_uuid"),
    )
    op.create_index(
        "ix_exchange_peer_volunteer_uuid", "exchange_peer", ["volunteer_uuid"], unique=False
    )
    op.create_table(
        "exchange_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("volunteer_uuid", sa.String(length=36), nullable=False),
        sa.Column("antenna_uuid", sa.String(length=36), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_exchange_invitation"),
        sa.UniqueConstraint("uuid", name="uq_exchange_invitation_uuid"),
    )
    op.create_table(
        "exchange_received",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["exchange_peer.id"],
            name="fk_exchange_received_peer_id_exchange_peer",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_exchange_received"),
        sa.UniqueConstraint("peer_id", "seq", name="uq_exchange_received_peer_seq"),
    )
    op.create_table(
        "exchange_record_state",
        sa.Column("record_uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rev", sa.String(length=32), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("history", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("record_uuid", name="pk_exchange_record_state"),
    )
    op.create_table(
        "exchange_peer_record",
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("record_uuid", sa.String(length=36), nullable=False),
        sa.Column("known_rev", sa.String(length=32), nullable=False),
        sa.Column("pending_rev", sa.String(length=32), nullable=False),
        sa.Column("pending_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["exchange_peer.id"],
            name="fk_exchange_peer_record_peer_id_exchange_peer",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("peer_id", "record_uuid", name="pk_exchange_peer_record"),
    )
    op.create_table(
        "exchange_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("record_uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("remote_rev", sa.String(length=32), nullable=False),
        sa.Column("remote_history", sa.Text(), nullable=False),
        sa.Column("remote_content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("choice", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["exchange_peer.id"],
            name="fk_exchange_conflict_peer_id_exchange_peer",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_exchange_conflict"),
        sa.UniqueConstraint("uuid", name="uq_exchange_conflict_uuid"),
    )
    op.create_index("ix_exchange_conflict_record", "exchange_conflict", ["record_uuid"])
    op.create_table(
        "exchange_claim_state",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("waiver", sa.Boolean(), nullable=False),
        sa.Column("refusal_reason", sa.Text(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("line_uuids", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("uuid", name="pk_exchange_claim_state"),
    )
    op.create_table(
        "exchange_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("peer_id", sa.Integer(), nullable=True),
        sa.Column("record_uuid", sa.String(length=36), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("sent_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["exchange_peer.id"],
            name="fk_exchange_notice_peer_id_exchange_peer",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_exchange_notice"),
        sa.UniqueConstraint("uuid", name="uq_exchange_notice_uuid"),
    )


def downgrade() -> None:
    for table in (
        "exchange_notice",
        "exchange_claim_state",
        "exchange_conflict",
        "exchange_peer_record",
        "exchange_record_state",
        "exchange_received",
        "exchange_invitation",
        "exchange_peer",
        "exchange_laptop",
    ):
        op.drop_table(table)
    with op.batch_alter_table("activity_volunteer") as batch:
        batch.drop_constraint("uq_activity_volunteer_uuid", type_="unique")
        batch.drop_column("uuid")
