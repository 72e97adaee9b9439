"""``pea-desktop history`` (docs/command-line.md): the audit trail, newest first."""

from __future__ import annotations

import argparse

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.concurrency import history
from pea_desktop.services.database import open_database

MAX_LINES = 10_000


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= MAX_LINES:
        raise BadInputError(f"--limit : indiquez un nombre de 1 à {MAX_LINES}.")
    db = open_database(args.db, create=False)
    try:
        lines = history(db, limit=args.limit)
    finally:
        db.close()
    if not lines:
        print("Aucune modification enregistrée.")
    for line in lines:
        who = line.actor or "?"
        print(f"{line.at:%d/%m/%Y %H:%M}  {who:<20}  {line.action:<22}  {line.summary}")
    return 0
