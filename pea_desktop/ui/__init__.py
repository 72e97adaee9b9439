"""Qt user interface: main window, views, table models, dialogs."""
