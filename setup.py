"""Packages of the wheel; everything else is in pyproject.toml.

The top-level ``resources/`` folder (icon, fonts, user guide, CSV templates...) is shipped as
``pea_desktop/resources`` so that ``pea_desktop.paths.resource_path`` finds it in an installed
wheel just as it does in a clone and in the frozen build. Each of its folders is declared as a
data-only package: setuptools then copies every file without warning about "data directories".
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

RESOURCES = Path(__file__).parent / "resources"
resource_packages = {
    ".".join(("pea_desktop.resources", *folder.relative_to(RESOURCES).parts)): ["*"]
    for folder in [RESOURCES, *sorted(p for p in RESOURCES.rglob("*") if p.is_dir())]
}

setup(
    packages=[*find_namespace_packages(include=["pea_desktop", "pea_desktop.*"], exclude=["*__pycache__"]), *resource_packages],
    package_dir={"pea_desktop.resources": "resources"},
    package_data={
        "pea_desktop": ["store/migrations/*.ini", "store/migrations/*.mako"],
        **resource_packages,
    },
)
