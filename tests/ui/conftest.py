from __future__ import annotations

from collections.abc import Iterator

import pytest

from pea_desktop.store.database import Database
from pea_desktop.ui.context import AppContext
from tests import factories


@pytest.fixture
def context(db: Database, qapp) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    yield AppContext(db)


@pytest.fixture
def lyon(db: Database) -> factories.AntennaInfo:
    return factories.antenna(db)


@pytest.fixture(autouse=True)
def discard_without_asking(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Closing a changed form asks first (ui/common/guarded_dialog); tests that do not check
    that question abandon their forms silently, and can read what was asked."""
    from pea_desktop.ui.common import guarded_dialog

    asked: list[str] = []

    def answer(parent: object, what: str = "la saisie") -> bool:
        asked.append(what)
        return True

    monkeypatch.setattr(guarded_dialog, "confirm_discard", answer)
    return asked
