"""Alembic environment: always run from code with a connection given by store.database."""

from typing import Any

from alembic import context
from sqlalchemy.types import TypeDecorator

from pea_desktop.store.models import Base


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write our custom column types as the plain SQL types they store, so that migration
    scripts never import application code that may change later."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite needs table copies for most ALTERs
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
