"""The audit trail names what changed in French: every column a user can change has a label,
so that « pea-desktop history » never shows a raw column name."""

from __future__ import annotations

from pea_desktop.store.audit import FIELD_LABELS, QUIET
from pea_desktop.store.models import Base, Tracked


def test_every_audited_column_has_a_french_label() -> None:
    unlabelled = {
        f"{mapper.class_.__tablename__}.{column.name}"
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Tracked)
        for column in mapper.class_.__table__.columns
        if column.name not in FIELD_LABELS and column.name not in QUIET and column.name != "id"
    }
    assert unlabelled == set()
