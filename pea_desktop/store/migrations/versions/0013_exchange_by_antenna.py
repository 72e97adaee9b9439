"""The exchange between laptops on a server base, antenna by antenna.

- ``exchange_record_state.antenna_uuid`` (both engines): the antenna whose record it is, filled
  from the records for existing rows ('' when the record is gone). On a laptop's SQLite file it
  is informative only.
- On PostgreSQL: the exchange tables leave the administrator's class (0011) for row-level
  security keyed on the antenna: the coordination's identities (``exchange_laptop``, one per
  antenna on a server), the volunteers' laptops (``exchange_peer``), the invitations and the
  records' revisions carry the antenna's UUID and are seen only through a visible antenna
  (``antenna`` is itself under RLS); what hangs on a laptop (files received, what it holds,
  conflicts, notices) is seen through its ``exchange_peer`` row. ``exchange_claim_state`` (a
  volunteer's laptop only) stays the administrator's. The grants come from
  ``pea-desktop server init`` (``store/server_rights.py``, same classification).

Self-contained on purpose (a migration never imports application code that may change later).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-12
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "pea_antenna_rows"
BY_ANTENNA = "antenna_uuid IN (SELECT uuid FROM antenna)"
BY_PEER = "peer_id IN (SELECT id FROM exchange_peer)"
EXCHANGE_ROWS = {
    "exchange_laptop": BY_ANTENNA,
    "exchange_peer": BY_ANTENNA,
    "exchange_invitation": BY_ANTENNA,
    "exchange_record_state": BY_ANTENNA,
    "exchange_received": BY_PEER,
    "exchange_peer_record": BY_PEER,
    "exchange_conflict": BY_PEER,
    "exchange_notice": BY_PEER,
}
# The antenna of each travelling record, for the revisions kept before this migration.
FILL = """
UPDATE exchange_record_state SET antenna_uuid = coalesce(
  (SELECT a.uuid FROM activity t JOIN antenna a ON a.id = t.antenna_id
    WHERE t.uuid = exchange_record_state.record_uuid),
  (SELECT a.uuid FROM expense_line l JOIN volunteer v ON v.id = l.volunteer_id
    JOIN antenna a ON a.id = v.antenna_id WHERE l.uuid = exchange_record_state.record_uuid),
  (SELECT a.uuid FROM expense_receipt r JOIN expense_line l ON l.id = r.expense_line_id
    JOIN volunteer v ON v.id = l.volunteer_id JOIN antenna a ON a.id = v.antenna_id
    WHERE r.uuid = exchange_record_state.record_uuid),
  '')
"""


def upgrade() -> None:
    with op.batch_alter_table("exchange_record_state") as batch:
        batch.add_column(
            sa.Column("antenna_uuid", sa.String(length=36), server_default="", nullable=False)
        )
    op.execute(FILL)
    if op.get_bind().dialect.name == "postgresql":
        for table, condition in EXCHANGE_ROWS.items():
            op.execute(
                f"CREATE POLICY {POLICY} ON {table} FOR ALL TO PUBLIC "
                f"USING ({condition}) WITH CHECK ({condition})"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in EXCHANGE_ROWS:
            op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
    with op.batch_alter_table("exchange_record_state") as batch:
        batch.drop_column("antenna_uuid")
