"""The migrations build exactly the schema the models describe (nothing forgotten in either)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pea_desktop.store.database import Database
from pea_desktop.store.migrations.env_options import include_name, include_object_for
from pea_desktop.store.schema import metadata


def test_migrated_database_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": include_name,
                "include_object": include_object_for(connection.dialect.name),
                "compare_type": True,
            },
        )
        differences = compare_metadata(context, metadata)
    assert differences == []
