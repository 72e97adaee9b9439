"""The "Données personnelles et conservation" dialog: retention period, purge, a volunteer's
data exported and erased."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pea_desktop.services.retention import retention_years
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, Volunteer
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.organisation.privacy_dialog import PrivacyDialog
from tests import factories


def test_retention_purge_export_and_erase(
    qtbot, db: Database, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    lyon = factories.antenna(db)
    helper = factories.volunteer(db, lyon.id, first="Élodie", last="Martin")
    old = factories.visit(db, lyon.id, [helper], date=date(2021, 6, 1), reference="V-2021-004")
    dialog = PrivacyDialog(context, today=date(2026, 11, 25))
    qtbot.addWidget(dialog)
    assert dialog.years.value() == 3
    assert "perdront 1 référence(s)" in dialog.preview.text()
    dialog.years.setValue(6)  # kept six years: nothing to purge any more
    assert retention_years(db, "LYON") == 6
    assert "rien à purger" in dialog.preview.text() and not dialog.purge_button.isEnabled()
    dialog.years.setValue(3)

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    dialog.purge_button.click()
    with db.session() as session:
        assert session.get_one(Activity, old).reference == "V-2021-004"  # refused: unchanged
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.purge_button.click()
    assert "avant la purge" in shown[-1]
    with db.session() as session:
        assert session.get_one(Activity, old).reference == ""

    target = tmp_path / "elodie.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.export_button.click()
    assert json.loads(target.read_text("utf-8"))["identity"]["first_name"] == "Élodie"
    dialog.erase_button.click()
    assert "Effacé" in shown[-1]
    with db.session() as session:
        assert session.get_one(Volunteer, helper).first_name == "Bénévole"
    assert "Bénévole anonyme" in dialog.volunteer.currentText()
