"""``pea-desktop export accounting`` (docs/command-line.md, format in docs/formats.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pea_desktop.domain.accounting import entries_csv
from pea_desktop.domain.plurals import plural
from pea_desktop.services.accounting import year_entries
from pea_desktop.services.claims.workflow import antenna_id_for
from pea_desktop.services.database import open_database
from pea_desktop.services.output_files import (
    database_and_backups,
    refuse_overwriting,
    write_bytes_atomically,
)


def run_export(args: argparse.Namespace) -> int:
    output = Path(args.output)
    refuse_overwriting(output, *database_and_backups(args.db))
    db = open_database(args.db, create=False)
    try:
        antenna_id = antenna_id_for(db, args.antenna)
        entries = year_entries(db, args.year, antenna_id)
    finally:
        db.close()
    # UTF-8 with a byte order mark: spreadsheet and accounting software then read the accents.
    write_bytes_atomically(output, entries_csv(entries).encode("utf-8-sig"))
    lines = plural(len(entries), "ligne d'écriture", "lignes d'écriture")
    print(f"{args.year} : {lines} écrites dans {output}.")
    return 0
