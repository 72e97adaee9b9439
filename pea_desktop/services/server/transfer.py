"""Moving a base to and from a server (docs/server.md).

- :func:`import_base`: a laptop's SQLite base (plain or encrypted) copied into the open server
  base, in ONE server transaction: any problem refuses the whole copy with a French message
  naming the table and the row, and nothing is written. Idempotent: rows are matched by their
  UUID (or natural key), so importing the same file again adds nothing, and importing it after
  the laptop changed updates what changed.
- :func:`export_base`: some antennas of the server base, with the shared reference data, copied
  into a NEW SQLite file (never over an existing one; a file left half-written by a failure is
  removed): for an antenna leaving the server, or a laptop copy to work offline.

Both take a ``progress(done, total, what)`` callback and return a :class:`TransferReport`.
The justificatifs (receipt files) of the rows copied are copied between the two bases'
folders of attachments.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.claims.receipts import ATTACHMENTS_FOLDER, attachments_dir
from pea_desktop.services.output_files import refuse_overwriting
from pea_desktop.services.server.transfer_copy import Copier
from pea_desktop.services.server.transfer_report import (
    Progress,
    TransferError,
    TransferReport,
)
from pea_desktop.services.server.transfer_scope import table
from pea_desktop.store import database as file_database
from pea_desktop.store.database import Database

__all__ = ["Progress", "TransferError", "TransferReport", "export_base", "import_base"]

_JOURNALS = ("-wal", "-shm", "-journal")


def import_base(
    db: Database,
    source: Path,
    *,
    passphrase: str | None = None,
    replace_association: bool = False,
    progress: Progress | None = None,
) -> TransferReport:
    """Copy the SQLite base at ``source`` into ``db`` (a server base), all or nothing."""
    if not db.on_server:
        raise BadInputError(
            "L'import d'une base locale se fait dans une base sur un serveur PostgreSQL "
            "(--db postgresql://…). Entre deux fichiers, utilisez l'échange entre ordinateurs."
        )
    source = Path(source).expanduser().absolute()
    if not source.is_file():
        raise BadInputError(f"Le fichier {source} n'existe pas : rien n'a été importé.")
    laptop = file_database.open_database(source, create=False, passphrase=passphrase)
    report = TransferReport(source=source.name, target=db.label)
    try:
        with _reading(laptop) as reading, db.session() as writing:
            Copier(
                reading,
                writing,
                report,
                replace_association=replace_association,
                progress=progress,
            ).run()
            names = _receipt_names(writing)
        report.files_copied = _copy_attachments(attachments_dir(laptop), attachments_dir(db), names)
    finally:
        laptop.close()
    return report


def export_base(
    db: Database,
    antenna_codes: Sequence[str],
    output: Path,
    *,
    progress: Progress | None = None,
) -> TransferReport:
    """Write a new SQLite base at ``output`` holding ``antenna_codes``' rows of ``db``."""
    codes = list(dict.fromkeys(code.strip().upper() for code in antenna_codes if code.strip()))
    if not codes:
        raise BadInputError("Indiquez au moins une antenne à copier (--antenna CODE).")
    output = Path(output).expanduser().absolute()
    if output.exists():
        raise BadInputError(
            f"Refusé : {output} existe déjà. La copie s'écrit toujours dans un nouveau fichier : "
            "choisissez un autre nom."
        )
    protected = () if db.on_server else (db.path,)
    refuse_overwriting(output, *protected)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name beside the output, renamed once complete.
    building = output.with_name(f".{output.name}.en-cours")
    _remove_base(building)
    report = TransferReport(source=db.label, target=output.name)
    try:
        copy = file_database.open_database(building, create=True)
        try:
            with _reading(db) as reading, copy.session() as writing:
                Copier(
                    reading,
                    writing,
                    report,
                    antenna_codes=codes,
                    source_wins=True,
                    progress=progress,
                ).run()
                names = _receipt_names(writing)
            with copy.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            copy.close()
        os.replace(building, output)
        _remove_base(building)  # its journals, now empty
    except BaseException:
        _remove_base(building)
        raise
    report.files_copied = _copy_attachments(
        attachments_dir(db), output.parent / ATTACHMENTS_FOLDER, names
    )
    return report


@contextlib.contextmanager
def _reading(db: Database) -> Iterator[Session]:
    """A session that only reads (no write lock on a laptop's file), rolled back at the end."""
    session = db.sessions()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def _receipt_names(session: Session) -> set[str]:
    receipt = table("expense_receipt")
    return set(session.scalars(select(receipt.c.stored_name)))


def _remove_base(path: Path) -> None:
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in _JOURNALS)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _copy_attachments(origin: Path, destination: Path, names: set[str]) -> int:
    """Copy the receipt files the target's rows name and its folder lacks (named by their
    checksum: a file already there is the same file)."""
    if not origin.is_dir():
        return 0
    copied = 0
    for name in sorted(names):
        there = origin / name
        if there.is_file() and not (destination / name).exists():
            destination.mkdir(parents=True, exist_ok=True)
            shutil.copy2(there, destination / name)
            copied += 1
    return copied
