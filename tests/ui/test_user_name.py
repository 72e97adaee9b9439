"""Paramètres › Votre nom…: the name the audit trail and histories record on a file base."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QWidget

from pea_desktop.store import acting
from pea_desktop.store.database import Database
from pea_desktop.ui.organisation.user_name import ask_user_name


def test_the_chosen_name_is_remembered_and_blank_goes_back_to_the_login(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[str] = []

    def answer(text: str):  # type: ignore[no-untyped-def]
        def get_text(_parent, _title, label, _mode, current):  # type: ignore[no-untyped-def]
            asked.append(label)
            return text, True

        return get_text

    monkeypatch.setattr(QInputDialog, "getText", answer("  Camille   Roux "))
    assert ask_user_name(parent, db)
    assert acting.local_actor() == "Camille Roux"
    assert f"« {acting.system_login()} »" in asked[0]

    monkeypatch.setattr(QInputDialog, "getText", answer(""))
    assert ask_user_name(parent, db)
    assert acting.local_actor() == acting.system_login()
