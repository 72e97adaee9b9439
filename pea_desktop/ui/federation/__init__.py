"""The federation tab: consolidation of the antennas' yearly exports, and the export preview."""
