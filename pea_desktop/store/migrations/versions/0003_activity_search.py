"""Accent- and case-insensitive activity search: a folded search column kept by triggers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite's lower() only folds ASCII: accented letters are replaced explicitly, in both cases.
# Triggers keep the column right for every writer (forms, imports, bulk inserts) without any
# application function registered on the connection.
_FOLDS = [
    ("à", "a"),
    ("â", "a"),
    ("ä", "a"),
    ("á", "a"),
    ("À", "a"),
    ("Â", "a"),
    ("Ä", "a"),
    ("Á", "a"),
    ("ç", "c"),
    ("Ç", "c"),
    ("é", "e"),
    ("è", "e"),
    ("ê", "e"),
    ("ë", "e"),
    ("É", "e"),
    ("È", "e"),
    ("Ê", "e"),
    ("Ë", "e"),
    ("î", "i"),
    ("ï", "i"),
    ("í", "i"),
    ("Î", "i"),
    ("Ï", "i"),
    ("ô", "o"),
    ("ö", "o"),
    ("ó", "o"),
    ("Ô", "o"),
    ("Ö", "o"),
    ("ù", "u"),
    ("û", "u"),
    ("ü", "u"),
    ("ú", "u"),
    ("Ù", "u"),
    ("Û", "u"),
    ("Ü", "u"),
    ("ÿ", "y"),
    ("ñ", "n"),
    ("Ñ", "n"),
    ("œ", "oe"),
    ("Œ", "oe"),
    ("æ", "ae"),
    ("Æ", "ae"),
    ("’", "''"),  # typographic apostrophe (doubled: SQL quoting)
]


CHUNK = 10  # SQLite's parser refuses deeply nested expressions


def fold_statements(where: str) -> list[str]:
    """UPDATE statements folding activity.search_text step by step (lower, then accents)."""
    statements = [f"UPDATE activity SET search_text = lower({SOURCE}) {where}"]
    for start in range(0, len(_FOLDS), CHUNK):
        expression = "search_text"
        for accented, plain in _FOLDS[start : start + CHUNK]:
            expression = f"replace({expression}, '{accented}', '{plain}')"
        statements.append(f"UPDATE activity SET search_text = {expression} {where}")
    return statements


SOURCE = "place || ' ' || theme || ' ' || reference || ' ' || notes"


# PostgreSQL folds with its unaccent extension (œ, æ and ’ included), wrapped in an immutable
# function so that an index may use it; a trigger keeps the column as SQLite's triggers do.
PG_FOLD_FUNCTION = """
CREATE FUNCTION pea_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN lower(public.unaccent('public.unaccent'::regdictionary, value))
"""
PG_TRIGGER_FUNCTION = """
CREATE FUNCTION activity_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text := pea_fold(NEW.place || ' ' || NEW.theme || ' ' || NEW.reference || ' '
        || NEW.notes);
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        op.execute(PG_FOLD_FUNCTION)
        op.execute(PG_TRIGGER_FUNCTION)
        op.execute(
            "CREATE TRIGGER activity_search BEFORE INSERT OR UPDATE OF place, theme, reference, "
            "notes ON activity FOR EACH ROW EXECUTE FUNCTION activity_search_text()"
        )
        op.execute(f"UPDATE activity SET search_text = pea_fold({SOURCE})")
        return
    for statement in fold_statements(""):
        op.execute(statement)
    body = "; ".join(fold_statements("WHERE id = NEW.id"))
    op.execute(f"CREATE TRIGGER activity_search_insert AFTER INSERT ON activity BEGIN {body}; END")
    op.execute(
        "CREATE TRIGGER activity_search_update AFTER UPDATE OF place, theme, reference, notes "
        f"ON activity BEGIN {body}; END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER activity_search ON activity")
        op.execute("DROP FUNCTION activity_search_text()")
        op.execute("DROP FUNCTION pea_fold(text)")
        op.drop_column("activity", "search_text")
        return
    op.execute("DROP TRIGGER IF EXISTS activity_search_update")
    op.execute("DROP TRIGGER IF EXISTS activity_search_insert")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("search_text")
