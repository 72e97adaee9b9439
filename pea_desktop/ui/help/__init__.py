"""Help: the user guide shown inside the application, the About dialog, the icon."""
