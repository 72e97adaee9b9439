"""More than one base from the window: open, create, recent bases, the demonstration base."""
