"""A demonstration database of realistic, entirely fictitious data."""
