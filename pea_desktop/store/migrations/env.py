"""Alembic environment: always run from code with a connection given by store.database."""

from alembic import context

from pea_desktop.store.migrations.env_options import include_name, include_object_for, render_item
from pea_desktop.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite needs table copies for most ALTERs
    render_item=render_item,
    include_name=include_name,
    include_object=include_object_for(connection.dialect.name),
)
with context.begin_transaction():
    context.run_migrations()
