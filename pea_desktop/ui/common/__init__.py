"""Widgets, models and helpers every view shares."""
