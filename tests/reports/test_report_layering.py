"""Reports and the consolidation take plain data: they load neither SQLAlchemy nor Qt."""

from __future__ import annotations

import subprocess
import sys

MODULES = (
    "pea_desktop.reports.summary_pdf",
    "pea_desktop.reports.national_pdf",
    "pea_desktop.reports.xlsx",
    "pea_desktop.services.federation.consolidation",
)


def test_summary_reports_import_neither_sqlalchemy_nor_qt() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in MODULES)
        + "print(sorted(m for m in ('sqlalchemy', 'PySide6') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
