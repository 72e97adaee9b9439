"""``pea-desktop server import | export`` (docs/command-line.md, docs/server.md):
a laptop's base copied into the server base, and antennas of the server copied out into a new
SQLite file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pea_desktop.commands.encryption import provide_passphrase
from pea_desktop.services.database import open_database
from pea_desktop.services.server.transfer import TransferReport, export_base, import_base


class _Progress:
    """The percentage on one terminal line (nothing when the output is not a terminal)."""

    def __init__(self) -> None:
        self.shown = -1
        self.active = sys.stderr.isatty()

    def __call__(self, done: int, total: int, what: str) -> None:
        percent = done * 100 // total if total else 100
        if self.active and percent != self.shown:
            self.shown = percent
            print(f"\r{percent:3d} % — {what:<40}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.active and self.shown >= 0:
            print(file=sys.stderr)


def _print(report: TransferReport) -> None:
    print(report.describe())


def run_import(args: argparse.Namespace) -> int:
    source = Path(args.file).expanduser().absolute()
    provide_passphrase(source)  # an encrypted laptop base: its passphrase
    db = open_database(args.db)
    progress = _Progress()
    try:
        report = import_base(
            db, source, replace_association=args.replace_association, progress=progress
        )
    finally:
        progress.close()
        db.close()
    _print(report)
    return 0


def run_export(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    progress = _Progress()
    try:
        report = export_base(db, args.antenna, Path(args.output), progress=progress)
    finally:
        progress.close()
        db.close()
    _print(report)
    print(f"Copie écrite dans {Path(args.output).expanduser().absolute()}.")
    return 0
