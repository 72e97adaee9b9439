"""`pea-desktop import activities|volunteers FILE.csv --db PATH` (docs/formats.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from pea_desktop.services.database import Database, open_database
from pea_desktop.services.importing import ImportReport, import_activities, import_volunteers


def run_activities(args: argparse.Namespace) -> int:
    return _run(args, import_activities)


def run_volunteers(args: argparse.Namespace) -> int:
    return _run(args, import_volunteers)


def _run(args: argparse.Namespace, do_import: Callable[[Database, Path], ImportReport]) -> int:
    """Import, then print the report; BadInputError reaches the CLI, which exits with 2."""
    db = open_database(args.db)
    try:
        report = do_import(db, Path(args.file))
    finally:
        db.close()
    print(report.summary())
    return 0
