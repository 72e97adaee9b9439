"""Every registered activity kind, through every table (tests/kind_samples.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pea_desktop.domain.activity_kinds import KINDS, UnknownActivityKind
from pea_desktop.store.database import Database
from tests.kind_samples import walk_services, walk_ui


@pytest.mark.parametrize("code", KINDS.codes())
def test_kind_goes_through_services(db: Database, tmp_path: Path, code: str) -> None:
    walk_services(db, tmp_path, KINDS.get(code))


@pytest.mark.parametrize("code", KINDS.codes())
def test_kind_shows_in_its_list_and_form(qtbot: Any, db: Database, code: str) -> None:
    walk_ui(qtbot, db, KINDS.get(code))


def test_unknown_kind_is_refused_never_guessed() -> None:
    with pytest.raises(UnknownActivityKind, match="« conference » inconnu"):
        KINDS.get("conference")
