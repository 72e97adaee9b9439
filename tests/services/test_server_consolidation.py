"""The national figures read straight from a server base equal those consolidated from the
antennas' export files, for the same data; the federation's login does it without any name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.consolidation import Consolidation
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.reports.national_pdf import render_national
from pea_desktop.services.claims.workflow import prepare_month
from pea_desktop.services.federation.consolidation import consolidate
from pea_desktop.services.federation.export import prepare_export, write_export
from pea_desktop.services.federation.server_consolidation import consolidate_from_server
from pea_desktop.services.server.setup import add_account, initialise_server
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.location import ServerAddress, parse_server_address
from pea_desktop.store.models import Antenna, ExpenseLine
from pea_desktop.store.server import open_server_database
from tests import factories
from tests.postgres_server import PostgresServer
from tests.reports.pdf_helpers import pdf_text

YEAR = 2026
CODES = ("LYON", "NICE", "BREST")


def populate(db: Database) -> None:
    """Three antennas; activities of each kind; expenses claimed in March, unclaimed in April."""
    departments = {"LYON": "69", "NICE": "06", "BREST": "29"}
    for n, code in enumerate(CODES):
        antenna = factories.antenna(db, code, code.title())
        people = [
            factories.volunteer(db, antenna.id, f"Prénom{n}{i}", f"Nom{n}{i}") for i in range(3)
        ]
        for month in range(1, 7 + n):
            factories.group(db, antenna.id, people[:2], date=date(YEAR, month, 10))
            factories.visit(db, antenna.id, people[1:], date=date(YEAR, month, 12))
        factories.group(db, antenna.id, people, kind=ActivityKind.GROUP, date=date(YEAR - 1, 12, 1))
        with db.session() as session:
            session.get_one(Antenna, antenna.id).department = departments[code]
            for day, km in ((date(YEAR, 3, 5), "42.5"), (date(YEAR, 4, 8), "18")):
                session.add(
                    ExpenseLine(
                        volunteer_id=people[0],
                        date=day,
                        kind=ExpenseKind.MILEAGE,
                        km=Decimal(km),
                        trip_from="Rue des Lilas",
                        trip_to="CHU",
                    )
                )
            session.add(
                ExpenseLine(
                    volunteer_id=people[2],
                    date=date(YEAR, 3, 9),
                    kind=ExpenseKind.TRANSPORT,
                    amount=Decimal("12.40"),
                    description="Billet de tram",
                )
            )
    prepare_month(db, YEAR, 3)


def figures(result: Consolidation) -> dict[str, object]:
    """Everything the report shows, but when and from where it was read."""
    return {
        "year": result.year,
        "totals": asdict(result.totals),
        "months": [asdict(m) for m in result.months],
        "regions": [asdict(r) for r in result.regions],
        "departments": [asdict(r) for r in result.departments],
        "categories": {k: [asdict(r) for r in v] for k, v in result.categories.items()},
        "antennas": [
            (a.code, a.name, a.department, asdict(a.totals), [asdict(m) for m in a.months])
            for a in result.antennas
        ],
    }


@pytest.fixture
def federation_base(
    pg_database: ServerAddress, pg_server: PostgresServer
) -> Iterator[ServerAddress]:
    db = open_server_database(pg_database)
    try:
        populate(db)
    finally:
        db.close()
    initialise_server(pg_database)
    login = f"{pg_database.database}_fed"
    add_account(pg_database, login, "mot de passe fédération", federation=True)
    yield parse_server_address(pg_server.url(pg_database.database, login))
    pg_server.sql(f'DROP OWNED BY "{login}"', database=pg_database.database)
    pg_server.sql(f'DROP ROLE "{login}"')


def test_server_and_files_give_the_same_national_figures(
    federation_base: ServerAddress, migrated_db_path: Path, tmp_path: Path
) -> None:
    laptop = open_database(migrated_db_path)
    try:
        populate(laptop)
        files = []
        for code in CODES:
            prepared = prepare_export(laptop, YEAR, code)
            write_export(prepared, tmp_path / f"{code}.json")
            files.append(tmp_path / f"{code}.json")
    finally:
        laptop.close()
    from_files = consolidate(files, year=YEAR)
    assert len(from_files.antennas) == 3

    db = open_server_database(federation_base, read_only=True)
    try:
        from_server = consolidate_from_server(db, YEAR)
    finally:
        db.close()
    assert figures(from_server) == figures(from_files)
    assert from_server.totals.activities == 2 * (6 + 7 + 8)
    assert from_server.association == from_files.association

    # The same report, which says where its antennas were read (no file sent, none refused).
    server_text = pdf_text(national_pdf(from_server, tmp_path / "serveur.pdf"))
    files_text = pdf_text(national_pdf(from_files, tmp_path / "fichiers.pdf"))
    assert "Antennes lues sur la base du serveur" in server_text
    assert federation_base.database in server_text.replace("\n", "")  # a long label wraps
    assert "fichier refusé" not in server_text and "3 antennes consolidées" in server_text
    assert "Antennes lues sur le serveur" in server_text and "Fichiers reçus" not in server_text
    assert "Consolidation des exports annuels des antennes" in files_text
    assert "0 fichier refusé" in files_text
    for total in ("42", "groupes de parole"):
        assert total in server_text and total in files_text


def national_pdf(result: Consolidation, path: Path) -> bytes:
    render_national(result, path, generated_on=date(2026, 1, 15))
    return path.read_bytes()


def test_the_federation_login_sees_no_name(federation_base: ServerAddress) -> None:
    from sqlalchemy import text

    db = open_server_database(federation_base, read_only=True)
    try:
        with db.session() as session:
            names = session.execute(text("SELECT first_name, last_name FROM volunteer")).all()
            trips = session.execute(text("SELECT DISTINCT trip_from FROM expense_line")).all()
    finally:
        db.close()
    assert names and {tuple(row) for row in names} == {("", "")}
    assert [tuple(row) for row in trips] == [("",)]


@pytest.mark.sqlite_only("a file base is what is refused")
def test_a_file_base_is_refused(db: Database) -> None:
    with pytest.raises(BadInputError, match="est un fichier"):
        consolidate_from_server(db, YEAR)
