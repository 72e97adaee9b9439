"""Entry point of the frozen build (PyInstaller): the same as the ``pea-desktop`` command."""

import sys

from pea_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
