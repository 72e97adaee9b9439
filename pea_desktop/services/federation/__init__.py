"""The yearly export of an antenna to the federation, and the national consolidation."""
