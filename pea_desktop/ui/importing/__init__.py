"""Importing spreadsheets (CSV) from the window."""
