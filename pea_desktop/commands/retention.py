"""``pea-desktop retention …`` and ``pea-desktop volunteer …`` (docs/command-line.md): old
visit details purged, a volunteer's data exported and erased."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.database import Database, open_database
from pea_desktop.services.organisation.antennas import list_antennas
from pea_desktop.services.output_files import write_text_atomically
from pea_desktop.services.retention import (
    erase_volunteer,
    find_volunteer,
    purge_old_details,
    retention_preview,
    set_retention_years,
    volunteer_data_json,
)


def _codes(db: Database, code: str | None) -> list[str]:
    return [code] if code else [a.code for a in list_antennas(db)]


def run_preview(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        for code in _codes(db, args.antenna):
            print(retention_preview(db, code, date.today()).describe())
    finally:
        db.close()
    return 0


def run_purge(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        codes = _codes(db, args.antenna)
        if not args.yes:
            for code in codes:
                print(retention_preview(db, code, date.today()).describe())
            print("Aperçu seulement : relancez avec --yes pour purger (une sauvegarde est faite).")
            return 0
        print(purge_old_details(db, codes, date.today()).describe())
    finally:
        db.close()
    return 0


def run_set(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        set_retention_years(db, args.antenna, args.years)
    finally:
        db.close()
    print(f"Antenne {args.antenna.upper()} : visites et notes conservées {args.years} ans.")
    return 0


def run_export_data(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        text = volunteer_data_json(db, find_volunteer(db, args.volunteer))
    finally:
        db.close()
    output = Path(args.output)
    if isinstance(args.db, Path) and output.resolve() == args.db.resolve():
        raise BadInputError(f"{output} est la base elle-même : choisissez un autre fichier.")
    write_text_atomically(output, text)
    print(f"Données de {args.volunteer} écrites dans {output} (à lui remettre en main propre).")
    return 0


def run_erase(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        volunteer_id = find_volunteer(db, args.volunteer)
        if not args.yes:
            print(
                f"Effacement des données personnelles de {args.volunteer} : relancez avec --yes "
                "pour confirmer (une sauvegarde est faite ; exportez d'abord ses données avec "
                "« volunteer export-data » s'il les a demandées)."
            )
            return 0
        result = erase_volunteer(db, volunteer_id, date.today())
    finally:
        db.close()
    print(result.describe())
    return 0
