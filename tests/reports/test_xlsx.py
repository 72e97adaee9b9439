from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pea_desktop.reports.xlsx import antenna_workbook, national_workbook, workbook_bytes
from pea_desktop.services.federation.consolidation import consolidate, report_from_document
from pea_desktop.services.federation.export import prepare_export, write_export
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, AssociationSettings
from tests.services import known_data

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def _all_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def test_antenna_workbook_figures_and_no_secret(db: Database) -> None:
    known_data.build(db)
    with db.session() as session:
        session.get(AssociationSettings, 1).name = '=HYPERLINK("http://x","clic")'
    doc = prepare_export(db, 2025, "LYON", now=NOW).document
    book = antenna_workbook(report_from_document(doc, "lyon.json"), 2025, doc["sha256"], "11.88")
    data = workbook_bytes(book)
    for secret in known_data.SECRETS:
        assert secret not in _all_text(data)
    book = load_workbook(io.BytesIO(data))
    sheet = book["Synthèse"]
    assert sheet["B2"].value == '=HYPERLINK("http://x","clic")'
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix
    assert not any(
        cell.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for cell in row
    )
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert values["Antenne"] == "Lyon Métropole (LYON)"
    assert values["Heures de bénévolat"] == pytest.approx(20.25)
    assert values["Frais abandonnés (dons)"] == pytest.approx(8.0)
    months = {(r[0], r[1]): r for r in book["Par mois"].iter_rows(values_only=True)}
    assert months[(datetime(2025, 3, 1), "Groupe de parole")][2:7] == (2, 18, 4, 2, 0)
    assert months[(datetime(2025, 6, 1), "Frais hors activité")][10] == pytest.approx(12.30)
    categories = [r for r in book["Catégories"].iter_rows(values_only=True) if r[0]]
    assert ("La famille", 1) in [r[:2] for r in categories]
    assert ("Prévention", 1, 40) in [r[:3] for r in categories]


def test_national_workbook_sheets(db: Database, tmp_path: Path) -> None:
    known = known_data.build(db)
    with db.session() as session:
        session.get(Antenna, known.gren).name = "-Grenoble"
    files = []
    for code in ("LYON", "GREN"):
        files.append(tmp_path / f"{code}.json")
        write_export(prepare_export(db, 2025, code, now=NOW), files[-1])
    result = consolidate(files, known_antennas={"LYON": "", "GREN": "", "VAL": "Valence"})
    book = load_workbook(io.BytesIO(workbook_bytes(national_workbook(result))))
    assert book.sheetnames == [
        "Synthèse",
        "Antennes",
        "Régions",
        "Départements",
        "Par mois",
        "Catégories",
        "Fichiers reçus",
        "Antennes manquantes",
    ]
    antennas = list(book["Antennes"].iter_rows(values_only=True))
    assert antennas[1][0] == "-Grenoble (GREN)"  # a text cell, shown as typed, never run
    assert antennas[-1][:4] == ("Total", 2, 10, 5)
    departments = {r[0]: r[3] for r in book["Départements"].iter_rows(values_only=True)}
    assert departments["Isère (38)"] == 1 and departments["Rhône (69)"] == 4
    assert list(book["Antennes manquantes"].iter_rows(values_only=True))[1] == ("VAL", "Valence")


def test_months_are_dates_and_tables_filter(db: Database, tmp_path: Path) -> None:
    """Months are real dates shown "mars 2025" (they sort as dates, not alphabetically) and each
    table sheet has filter buttons over its header and data rows, never over its total row."""
    known_data.build(db)
    doc = prepare_export(db, 2025, "LYON", now=NOW).document
    report = report_from_document(doc, "lyon.json")
    book = load_workbook(io.BytesIO(workbook_bytes(antenna_workbook(report, 2025, "x", "11.88"))))
    months = book["Par mois"]
    cells = [row[0] for row in months.iter_rows(min_row=2, max_row=months.max_row - 1)]
    assert cells and all(isinstance(c.value, datetime) and c.is_date for c in cells)
    assert {c.number_format for c in cells} == {"[$-40C]mmmm yyyy"}
    assert all(c.value.day == 1 and c.value.year == 2025 for c in cells)
    values = [c.value for c in cells]
    assert values == sorted(values)  # written in calendar order, so sorting keeps it
    assert months.cell(months.max_row, 1).value == "Total"
    assert months.auto_filter.ref == f"A1:L{months.max_row - 1}"

    files = []
    for code in ("LYON", "GREN"):
        files.append(tmp_path / f"{code}.json")
        write_export(prepare_export(db, 2025, code, now=NOW), files[-1])
    result = consolidate(files, known_antennas={"LYON": "", "GREN": "", "VAL": "Valence"})
    book = load_workbook(io.BytesIO(workbook_bytes(national_workbook(result))))
    for name in ("Antennes", "Régions", "Départements", "Par mois"):
        sheet = book[name]
        last = sheet.cell(1, sheet.max_column).column_letter
        assert sheet.cell(sheet.max_row, 1).value == "Total"
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row - 1}", name
    assert book["Fichiers reçus"].auto_filter.ref == "A1:E3"
    assert book["Antennes manquantes"].auto_filter.ref == "A1:B2"
    assert isinstance(book["Par mois"]["A2"].value, datetime)
