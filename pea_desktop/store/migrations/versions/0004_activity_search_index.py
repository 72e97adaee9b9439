"""Faster activity lists: partial indexes on live rows, a trigram index for text search, and a
cheaper folding trigger.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The accent table of 0003, reused as it was released.
_FOLDS: list[tuple[str, str]] = importlib.import_module(
    "pea_desktop.store.migrations.versions.0003_activity_search"
)._FOLDS
SOURCE = "NEW.place || ' ' || NEW.theme || ' ' || NEW.reference || ' ' || NEW.notes"
HALF = 22  # SQLite's parser accepts about 30 nested calls: two statements instead of five


def _nested(expression: str, folds: list[tuple[str, str]]) -> str:
    for accented, plain in folds:
        expression = f"replace({expression}, '{accented}', '{plain}')"
    return expression


def _fold_body() -> str:
    first = _nested(f"lower({SOURCE})", _FOLDS[:HALF])
    second = _nested("search_text", _FOLDS[HALF:])
    return (
        f"UPDATE activity SET search_text = {first} WHERE id = NEW.id; "
        f"UPDATE activity SET search_text = {second} WHERE id = NEW.id;"
    )


LIVE_INDEXES = {
    "ix_activity_live_kind_date": "kind, date",
    "ix_activity_live_antenna_kind_date": "antenna_id, kind, date",
    "ix_activity_live_kind_place": "kind, place",
}
PG_TRIGRAM_INDEX = "ix_activity_search_trigram"


def upgrade() -> None:
    for name, columns in LIVE_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON activity ({columns}) WHERE deleted_at IS NULL")
    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm's GIN index serves LIKE '%abc%' on the folded text; the trigger of 0003
        # already keeps that text.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        op.execute(
            f"CREATE INDEX {PG_TRIGRAM_INDEX} ON activity USING gin (search_text gin_trgm_ops)"
        )
        return
    op.execute("DROP TRIGGER activity_search_insert")
    op.execute("DROP TRIGGER activity_search_update")
    body = _fold_body()
    op.execute(f"CREATE TRIGGER activity_search_insert AFTER INSERT ON activity BEGIN {body} END")
    op.execute(
        "CREATE TRIGGER activity_search_update AFTER UPDATE OF place, theme, reference, notes "
        f"ON activity BEGIN {body} END"
    )
    # Trigram index over the folded text: LIKE '%abc%' without reading every activity. It keeps
    # its own copy of the text (not "external content"), so that deleting by rowid is always
    # safe whatever the index holds.
    op.execute("CREATE VIRTUAL TABLE activity_fts USING fts5(search_text, tokenize='trigram')")
    op.execute("INSERT INTO activity_fts(rowid, search_text) SELECT id, search_text FROM activity")
    op.execute(
        "CREATE TRIGGER activity_fts_update AFTER UPDATE OF search_text ON activity BEGIN "
        "DELETE FROM activity_fts WHERE rowid = NEW.id; "
        "INSERT INTO activity_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER activity_fts_delete AFTER DELETE ON activity BEGIN "
        "DELETE FROM activity_fts WHERE rowid = OLD.id; END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX {PG_TRIGRAM_INDEX}")
        for name in LIVE_INDEXES:
            op.execute(f"DROP INDEX {name}")
        return
    op.execute("DROP TRIGGER activity_fts_delete")
    op.execute("DROP TRIGGER activity_fts_update")
    op.execute("DROP TABLE activity_fts")
    for name in LIVE_INDEXES:
        op.execute(f"DROP INDEX {name}")
