"""``pea-desktop export federation`` (an antenna's yearly export) and ``pea-desktop federation
consolidate`` (the national report), docs/command-line.md, docs/formats.md."""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date
from pathlib import Path

from pea_desktop.domain.consolidation import Consolidation
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date
from pea_desktop.domain.plurals import plural
from pea_desktop.reports.national_pdf import render_national
from pea_desktop.reports.xlsx import antenna_workbook, national_workbook, workbook_bytes
from pea_desktop.services.database import ServerAddress, open_database
from pea_desktop.services.database_errors import DatabaseOpenError, ServerPasswordError
from pea_desktop.services.federation.consolidation import consolidate, report_from_document
from pea_desktop.services.federation.export import prepare_export, write_export
from pea_desktop.services.federation.key_register import KeyRegister, default_register_path
from pea_desktop.services.federation.server_consolidation import (
    consolidate_from_server,
    default_year,
)
from pea_desktop.services.federation.signatures import UNSIGNED
from pea_desktop.services.organisation.antennas import list_antennas
from pea_desktop.services.output_files import (
    database_and_backups,
    refuse_overwriting,
    refuse_same_outputs,
    write_bytes_atomically,
)


def run_export(args: argparse.Namespace) -> int:
    xlsx = getattr(args, "xlsx", None)
    refuse_same_outputs(args.output, xlsx)
    for output in (args.output, xlsx):
        if output is not None:
            refuse_overwriting(output, *database_and_backups(args.db))
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
    print(f"Signé avec la clé de l'antenne, empreinte {prepared.fingerprint}.")
    if getattr(args, "xlsx", None):
        report = report_from_document(doc, Path(args.output).name)
        book = antenna_workbook(report, doc["year"], doc["sha256"], doc["hourly_rate"])
        write_bytes_atomically(Path(args.xlsx), workbook_bytes(book))
        print(f"Tableur écrit dans {args.xlsx}.")
    return 0


def known_antennas(db_path: Path | ServerAddress | None) -> dict[str, str] | None:
    """The antennas of the federation's own database, when there is one with antennas.

    They make the report list the antennas that sent nothing, and refuse unknown ones.
    """
    if db_path is None or (isinstance(db_path, Path) and not db_path.is_file()):
        return None
    try:
        db = open_database(db_path, create=False)
    except DatabaseOpenError as exc:
        if isinstance(exc, ServerPasswordError) and exc.missing:
            raise  # asked at the terminal, then the command runs again
        print(f"Liste des antennes non lue ({exc}) : consolidation sans elle.", file=sys.stderr)
        return None
    try:
        antennas = {a.code: a.name for a in list_antennas(db)}
    finally:
        db.close()
    return antennas or None


def _register(args: argparse.Namespace) -> KeyRegister:
    return KeyRegister(getattr(args, "register", None) or default_register_path())


def _on_server(args: argparse.Namespace) -> bool:
    return isinstance(getattr(args, "db", None), ServerAddress)


def run_consolidate(args: argparse.Namespace) -> int:
    if _on_server(args):
        return _consolidate_server(args)
    if not args.files:
        raise BadInputError(
            "Donnez les exports des antennes (FICHIER.json…), ou une base sur un serveur "
            "(--db postgresql://federation@serveur:5432/base)."
        )
    db_path = getattr(args, "db", None)
    xlsx = getattr(args, "xlsx", None)
    refuse_same_outputs(args.output, xlsx)
    register = _register(args)
    protected = [Path(f) for f in args.files] + ([register.path] if register.path else [])
    if db_path is not None:
        protected += database_and_backups(db_path)
    for output in (args.output, xlsx):
        if output is not None:
            refuse_overwriting(output, *protected)
    known = known_antennas(db_path)
    result = consolidate(
        [Path(f) for f in args.files],
        year=getattr(args, "year", None),
        known_antennas=known,
        register=register,
    )
    register.save()  # keys seen for the first time, pending changes, newest exports
    for status in result.files:
        unsigned = status.signature == UNSIGNED
        if status.reason or unsigned:
            mark = f" ({UNSIGNED})" if unsigned else ""
            reason = f" — {status.reason}" if status.reason else ""
            print(f"{status.file} : {status.status}{mark}{reason}", file=sys.stderr)
    if not result.antennas:
        raise BadInputError("Aucun export valable : rien à consolider.")
    _write_national(args, result)
    print(
        f"Bilan national {result.year} écrit dans {args.output} : "
        f"{plural(len(result.antennas), 'antenne')}, "
        f"{plural(len(result.refused), 'fichier refusé')}, "
        f"{plural(len(result.superseded), 'remplacé')}."
    )
    if result.missing:
        missing = ", ".join(code for code, _ in result.missing)
        print(f"Antennes sans export : {missing}.")
    if xlsx:
        print(f"Tableur écrit dans {args.xlsx}.")
    return 0


def _consolidate_server(args: argparse.Namespace) -> int:
    """The national report from every antenna of a server base (the federation's login)."""
    if args.files:
        raise BadInputError(
            "Donnez soit les exports des antennes (fichiers), soit une base sur un serveur "
            "(--db postgresql://…), pas les deux."
        )
    refuse_same_outputs(args.output, getattr(args, "xlsx", None))
    year = getattr(args, "year", None) or default_year()
    db = open_database(args.db, create=False, read_only=True)
    try:
        result = consolidate_from_server(db, year)
    finally:
        db.close()
    if not result.antennas:
        raise BadInputError(
            f"Aucune antenne du serveur n'a d'activité en {year} : rien à consolider."
        )
    _write_national(args, result)
    print(
        f"Bilan national {year} écrit dans {args.output} : "
        f"{plural(len(result.antennas), 'antenne')} lues sur le serveur {db.label}."
    )
    if result.missing:
        print(f"Antennes sans activité en {year} : {', '.join(c for c, _ in result.missing)}.")
    if getattr(args, "xlsx", None):
        print(f"Tableur écrit dans {args.xlsx}.")
    return 0


def _write_national(args: argparse.Namespace, result: Consolidation) -> None:
    buffer = io.BytesIO()
    render_national(result, buffer, generated_on=date.today())
    write_bytes_atomically(Path(args.output), buffer.getvalue())
    if getattr(args, "xlsx", None):
        write_bytes_atomically(Path(args.xlsx), workbook_bytes(national_workbook(result)))


def run_keys(args: argparse.Namespace) -> int:
    """List the register: each antenna's key fingerprint, and the changes waiting."""
    register = _register(args)
    entries = register.entries()
    if not entries:
        print(f"Registre {register.path} : aucune clé enregistrée.")
        return 0
    print(f"Registre {register.path} :")
    for entry in entries:
        print(
            f"{entry.code} ({entry.name}) : empreinte {entry.fingerprint}, "
            f"enregistrée le {format_date(entry.registered_at.date())}"
        )
        if entry.pending:
            print(
                f"  nouvelle clé en attente : empreinte {entry.pending.fingerprint} "
                f"(fichier {entry.pending.file}) ; pour l'accepter : pea-desktop federation "
                f'accept-key {entry.code} "{entry.pending.fingerprint}"'
            )
    return 0


def run_accept_key(args: argparse.Namespace) -> int:
    register = _register(args)
    fingerprint = register.accept_change(args.antenna, args.fingerprint)
    register.save()
    print(f"Nouvelle clé de l'antenne {args.antenna.upper()} acceptée (empreinte {fingerprint}).")
    return 0
