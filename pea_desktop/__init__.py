"""PEA Desktop: activity log, expense claims and reports for peer-support associations."""

__version__ = "0.1.0"
