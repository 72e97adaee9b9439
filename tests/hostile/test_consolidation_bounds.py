"""Issue 13, items 2 (totals, future dates) and 3: one bad file never stops a consolidation.

Each file is forged as an attacker holding a signing key would: its checksum recomputed the way
the code does (``seal``) and signed again, so that only the new checks can refuse it (the key
register, which would also catch the foreign key, is tested in tests/services).
"""

from __future__ import annotations

import copy
import io
import json
import os
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from pea_desktop.cli import main
from pea_desktop.domain.consolidation import Consolidation
from pea_desktop.domain.federation_format import seal
from pea_desktop.reports.national_pdf import render_national
from pea_desktop.reports.xlsx import national_workbook, workbook_bytes
from pea_desktop.services.federation.consolidation import ACCEPTED, REFUSED, consolidate
from pea_desktop.services.federation.export import prepare_export
from pea_desktop.services.federation.signatures import sign_document
from pea_desktop.services.keys import SigningKey
from pea_desktop.store.database import Database
from tests.reports.pdf_helpers import pdf_text
from tests.services import known_data

JAN = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
Doc = dict[str, Any]


@pytest.fixture
def genuine(db: Database) -> dict[str, Doc]:
    known_data.build(db)
    return {code: prepare_export(db, 2025, code, now=JAN).document for code in ("LYON", "GREN")}


def _write(path: Path, document: Doc | str) -> Path:
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


FORGER = SigningKey.generate()


def _forge(document: Doc, change: Callable[[Doc], None]) -> Doc:
    forged = copy.deepcopy(document)
    change(forged)
    return sign_document(seal(forged), FORGER)


