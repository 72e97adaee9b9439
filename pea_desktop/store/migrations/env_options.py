"""Options of the Alembic environment, importable without running it (tests use them)."""

from typing import Any, Literal

from alembic.autogenerate.api import AutogenContext
from sqlalchemy.types import TypeDecorator


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write our custom column types as the plain SQL types they store, so that migration
    scripts never import application code that may change later."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """The trigram search index (migration 0004) is a virtual table the models do not map."""
    return not (type_ == "table" and name is not None and name.startswith("activity_fts"))


def include_object_for(dialect: str) -> Any:
    """Leave out of comparisons what exists on another engine only: PostgreSQL's trigram index
    (``Index.ddl_if(dialect="postgresql")`` in the models) when comparing a SQLite base."""

    def include_object(
        obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        return condition is None or condition.dialect in (None, dialect)

    return include_object
