"""The national spreadsheet opens in LibreOffice with the same totals (skipped without it)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pea_desktop.reports.xlsx import national_workbook, workbook_bytes
from pea_desktop.services.federation.consolidation import consolidate
from pea_desktop.services.federation.export import prepare_export, write_export
from pea_desktop.store.database import Database
from tests.services import known_data

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-calc-nogui) absent")
def test_libreoffice_reads_the_same_totals(db: Database, tmp_path: Path) -> None:
    known_data.build(db)
    files = []
    for code in ("LYON", "GREN"):
        files.append(tmp_path / f"{code}.json")
        write_export(prepare_export(db, 2025, code, now=datetime.now(UTC)), files[-1])
    book = tmp_path / "national.xlsx"
    book.write_bytes(workbook_bytes(national_workbook(consolidate(files))))
    profile = (tmp_path / "lo-profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless"]
    utf8_csv = "csv:Text - txt - csv (StarCalc):44,34,76"
    command += ["--convert-to", utf8_csv, "--outdir", str(tmp_path), str(book)]
    subprocess.run(command, check=True, capture_output=True, timeout=240)
    with (tmp_path / "national.csv").open(encoding="utf-8", errors="replace") as handle:
        rows = {row[0]: row[1] for row in csv.reader(handle) if len(row) > 1}
    assert rows["Groupes de parole"] == "5"
    assert rows["Public touché"] == "125"
    assert rows["Heures de bénévolat"].replace(",", ".") == "23.75"
    assert rows["Valorisation du bénévolat"].replace(",", ".").startswith("282.15")
    assert rows["Kilomètres parcourus"].replace(",", ".") == "115.5"
