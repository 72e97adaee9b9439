"""A base on a PostgreSQL server: its set-up and its accounts (docs/server.md)."""
