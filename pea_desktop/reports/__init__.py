"""ReportLab documents built from plain data that services prepare (no Qt, no SQLAlchemy)."""
