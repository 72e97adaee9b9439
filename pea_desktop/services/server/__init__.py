"""A base on a PostgreSQL server: setting it up, its accounts, moving bases to and from it."""
