"""National consolidation straight from a server base (``federation consolidate --db …``).

Each antenna's figures are computed on the server by the same summary code and put in the same
document as its yearly export (:func:`export.build_document`), then read back as the files
are (:func:`consolidation.report_from_document`) and added up by :func:`consolidation.assemble`:
the report is the one from files, with the same figures for the same data.

Under the federation's login the tables are closed: its ``search_path`` leads to the views of
schema ``pea_federation`` (``store/server_rights.py``), every antenna's rows with each name,
contact, note and free text blanked, which is all the figures need. No signature is involved:
the rows come from the server the federation trusts, not from files sent by mail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from pea_desktop.domain.consolidation import ACCEPTED, Consolidation, FileStatus
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.period import Period
from pea_desktop.services.federation.consolidation import assemble, report_from_document
from pea_desktop.services.federation.export import build_document
from pea_desktop.services.summaries.rates import hourly_rate
from pea_desktop.services.summaries.summary import Scope, compute_summary
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, AssociationSettings

Progress = Callable[[int, int], None]
SOURCE = "lu sur le serveur"


def default_year(today: date | None = None) -> int:
    """The national report is about the last full year."""
    return (today or date.today()).year - 1


def consolidate_from_server(
    db: Database, year: int, *, progress: Progress | None = None
) -> Consolidation:
    """The national figures of ``year`` over every antenna of the server base ``db``.

    Antennas without any activity or expense that year are listed as missing, like antennas
    that sent no export.
    """
    if not db.on_server:
        raise BadInputError(
            f"{db.label} est un fichier : consolidez les exports des antennes (FICHIER.json…), "
            "ou donnez une base sur un serveur (--db postgresql://…)."
        )
    period = Period.for_year(year)
    now = datetime.now(UTC)
    assert db.server is not None
    source = Path(f"base {db.server.database}")  # the report's « Fichier » column
    with db.session() as session:
        settings = session.execute(
            select(AssociationSettings.name, AssociationSettings.rna, AssociationSettings.siren)
        ).first()
        association = {
            "name": settings.name if settings else "",
            "rna": settings.rna if settings else "",
            "siren": settings.siren if settings else "",
        }
        rate = str(hourly_rate(session, year))
        antennas = session.execute(
            select(Antenna.id, Antenna.code, Antenna.name, Antenna.department).order_by(
                Antenna.code
            )
        ).all()
        reports, files, missing = [], [], []
        for index, (antenna_id, code, name, department) in enumerate(antennas):
            label = f"{name} ({code})" if name else code
            summary = compute_summary(session, period, Scope(antenna_id, label, code))
            if not summary.months:
                missing.append((code, name))
            else:
                document = build_document(
                    summary,
                    association=association,
                    antenna={"code": code, "name": name, "department": department},
                    year=year,
                    rate=rate,
                    generated_at=now,
                )
                reports.append(report_from_document(document, source.name, now))
                files.append(FileStatus(source, ACCEPTED, SOURCE, code, name, now, ""))
            if progress:
                progress(index + 1, len(antennas))
    return replace(assemble(year, files, reports, missing), server=db.label)
