"""Pure-Python domain: enums, money, validation rules. Imports neither Qt nor SQLAlchemy."""
