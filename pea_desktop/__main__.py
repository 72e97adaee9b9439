import sys

from pea_desktop.cli import main

sys.exit(main())
