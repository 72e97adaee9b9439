"""Activity lists, the activity form and its costs, and the bin."""
