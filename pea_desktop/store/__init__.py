"""Persistence: SQLAlchemy models, database opening, migrations. Knows nothing of Qt."""
