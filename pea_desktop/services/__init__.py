"""Use cases called by the window and the command line; plain data in, plain data out."""
