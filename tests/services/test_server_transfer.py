"""Moving a laptop's base onto the server and back out (services/server/transfer.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.period import Period
from pea_desktop.services import keys
from pea_desktop.services.claims import workflow
from pea_desktop.services.claims.receipts import attach_file, attachments_dir
from pea_desktop.services.demo import generator
from pea_desktop.services.server.transfer import TransferError, export_base, import_base
from pea_desktop.services.server.transfer_scope import COPIED, NOT_COPIED
from pea_desktop.services.summaries.summary import summarize
from pea_desktop.store.database import Database, open_database
from pea_desktop.store.location import ServerAddress
from pea_desktop.store.models import (
    Activity,
    Antenna,
    AssociationSettings,
    Base,
    ExpenseClaim,
    ExpenseLine,
)
from pea_desktop.store.server import open_server_database
from tests.database_template import copy_template

pytestmark = pytest.mark.postgresql
TODAY = date(2026, 3, 10)
YEAR = Period.for_year(2025)
# Tables whose rows belong to antennas (the reference data is compared apart).
ANTENNA_TABLES = [name for name in COPIED if name not in ("setting", "association")]


def _fill(path: Path, *, antennas: int = 2, seed: int = 3) -> None:
    """A laptop's base: the demonstration's antennas, claims and SEPA batches, plus a signing
    key, an hourly rate, a waived claim with its tax receipt and a receipt file."""
    db = open_database(path)
    try:
        generator.generate(db, antennas=antennas, years=1, seed=seed, today=TODAY)
        from pea_desktop.services.summaries.rates import save_rate

        save_rate(db, 2025, None)
        with db.session() as session:
            for antenna_id in session.scalars(select(Antenna.id)):
                keys.antenna_signing_key(session, antenna_id)
            claim_ids = list(session.scalars(select(ExpenseClaim.id).order_by(ExpenseClaim.id)))
            line_id = session.scalar(
                select(ExpenseLine.id).where(ExpenseLine.claim_id.is_(None)).limit(1)
            )
        for claim_id in claim_ids:
            try:
                workflow.waive_claim(db, claim_id, actor="test", today=TODAY)
                break
            except BadInputError:
                continue
        if line_id is not None:
            scan = path.parent / "ticket.pdf"
            scan.write_bytes(b"%PDF-1.4\n% ticket de parking\n")
            attach_file(db, line_id, scan)
    finally:
        db.close()


@pytest.fixture(scope="session")
def laptop_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    folder = tmp_path_factory.mktemp("laptop")
    path = copy_template(migrated_template, folder / "portable.sqlite3")
    _fill(path)
    return path


@pytest.fixture
def laptop(laptop_template: Path, tmp_path: Path) -> Path:
    path = copy_template(laptop_template, tmp_path / "portable" / "portable.sqlite3")
    shutil.copytree(laptop_template.parent / "justificatifs", path.parent / "justificatifs")
    return path


@pytest.fixture
def server(pg_database: ServerAddress) -> Iterator[Database]:
    database = open_server_database(pg_database)
    yield database
    database.close()


def counts(db: Database, tables: list[str]) -> dict[str, int]:
    with db.session() as session:
        return {
            name: session.scalar(select(func.count()).select_from(Base.metadata.tables[name])) or 0
            for name in tables
        }


def summaries(db: Database) -> dict[str | None, object]:
    with db.session() as session:
        codes = list(session.scalars(select(Antenna.code).order_by(Antenna.code)))
    return {code: summarize(db, YEAR, code, today=TODAY) for code in [None, *codes]}


def _open(path: Path) -> Database:
    return open_database(path, create=False)


def test_every_table_is_copied_or_left_out_on_purpose() -> None:
    assert set(COPIED) | NOT_COPIED == set(Base.metadata.tables)


def test_import_copies_every_row_and_gives_the_same_summaries(
    laptop: Path, server: Database
) -> None:
    steps: list[tuple[int, int, str]] = []
    report = import_base(server, laptop, progress=lambda *step: steps.append(step))
    source = _open(laptop)
    try:
        assert counts(server, ANTENNA_TABLES) == counts(source, ANTENNA_TABLES)
        assert counts(source, ["tax_receipt", "expense_receipt", "antenna_key"]) == {
            "tax_receipt": 1,
            "expense_receipt": 1,
            "antenna_key": 2,
        }
        laptop_figures = summaries(source)
    finally:
        source.close()
    # What the server holds gives the laptop's figures (read back through a SQLite copy).
    with server.session() as session:
        codes = list(session.scalars(select(Antenna.code)))
    export_base(server, codes, laptop.parent.parent / "relu.sqlite3")
    copy = _open(laptop.parent.parent / "relu.sqlite3")
    try:
        assert summaries(copy) == laptop_figures
    finally:
        copy.close()
    assert report.added["activity"] > 200
    assert report.files_copied == 1
    with server.session() as session:
        name = session.scalar(text("SELECT stored_name FROM expense_receipt"))
    assert (attachments_dir(server) / str(name)).read_bytes().startswith(b"%PDF")
    # Progress: never backwards, ends at the total.
    done = [step[0] for step in steps]
    assert done == sorted(done) and done[-1] == steps[-1][1] > 0
    assert {"activités", "notes de frais"} <= {step[2] for step in steps}


def test_summaries_on_the_server_equal_the_laptops(laptop: Path, server: Database) -> None:
    import_base(server, laptop)
    source = _open(laptop)
    try:
        assert summaries(server) == summaries(source)
    finally:
        source.close()


def test_importing_twice_changes_nothing(laptop: Path, server: Database) -> None:
    import_base(server, laptop)
    before = counts(server, ANTENNA_TABLES)
    again = import_base(server, laptop)
    assert not again.changed
    assert counts(server, ANTENNA_TABLES) == before
    assert "déjà à jour" in again.describe()


def test_import_after_a_laptop_edit_updates_and_adds(laptop: Path, server: Database) -> None:
    import_base(server, laptop)
    source = _open(laptop)
    try:
        with source.session() as session:
            first = session.scalars(select(Activity).order_by(Activity.id)).first()
            assert first is not None
            first.notes = "Compte rendu complété sur le portable"
            first.updated_at = datetime(2030, 1, 1)
            edited = first.uuid
            copy = Activity(
                kind=first.kind,
                antenna_id=first.antenna_id,
                date=date(2026, 3, 9),
                place="Salle nouvelle",
                volunteers=list(first.volunteers),
            )
            session.add(copy)
            session.flush()
            new_uuid = copy.uuid
    finally:
        source.close()
    before = counts(server, ["activity"])["activity"]
    report = import_base(server, laptop)
    assert report.updated["activity"] == 1 and report.added["activity"] == 1
    assert counts(server, ["activity"])["activity"] == before + 1
    with server.session() as session:
        notes = session.scalar(select(Activity.notes).where(Activity.uuid == edited))
        place = session.scalar(select(Activity.place).where(Activity.uuid == new_uuid))
        links = session.scalar(
            text(
                "SELECT count(*) FROM activity_volunteer l JOIN activity a ON a.id = l.activity_id "
                "WHERE a.uuid = :u"
            ),
            {"u": new_uuid},
        )
    assert notes == "Compte rendu complété sur le portable"
    with server.session() as session:
        # A form opened on the server before the import now refuses its stale save...
        assert session.scalar(select(Activity.version).where(Activity.uuid == edited)) == 2
        # ...and the audit trail says the rows came by a copy.
        logged = session.scalar(
            text(
                "SELECT count(*) FROM change_log "
                "WHERE action = 'import' AND table_name = 'activity'"
            )
        )
    assert logged == 2
    assert place == "Salle nouvelle" and links and links > 0


def test_a_newer_server_version_is_kept(laptop: Path, server: Database) -> None:
    import_base(server, laptop)
    with server.session() as session:
        first = session.scalars(select(Activity).order_by(Activity.id)).first()
        assert first is not None
        first.notes = "Corrigé sur le serveur"
        first.updated_at = datetime(2031, 1, 1)
        uuid = first.uuid
    source = _open(laptop)
    try:
        with source.session() as session:
            session.execute(update(Activity).where(Activity.uuid == uuid).values(notes="Portable"))
    finally:
        source.close()
    report = import_base(server, laptop)
    assert report.kept["activity"] == 1
    with server.session() as session:
        assert session.scalar(select(Activity.notes).where(Activity.uuid == uuid)) == (
            "Corrigé sur le serveur"
        )


def test_a_claim_number_taken_refuses_everything(
    laptop: Path, server: Database, tmp_path: Path, migrated_template: Path
) -> None:
    # Another antenna's laptop already brought its claims, numbered NF-2025-0001...
    other = copy_template(migrated_template, tmp_path / "autre" / "autre.sqlite3")
    _fill(other, antennas=1, seed=11)
    with _open(other).session() as session:
        session.execute(text("UPDATE antenna SET code = 'AUTRE'"))
    import_base(server, other)
    before = counts(server, ANTENNA_TABLES)
    with pytest.raises(TransferError) as refused:
        import_base(server, laptop)
    message = str(refused.value)
    assert "note de frais" in message and "NF-" in message and "déjà pris" in message
    assert "Rien n'a été copié" in message
    assert counts(server, ANTENNA_TABLES) == before


def test_association_settings_of_the_server_are_kept_unless_asked(
    laptop: Path, server: Database
) -> None:
    with server.session() as session:
        session.add(AssociationSettings(name="Fédération du serveur"))
    report = import_base(server, laptop)
    assert any("paramètres de l'association" in notice for notice in report.notices)
    with server.session() as session:
        assert session.scalar(text("SELECT name FROM association")) == "Fédération du serveur"
    replaced = import_base(server, laptop, replace_association=True)
    assert any("remplacés" in notice for notice in replaced.notices)
    with server.session() as session:
        assert session.scalar(text("SELECT name FROM association")) != "Fédération du serveur"


def test_an_encrypted_laptop_base_imports_with_its_passphrase(
    laptop: Path, server: Database
) -> None:
    from pea_desktop.services.encryption import encrypt_database

    encrypt_database(laptop, "une phrase secrète assez longue")
    report = import_base(server, laptop, passphrase="une phrase secrète assez longue")
    assert report.added["activity"] > 200


def test_export_then_reopen_gives_the_same_figures(
    laptop: Path, server: Database, tmp_path: Path
) -> None:
    import_base(server, laptop)
    with server.session() as session:
        codes = list(session.scalars(select(Antenna.code).order_by(Antenna.code)))
    output = tmp_path / "sortie" / "hors-ligne.sqlite3"
    steps: list[tuple[int, int, str]] = []
    report = export_base(server, codes, output, progress=lambda *s: steps.append(s))
    assert report.added["activity"] > 200 and steps[-1][0] == steps[-1][1]
    copy = _open(output)
    try:
        assert counts(copy, ANTENNA_TABLES) == counts(server, ANTENNA_TABLES)
        exported = summaries(copy)
    finally:
        copy.close()
    source = _open(laptop)
    try:
        assert exported == summaries(source)
    finally:
        source.close()
    assert not list(output.parent.glob(".*en-cours*"))
    assert report.files_copied == 1
    # A second export never replaces the first.
    with pytest.raises(BadInputError, match="existe déjà"):
        export_base(server, codes, output)


def test_export_of_one_antenna_holds_only_its_rows(
    laptop: Path, server: Database, tmp_path: Path
) -> None:
    import_base(server, laptop)
    with server.session() as session:
        code, antenna_id = session.execute(
            select(Antenna.code, Antenna.id).order_by(Antenna.code).limit(1)
        ).one()
        activities = session.scalar(
            select(func.count()).select_from(Activity).where(Activity.antenna_id == antenna_id)
        )
    output = tmp_path / "une.sqlite3"
    export_base(server, [code.lower()], output)
    copy = _open(output)
    try:
        with copy.session() as session:
            assert list(session.scalars(select(Antenna.code))) == [code]
            assert session.scalar(select(func.count()).select_from(Activity)) == activities
        alone = summaries(copy)[code]
    finally:
        copy.close()
    source = _open(laptop)
    try:
        assert alone == summaries(source)[code]
    finally:
        source.close()


def test_export_of_an_unknown_antenna_leaves_no_file(server: Database, tmp_path: Path) -> None:
    output = tmp_path / "rien.sqlite3"
    with pytest.raises(TransferError, match="Antenne"):
        export_base(server, ["NULLEPART"], output)
    assert list(tmp_path.iterdir()) == []


def test_import_needs_a_server_base(db_path: Path, laptop: Path, migrated_db_path: Path) -> None:
    local = open_database(migrated_db_path)
    try:
        with pytest.raises(BadInputError, match="serveur"):
            import_base(local, laptop)
    finally:
        local.close()
