"""Rights on a server base: accounts, and row-level security by antenna (PostgreSQL only).

- ``server_account`` / ``server_account_antenna`` (both engines, the same schema; a laptop's
  SQLite base leaves them empty): each server login, whether it is the federation's, and the
  antenna codes a coordinator's login sees.
- On PostgreSQL: row-level security on every table holding an antenna's rows, with one policy
  ``TO PUBLIC`` (USING and WITH CHECK) keyed on the login in the account table, so no group role
  has to exist yet. The base's owner (its administrator) bypasses them; the grants to the group
  roles come from ``pea-desktop server init`` (``store/server_rights.py``). Shared reference
  tables (association, settings, mileage scales) may only be read under RLS; the exchange and
  account tables are the administrator's (RLS on, no policy).
- ``pea_claim_max_seq(year)`` / ``pea_tax_receipt_max_seq(year)``: the highest number of the
  year across every antenna (a coordinator's ``max(seq)`` would only see their own antenna's).

Self-contained on purpose (a migration never imports application code that may change later):
``store/server_rights.py`` keeps the same classification, and a test checks both agree.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "pea_antenna_rows"
READ_POLICY = "pea_shared_read"
# Table -> the condition a row meets when it belongs to one of the login's antennas. A child
# table refers to its parent, itself under RLS: the subquery only sees the login's rows.
ANTENNA_ROWS = {
    "antenna": "upper(code) IN (SELECT pea_my_antenna_codes())",
    "antenna_key": "antenna_id IN (SELECT pea_my_antenna_ids())",
    "volunteer": "antenna_id IN (SELECT pea_my_antenna_ids())",
    "activity": "antenna_id IN (SELECT pea_my_antenna_ids())",
    "activity_volunteer": "activity_id IN (SELECT id FROM activity) "
    "AND volunteer_id IN (SELECT id FROM volunteer)",
    "expense_line": "volunteer_id IN (SELECT id FROM volunteer)",
    "expense_claim": "antenna_id IN (SELECT pea_my_antenna_ids())",
    "claim_status_change": "claim_id IN (SELECT id FROM expense_claim)",
    "mileage_valuation": "expense_line_id IN (SELECT id FROM expense_line)",
    "expense_receipt": "expense_line_id IN (SELECT id FROM expense_line)",
    "tax_receipt": "claim_id IN (SELECT id FROM expense_claim)",
    "sepa_batch": "antenna_id IN (SELECT pea_my_antenna_ids())",
    "sepa_transfer": "claim_id IN (SELECT id FROM expense_claim)",
}
SHARED_READ_ONLY = (
    "association",
    "setting",
    "mileage_scale",
    "mileage_scale_band",
    "own_mileage_rate",
)
ADMINISTRATOR_ONLY = (
    "server_account",
    "server_account_antenna",
    "exchange_laptop",
    "exchange_peer",
    "exchange_invitation",
    "exchange_received",
    "exchange_record_state",
    "exchange_peer_record",
    "exchange_conflict",
    "exchange_claim_state",
    "exchange_notice",
)
MAX_SEQ_FUNCTIONS = {"pea_claim_max_seq": "expense_claim", "pea_tax_receipt_max_seq": "tax_receipt"}


def upgrade() -> None:
    op.create_table(
        "server_account",
        sa.Column("login", sa.String(length=63), nullable=False),
        sa.Column("federation", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_server_account")),
    )
    op.create_table(
        "server_account_antenna",
        sa.Column("login", sa.String(length=63), nullable=False),
        sa.Column("antenna_code", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["login"],
            ["server_account.login"],
            name=op.f("fk_server_account_antenna_login_server_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("login", "antenna_code", name=op.f("pk_server_account_antenna")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _row_level_security()


def _row_level_security() -> None:
    schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    # SECURITY DEFINER: they read the account and antenna tables as their owner (who bypasses
    # RLS), for the login that opened the session; a fixed search_path keeps them safe.
    header = f'LANGUAGE sql STABLE SECURITY DEFINER SET search_path = "{schema}", pg_temp AS $$'
    op.execute(
        "CREATE OR REPLACE FUNCTION pea_my_antenna_codes() RETURNS SETOF text "
        f"{header} SELECT upper(antenna_code)::text FROM server_account_antenna "
        "WHERE login = session_user $$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION pea_my_antenna_ids() RETURNS SETOF integer "
        f"{header} SELECT a.id FROM antenna a JOIN server_account_antenna s "
        "ON upper(s.antenna_code) = upper(a.code) WHERE s.login = session_user $$"
    )
    for function, table in MAX_SEQ_FUNCTIONS.items():
        op.execute(
            f"CREATE OR REPLACE FUNCTION {function}(wanted_year integer) RETURNS integer "
            f"{header} SELECT coalesce(max(seq), 0) FROM {table} WHERE year = wanted_year $$"
        )
    for table, condition in ANTENNA_ROWS.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON {table} FOR ALL TO PUBLIC "
            f"USING ({condition}) WITH CHECK ({condition})"
        )
    for table in SHARED_READ_ONLY:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {READ_POLICY} ON {table} FOR SELECT TO PUBLIC USING (true)")
    for table in ADMINISTRATOR_ONLY:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ANTENNA_ROWS:
            op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for table in SHARED_READ_ONLY:
            op.execute(f"DROP POLICY IF EXISTS {READ_POLICY} ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for table in ADMINISTRATOR_ONLY:
            if table.startswith("exchange_"):
                op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for function in (*MAX_SEQ_FUNCTIONS, "pea_my_antenna_ids", "pea_my_antenna_codes"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    op.drop_table("server_account_antenna")
    op.drop_table("server_account")
