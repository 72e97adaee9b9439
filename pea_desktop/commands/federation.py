"""``pea-desktop export federation`` (an antenna's yearly export) and ``pea-desktop federation
consolidate`` (the national report), docs/command-line.md, docs/formats.md."""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.plurals import plural
from pea_desktop.reports.national_pdf import render_national
from pea_desktop.reports.xlsx import antenna_workbook, national_workbook, workbook_bytes
from pea_desktop.services.database import open_database
from pea_desktop.services.database_errors import DatabaseOpenError
from pea_desktop.services.federation.consolidation import consolidate, report_from_document
from pea_desktop.services.federation.export import prepare_export, write_export
from pea_desktop.services.organisation.antennas import list_antennas
from pea_desktop.services.output_files import write_bytes_atomically


def run_export(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        prepared = prepare_export(db, args.year, args.antenna)
    finally:
        db.close()
    write_export(prepared, Path(args.output))  # refuses (exit 2) if the privacy check failed
    doc = prepared.document
    print(
        f"Export {doc['year']} de l'antenne {doc['antenna']['code']} écrit dans {args.output} "
        f"({doc['totals']['activities']} activités, SHA-256 {doc['sha256'][:12]}…)."
    )
    if getattr(args, "xlsx", None):
        report = report_from_document(doc, Path(args.output).name)
        book = antenna_workbook(report, doc["year"], doc["sha256"], doc["hourly_rate"])
        write_bytes_atomically(Path(args.xlsx), workbook_bytes(book))
        print(f"Tableur écrit dans {args.xlsx}.")
    return 0


def known_antennas(db_path: Path | None) -> dict[str, str] | None:
    """The antennas of the federation's own database, when there is one with antennas.

    They make the report list the antennas that sent nothing, and refuse unknown ones.
    """
    if db_path is None or not Path(db_path).is_file():
        return None
    try:
        db = open_database(db_path, create=False)
    except DatabaseOpenError as exc:
        print(f"Liste des antennes non lue ({exc}) : consolidation sans elle.", file=sys.stderr)
        return None
    try:
        antennas = {a.code: a.name for a in list_antennas(db)}
    finally:
        db.close()
    return antennas or None


def run_consolidate(args: argparse.Namespace) -> int:
    known = known_antennas(getattr(args, "db", None))
    result = consolidate([Path(f) for f in args.files], known_antennas=known)
    for status in result.files:
        if status.reason:
            print(f"{status.file} : {status.status} — {status.reason}", file=sys.stderr)
    if not result.antennas:
        raise BadInputError("Aucun export valable : rien à consolider.")
    buffer = io.BytesIO()
    render_national(result, buffer, generated_on=date.today())
    write_bytes_atomically(Path(args.output), buffer.getvalue())
    print(
        f"Bilan national {result.year} écrit dans {args.output} : "
        f"{plural(len(result.antennas), 'antenne')}, "
        f"{plural(len(result.refused), 'fichier refusé')}, "
        f"{plural(len(result.superseded), 'remplacé')}."
    )
    if result.missing:
        missing = ", ".join(code for code, _ in result.missing)
        print(f"Antennes sans export : {missing}.")
    if getattr(args, "xlsx", None):
        write_bytes_atomically(Path(args.xlsx), workbook_bytes(national_workbook(result)))
        print(f"Tableur écrit dans {args.xlsx}.")
    return 0
