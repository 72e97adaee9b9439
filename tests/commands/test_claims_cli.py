"""``claims prepare`` and ``print claims`` from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pea_desktop.cli import main
from pea_desktop.domain.enums import ExpenseKind
from tests.commands.locations import open_location
from tests.reports.pdf_helpers import page_count, pdf_text
from tests.services.claim_builders import add_line, build_world


@pytest.fixture
def base(base_location: str) -> str:
    db = open_location(base_location)
    try:
        w = build_world(db)
        add_line(db, w.alice, date(2025, 3, 4), km="100")
        add_line(db, w.bruno, date(2025, 3, 5), ExpenseKind.MEAL, amount="12.00")
        add_line(db, w.chloe, date(2025, 3, 6), ExpenseKind.TOLL, amount="7.10")
    finally:
        db.close()
    return base_location


def test_prepare_twice_then_print(
    base: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claims", "prepare", "--db", base, "--month", "2025-03", "--antenna", "lyon"]) == 0
    out = capsys.readouterr().out
    assert "Mars 2025 : 2 notes de frais créées, 2 dépenses rattachées." in out
    assert "nouvelle note NF-2025-0001" in out and "nouvelle note NF-2025-0002" in out
    assert main(["claims", "prepare", "--db", base, "--month", "2025-03", "--antenna", "LYON"]) == 0
    assert "Aucune dépense à réclamer" in capsys.readouterr().out
    assert main(["claims", "prepare", "--db", base, "--month", "2025-03"]) == 0
    assert "nouvelle note NF-2025-0003" in capsys.readouterr().out  # Grenoble's volunteer

    output = tmp_path / "notes mars.pdf"
    args = ["print", "claims", "--db", base, "--month", "2025-03", "-o", str(output)]
    assert main([*args, "--antenna", "LYON"]) == 0
    assert "2 notes de frais de mars 2025" in capsys.readouterr().out
    data = output.read_bytes()
    assert page_count(data) == 3
    text = pdf_text(data)
    assert "Bordereau de remboursement" in text and "NF-2025-0002" in text
    assert "Total (2 notes) 64,90 €" in text  # 52,90 + 12,00
    assert "Chloé" not in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["claims", "prepare", "--month", "2025-13"], "--month : « 2025-13 » n'est pas un mois"),
        (["claims", "prepare", "--month", "2025-03", "--antenna", "PARIS"], "PARIS"),
        (["print", "claims", "--month", "mars", "-o", "x.pdf"], "n'est pas un mois"),
    ],
)
def test_bad_input_exits_2_with_a_french_message(
    base: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--db", base]) == 2
    assert message in capsys.readouterr().err


def test_missing_database_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "absente.sqlite3"
    assert main(["claims", "prepare", "--db", str(missing), "--month", "2025-03"]) == 2
    assert not missing.exists() and "n'existe pas" in capsys.readouterr().err
