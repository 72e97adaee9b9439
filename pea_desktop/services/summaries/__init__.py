"""Activity summaries: SQL aggregates over a period, and the value of volunteer time."""
