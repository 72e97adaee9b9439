"""The dashboard: key figures, chart and summary PDF of a period."""
