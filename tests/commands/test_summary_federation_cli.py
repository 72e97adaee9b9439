"""`print summary`, `export federation` and `federation consolidate` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pea_desktop.cli import main
from tests.commands.locations import open_location
from tests.reports.pdf_helpers import pdf_text
from tests.services import known_data


@pytest.fixture
def known_db(base_location: str) -> str:
    db = open_location(base_location)
    known_data.build(db)
    db.close()
    return base_location


def test_print_summary_writes_the_pdf(
    known_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bilan.pdf"
    args = ["print", "summary", "--db", known_db, "--year", "2025", "--quarter", "2"]
    assert main([*args, "--antenna", "lyon", "-o", str(out)]) == 0
    assert "Bilan d'activité écrit" in capsys.readouterr().out
    text = pdf_text(out.read_bytes())
    assert "2e trimestre 2025" in text and "Lyon Métropole (LYON)" in text
    # April (group of 8/4) and May (group, intervention), June (visit): 2 groups, 1 visit
    assert "Groupes de parole 2 0 nouveau" in text
    assert "Visites 1 0 nouveau" in text


def test_print_summary_bad_antenna_or_database_exits_2(
    known_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bilan.pdf"
    base = ["print", "summary", "--year", "2025", "-o", str(out)]
    assert main([*base, "--db", known_db, "--antenna", "NANTES"]) == 2
    assert "Antenne « NANTES » inconnue" in capsys.readouterr().err
    assert main([*base, "--db", str(tmp_path / "absente.sqlite3")]) == 2
    assert not (tmp_path / "absente.sqlite3").exists()
    assert not out.exists()


def test_export_then_consolidate(
    known_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for code in ("LYON", "GREN"):
        target = tmp_path / f"{code.lower()}.json"
        xlsx = tmp_path / f"{code.lower()}.xlsx"
        args = ["export", "federation", "--db", known_db, "--year", "2025"]
        assert main([*args, "--antenna", code, "-o", str(target), "--xlsx", str(xlsx)]) == 0
        files.append(target)
    assert "Export 2025 de l'antenne GREN" in capsys.readouterr().out
    lyon = json.loads(files[0].read_text(encoding="utf-8"))
    assert lyon["by_kind"]["groupe"]["activities"] == 4
    book = load_workbook(tmp_path / "lyon.xlsx")
    synthese = {row[0]: row[1] for row in book["Synthèse"].iter_rows(values_only=True)}
    assert synthese["Groupes de parole"] == 4 and synthese["Participations aux groupes"] == 35
    assert float(synthese["Valorisation du bénévolat"]) == pytest.approx(240.57)
    assert synthese["Empreinte SHA-256 du fichier JSON"] == lyon["sha256"]
    months = list(book["Par mois"].iter_rows(values_only=True))
    assert months[-1][:8] == ("Total", None, 8, 35, 6, 7, 65, pytest.approx(20.25))
    damaged = tmp_path / "abime.json"
    damaged.write_bytes(files[1].read_bytes()[:-40])
    pdf, xlsx = tmp_path / "national.pdf", tmp_path / "national.xlsx"
    consolidate = ["federation", "consolidate", *map(str, [*files, damaged, files[0]])]
    assert main([*consolidate, "-o", str(pdf), "--xlsx", str(xlsx)]) == 0
    captured = capsys.readouterr()
    assert "abime.json : refusé" in captured.err and "copie identique" in captured.err
    assert "2 antennes, 1 fichier refusé, 1 remplacé" in captured.out
    text = pdf_text(pdf.read_bytes())
    assert "Bilan national 2025" in text
    assert "Groupes de parole 5" in text and "Public touché 125" in text
    assert "Valorisation du bénévolat 282,15 €" in text
    assert "Auvergne-Rhône-Alpes 2 5 42 2 3 125" in text
    for secret in known_data.SECRETS:
        assert secret not in text
    national = load_workbook(xlsx)
    totals = {row[0]: row[1] for row in national["Synthèse"].iter_rows(values_only=True)}
    assert totals["Groupes de parole"] == 5 and totals["Kilomètres parcourus"] == 115.5
    statuses = [row[2] for row in national["Fichiers reçus"].iter_rows(values_only=True)]
    assert statuses == ["Statut", "retenu", "retenu", "refusé", "remplacé"]


def test_consolidate_with_nothing_valid_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "vide.json"
    bad.write_text("", encoding="utf-8")
    out = tmp_path / "national.pdf"
    assert main(["federation", "consolidate", str(bad), "-o", str(out)]) == 2
    assert "Aucun export valable" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.sqlite_only(
    "a federation file lists the expected antennas; with a server --db, consolidate reads the "
    "antennas from the server instead (test_server_cli.py)"
)
def test_consolidate_lists_missing_antennas_of_the_federation_database(
    known_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lyon = tmp_path / "lyon.json"
    export = ["export", "federation", "--db", known_db, "--year", "2025"]
    assert main([*export, "--antenna", "LYON", "-o", str(lyon)]) == 0
    pdf = tmp_path / "national.pdf"
    assert main(["--db", known_db, "federation", "consolidate", str(lyon), "-o", str(pdf)]) == 0
    assert "Antennes sans export : GREN." in capsys.readouterr().out
    assert "Antennes attendues sans export" in pdf_text(pdf.read_bytes())
