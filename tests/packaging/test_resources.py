"""resources/: one lookup for a source run, an installed wheel and the frozen build.

The frozen build is checked by installer/check-installed.sh (CI installs the .deb and prints
PDFs, which need the fonts, and starts the window, which needs the icon).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pea_desktop import __version__
from pea_desktop.cli import main
from pea_desktop.paths import resource_path, resources_dir

REPO = Path(__file__).resolve().parents[2]

# What the code and the installers use: each must be in resources/.
NEEDED = [
    "fonts/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf",
    "icons/pea-desktop.svg",
    "icons/pea-desktop.ico",
    *(f"icons/pea-desktop-{size}.png" for size in (16, 24, 32, 48, 64, 128, 256, 512)),
    "linux/fr.pea.PEADesktop.desktop",
    "linux/fr.pea.PEADesktop.metainfo.xml",
    "guide/guide-utilisation.md",
    "templates/activites.csv",
    "templates/benevoles.csv",
]


def test_from_source_the_top_level_folder_is_used() -> None:
    assert resources_dir() == REPO / "resources"
    for relative in NEEDED:
        assert resource_path(relative).is_file(), relative


def test_a_stray_resources_folder_is_not_taken_for_ours(tmp_path: Path) -> None:
    """Only a folder with the marker file counts (site-packages may hold another one)."""
    package = tmp_path / "pea_desktop"
    shutil.copytree(REPO / "pea_desktop", package, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "resources").mkdir()
    result = _run_in(tmp_path, "from pea_desktop.paths import resources_dir; resources_dir()")
    assert result.returncode != 0
    assert "introuvable" in result.stderr


def test_the_wheel_carries_resources_and_finds_them(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    for folder in ("pea_desktop", "resources"):
        shutil.copytree(
            REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    built = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"),
            *("-w", str(tmp_path / "dist"), str(source)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("pea_desktop-*.whl")
    assert wheel.name.startswith(f"pea_desktop-{__version__}-")
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(installed)
    for relative in NEEDED:
        assert f"pea_desktop/resources/{relative}" in names, relative
    migrations = REPO / "pea_desktop" / "store" / "migrations" / "versions"
    for migration in migrations.glob("*.py"):
        assert f"pea_desktop/store/migrations/versions/{migration.name}" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: GPL-3.0-or-later" in (installed / metadata).read_text()

    result = _run_in(
        installed,
        "from pea_desktop.paths import resource_path; print(resource_path('fonts/DejaVuSans.ttf'))",
    )
    assert result.returncode == 0, result.stderr
    found = Path(result.stdout.strip())
    assert found.is_file()
    assert found.is_relative_to(installed / "pea_desktop" / "resources")


def test_version_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"pea-desktop {__version__}\n"


def _run_in(folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with only ``folder`` on the path for pea_desktop (not the repository)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_csv_templates_import_as_they_are(migrated_db_path: Path) -> None:
    """The templates offered to users follow docs/formats.md: their example lines import."""
    for what, name in (("volunteers", "benevoles.csv"), ("activities", "activites.csv")):
        status = main(
            ["import", what, str(resource_path(f"templates/{name}")), "--db", str(migrated_db_path)]
        )
        assert status == 0, name
