"""The layer rules of pyproject.toml (``[tool.importlinter]``, docs/layers.md) hold.

``make lint`` runs ``lint-imports`` too; this test makes ``make test`` fail as well when an
import breaks a layer, reaches the store from the ui, or closes a cycle.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_is_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "0 broken" in report


def test_the_contracts_cover_what_docs_layers_promises() -> None:
    """Dropping a contract from pyproject.toml must be a visible decision, not an accident."""
    from importlinter.api import read_configuration

    contracts = read_configuration(str(ROOT / "pyproject.toml"))["contracts_options"]
    assert {c["id"] for c in contracts} == {
        "layers",
        "store-behind-services",
        "reports-plain-data",
        "qt-only-in-ui",
        "pure-domain",
        "no-cycles",
    }
