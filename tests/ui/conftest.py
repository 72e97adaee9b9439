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
