"""The association's organisation: antennas, volunteers, partner structures, first run."""
