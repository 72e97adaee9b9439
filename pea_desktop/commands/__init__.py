"""Headless commands of the command line, one module per family; each exposes ``run(args)``."""