def _run(paths: list[Path]) -> Consolidation:
    """Consolidate in a thread: a file that blocks (a pipe) must not hang the test run."""
    box: list[Consolidation] = []
    worker = threading.Thread(target=lambda: box.append(consolidate(paths)), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "la consolidation est restée bloquée"
    return box[0]


def _reasons(result: Consolidation) -> dict[str, tuple[str, str]]:
    return {f.path.name: (f.status, f.reason) for f in result.files}


def _renders(result: Consolidation) -> str:
    buffer = io.BytesIO()
    render_national(result, buffer, generated_on=date(2026, 2, 1))
    workbook_bytes(national_workbook(result))
    return pdf_text(buffer.getvalue())


def _with_raw_partners(document: Doc, raw: str) -> str:
    """The document's JSON with a number json.dumps cannot write (thousands of digits, NaN)."""
    marked = _forge(document, lambda d: d["totals"].update(partners=987654321))
    text = json.dumps(marked)
    assert "987654321" in text
    return text.replace("987654321", raw, 1)


def _set_count(doc: Doc, value: int) -> None:
    """A count changed everywhere it appears, so only the magnitude is wrong."""
    doc["months"][0]["participants"] = value
    doc["by_kind"][doc["months"][0]["kind"]]["participants"] = value


def test_hostile_files_are_refused_and_the_good_one_is_consolidated(
    genuine: dict[str, Doc], tmp_path: Path
) -> None:
    good = _write(tmp_path / "gren.json", genuine["GREN"])
    lyon = genuine["LYON"]
    hostile = {
        "profond.json": "[" * 100_000 + "]" * 100_000,
        "chiffres.json": _with_raw_partners(lyon, "9" * 5000),
        "enorme.json": _forge(lyon, lambda d: _set_count(d, 10**28)),
        "nom_long.json": _forge(lyon, lambda d: d["antenna"].update(name="Lyon " * 400)),
        "nan.json": _with_raw_partners(lyon, "NaN"),
    }
    paths = [_write(tmp_path / name, doc) for name, doc in hostile.items()]
    result = _run([*paths, good])
    reasons = _reasons(result)
    assert reasons["gren.json"][0] == ACCEPTED
    for name in hostile:
        assert reasons[name][0] == REFUSED, name
    assert "imbrication trop profonde" in reasons["profond.json"][1]
    assert "5000 chiffres" in reasons["chiffres.json"][1]
    assert "démesuré" in reasons["enorme.json"][1]
    assert "2000 caractères (120 au plus)" in reasons["nom_long.json"][1]
    assert "interdite" in reasons["nan.json"][1]
    assert "Grenoble" in _renders(result)


def test_the_longest_allowed_names_still_print(genuine: dict[str, Doc], tmp_path: Path) -> None:
    """What the bounds let in, the PDF and the spreadsheet can print (no LayoutError)."""
    unbroken = "X" * 120

    def longest(d: Doc) -> None:
        d["antenna"]["name"] = unbroken
        d["association"]["name"] = unbroken

    path = _write(tmp_path / "long.json", _forge(genuine["LYON"], longest))
    result = _run([path])
    assert _reasons(result)["long.json"][0] == ACCEPTED
    assert "XXXXXXXX" in _renders(result)


def test_totals_that_do_not_add_up_from_the_months_are_refused(
    genuine: dict[str, Doc], tmp_path: Path
) -> None:
    def more_activities(d: Doc) -> None:
        d["totals"]["activities"] += 10
        d["by_kind"]["groupe"]["activities"] += 10

    def more_money(d: Doc) -> None:
        d["totals"]["reimbursed"] = "9999.00"

    def more_participants(d: Doc) -> None:
        d["by_kind"]["groupe"]["participants"] += 100

    forged = {
        "activites.json": _forge(genuine["LYON"], more_activities),
        "argent.json": _forge(genuine["LYON"], more_money),
        "participants.json": _forge(genuine["LYON"], more_participants),
    }
    paths = [_write(tmp_path / name, doc) for name, doc in forged.items()]
    reasons = _reasons(_run(paths))
    assert "totals.activities vaut 18" in reasons["activites.json"][1]
    assert "totals.reimbursed vaut 9999.00" in reasons["argent.json"][1]
    assert "by_kind.groupe.participants" in reasons["participants.json"][1]
    assert all(status == REFUSED and "incohérents" in why for status, why in reasons.values())


def test_future_dates_are_refused_and_do_not_replace_the_genuine_export(
    genuine: dict[str, Doc], tmp_path: Path
) -> None:
    real = _write(tmp_path / "lyon.json", genuine["LYON"])
    from_2099 = _write(
        tmp_path / "lyon_2099.json",
        _forge(genuine["LYON"], lambda d: d.update(generated_at="2099-01-01T00:00:00+00:00")),
    )
    next_year = _write(
        tmp_path / "annee_future.json",
        _forge(genuine["LYON"], lambda d: d.update(year=2099)),
    )
    result = _run([real, from_2099, next_year])
    reasons = _reasons(result)
    assert reasons["lyon.json"] == (ACCEPTED, "")
    assert (
        reasons["lyon_2099.json"][0] == REFUSED and "dans le futur" in reasons["lyon_2099.json"][1]
    )
    assert "pas encore commencée" in reasons["annee_future.json"][1]
    assert [a.file for a in result.antennas] == ["lyon.json"]


def test_special_files_are_refused_without_hanging(genuine: dict[str, Doc], tmp_path: Path) -> None:
    good = _write(tmp_path / "gren.json", genuine["GREN"])
    fifo = tmp_path / "tube.json"
    os.mkfifo(fifo)
    big = tmp_path / "gros.json"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    folder = tmp_path / "dossier.json"
    folder.mkdir()
    result = _run([fifo, Path("/dev/zero"), big, folder, good])
    reasons = _reasons(result)
    assert "c'est un tube" in reasons["tube.json"][1]
    assert "c'est un périphérique" in reasons["zero"][1]
    assert "trop gros" in reasons["gros.json"][1]
    assert "c'est un dossier" in reasons["dossier.json"][1]
    assert reasons["gren.json"][0] == ACCEPTED


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Lyon – contact jeanne.durand@example.org", "adresse e-mail"),
        ("Lyon 06 12 34 56 78", "numéro de téléphone"),
        ("Lyon +33 6 12 34 56 78", "numéro de téléphone"),
        ("Lyon, 12 rue des Lilas", "adresse postale"),
        ("Lyon V-2025-0042", "référence de visite"),
        ("Lyon chez Mme Durand", "civilité suivie d'un nom"),
        ("Lyon. Rechute signalée par sa sœur. Rappeler jeudi.", "phrase entière"),
    ],
)
def test_received_names_holding_personal_data_are_refused(
    genuine: dict[str, Doc], tmp_path: Path, name: str, reason: str
) -> None:
    path = _write(
        tmp_path / "lyon.json", _forge(genuine["LYON"], lambda d: d["antenna"].update(name=name))
    )
    status, why = _reasons(_run([path]))["lyon.json"]
    assert status == REFUSED and reason in why


def test_consolidate_command_goes_on_after_a_hostile_file(
    genuine: dict[str, Doc], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path / "gren.json", genuine["GREN"])
    deep = _write(tmp_path / "profond.json", "{" * 50_000)
    out = tmp_path / "national.pdf"
    assert main(["federation", "consolidate", str(deep), str(good), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "profond.json : refusé" in captured.err and "Traceback" not in captured.err
    assert out.exists()
