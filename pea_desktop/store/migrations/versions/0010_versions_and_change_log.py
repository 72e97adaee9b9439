"""Several people at once: row versions, who saved last, and the audit trail.

- ``version`` on every row users edit (antenna, volunteer, partner, activity, expense line,
  expense claim, receipt file, tax receipt): optimistic locking, a save that read an older
  version is refused instead of overwriting another user's.
- ``updated_by``: who saved the row last (the server login, or the name chosen in the
  application).
- ``change_log``: append-only audit trail (at, actor, table, row UUID, action, short summary).
  On PostgreSQL, under row-level security: a login may only add lines in its own name
  (``actor = current_user``) and reads none (the lines are about every antenna's rows); the
  data stamp lists poll comes from ``pea_data_stamp()``, which returns only the last line's id.

Revision ID: 0010
Revises: 0011
Create Date: 2027-01-15
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JOURNAL_POLICY = "pea_journal_insert"
TRACKED = (
    "antenna",
    "volunteer",
    "partner",
    "activity",
    "expense_line",
    "expense_claim",
    "expense_receipt",
    "tax_receipt",
)


def upgrade() -> None:
    for name in TRACKED:
        # Plain ADD COLUMN (no table rebuild): the triggers on activity stay as they are.
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
            batch.add_column(
                sa.Column("updated_by", sa.String(64), nullable=False, server_default="")
            )
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("table_name", sa.String(32), nullable=False),
        sa.Column("row_uuid", sa.String(36), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    op.create_index("ix_change_log_row", "change_log", ["table_name", "row_uuid"])
    if op.get_bind().dialect.name == "postgresql":
        schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
        op.execute(
            "CREATE OR REPLACE FUNCTION pea_data_stamp() RETURNS integer LANGUAGE sql STABLE "
            f'SECURITY DEFINER SET search_path = "{schema}", pg_temp AS $$ '
            "SELECT coalesce(max(id), 0) FROM change_log $$"
        )
        op.execute("ALTER TABLE change_log ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {JOURNAL_POLICY} ON change_log FOR INSERT TO PUBLIC "
            "WITH CHECK (actor = current_user)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS {JOURNAL_POLICY} ON change_log")
        op.execute("DROP FUNCTION IF EXISTS pea_data_stamp()")
    op.drop_index("ix_change_log_row", table_name="change_log")
    op.drop_table("change_log")
    for name in TRACKED:
        with op.batch_alter_table(name) as batch:
            batch.drop_column("updated_by")
            batch.drop_column("version")
