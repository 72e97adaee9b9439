"""The window's dialogs about a base on a PostgreSQL server."""
