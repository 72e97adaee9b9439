"""Volunteers, partner structures, the association's settings and the first-run assistant."""
