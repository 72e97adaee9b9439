"""Opening the base from the window, backups, restoring, one window per base."""
