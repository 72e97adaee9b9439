from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from pea_desktop.domain.federation_format import seal
from pea_desktop.services.federation.export import prepare_export, to_json, write_export
from pea_desktop.services.federation.signatures import sign_document
from pea_desktop.services.keys import SigningKey
from pea_desktop.store.database import Database
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.federation.keys_dialog import KeysDialog
from pea_desktop.ui.federation.view import BACKGROUND_FROM, FILE_COLUMNS, FederationView
from tests.reports.pdf_helpers import pdf_text
from tests.services import known_data

JAN = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
FEB = datetime(2026, 2, 3, 9, 30, tzinfo=UTC)


@pytest.fixture
def exports(db: Database, tmp_path: Path) -> dict[str, Path]:
    known_data.build(db)
    folder = tmp_path / "recus"
    files = {}
    for name, code, year, when in (
        ("lyon", "LYON", 2025, FEB),
        ("lyon_janvier", "LYON", 2025, JAN),
        ("gren", "GREN", 2025, JAN),
        ("gren_2024", "GREN", 2024, JAN),
    ):
        files[name] = folder / f"{name}.json"
        write_export(prepare_export(db, year, code, now=when), files[name])
    text = files["gren"].read_text(encoding="utf-8")
    files["edited"] = folder / "edited.json"
    files["edited"].write_text(text.replace('"participants": 7', '"participants": 70'))
    return files


@pytest.fixture
def view(qtbot, context: AppContext) -> FederationView:  # type: ignore[no-untyped-def]
    widget = FederationView(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    return widget


def rows(view: FederationView) -> dict[str, tuple[str, str]]:
    table, reason = view.files, FILE_COLUMNS.index("Motif")
    return {
        table.item(r, 0).text(): (table.item(r, 2).text(), table.item(r, reason).text())
        for r in range(table.rowCount())
    }


def totals(view: FederationView) -> dict[str, str]:
    table = view.totals
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def test_files_are_checked_and_totals_shown(view: FederationView, exports: dict[str, Path]) -> None:
    assert not view.pdf_button.isEnabled()
    view.add_files([exports["lyon"].parent])  # a folder brings every JSON file in it
    status = rows(view)
    assert status["lyon.json"][0] == "retenu"
    assert status["lyon_janvier.json"][0] == "remplacé"
    assert status["gren.json"][0] == "retenu"
    assert status["gren_2024.json"] == (
        "refusé",
        "export de l'année 2024, alors que la consolidation porte sur 2025",
    )
    assert "somme de contrôle incorrecte" in status["edited.json"][1]
    assert totals(view)["Antennes"] == "2"
    assert totals(view)["Groupes de parole"] == "5"
    assert totals(view)["Valorisation"] == "282,15\u00a0€"
    assert "2 antennes consolidées, 2 fichiers refusés, 1 remplacé" in (view.summary_label.text())
    assert view.missing_label.text() == ""  # LYON and GREN are the base's antennas
    assert view.pdf_button.isEnabled() and view.xlsx_button.isEnabled()


def test_missing_antenna_remove_and_year(view: FederationView, exports: dict[str, Path]) -> None:
    view.add_files([exports["lyon"], exports["gren_2024"]])
    assert view.result.year == 2025  # type: ignore[union-attr]
    assert view.missing_label.text() == "Antennes sans export : Grenoble (GREN)"
    view.year.setValue(2024)
    assert rows(view)["gren_2024.json"][0] == "retenu"
    assert rows(view)["lyon.json"][0] == "refusé"
    view.files.selectRow(1)
    view.remove_selected()
    assert list(rows(view)) == ["lyon.json"]
    view.expected.setChecked(False)
    assert view.result.missing is None  # type: ignore[union-attr]


def test_drop_files(view: FederationView, exports: dict[str, Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(exports["gren"]))])
    event = QDropEvent(
        QPointF(QPoint(20, 20)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)
    assert list(rows(view)) == ["gren.json"]


def test_national_pdf_and_xlsx(
    qtbot, view: FederationView, exports: dict[str, Path], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view.add_files([exports["lyon"], exports["gren"]])
    pdf, xlsx = tmp_path / "national.pdf", tmp_path / "national.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    view.pdf_button.click()
    qtbot.waitUntil(lambda: view.pdf_button.isEnabled() and pdf.exists(), timeout=20000)
    text = pdf_text(pdf.read_bytes())
    assert "Bilan national 2025" in text and "Public touché 125" in text
    for secret in known_data.SECRETS:
        assert secret not in text
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    view.xlsx_button.click()
    qtbot.waitUntil(lambda: view.xlsx_button.isEnabled() and xlsx.exists(), timeout=20000)
    sheet = load_workbook(xlsx)["Synthèse"]
    assert {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}["Visites"] == 2


def test_many_files_are_checked_off_the_gui_thread(
    qtbot, view: FederationView, exports: dict[str, Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    copies = []
    for index in range(BACKGROUND_FROM + 1):
        copies.append(tmp_path / f"copie-{index:02d}.json")
        shutil.copy(exports["gren"], copies[-1])
    view.add_files([exports["lyon"], *copies])
    assert view.files.rowCount() == 0  # not yet: the work runs in a thread
    qtbot.waitUntil(lambda: view.files.rowCount() == len(copies) + 1, timeout=20000)
    assert totals(view)["Antennes"] == "2"
    assert [row[0] for row in rows(view).values()].count("remplacé") == len(copies) - 1
    assert view.pdf_button.isEnabled()


def test_signature_column_and_a_changed_key_accepted_from_the_keys_dialog(
    qtbot, view: FederationView, exports: dict[str, Path], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view.add_files([exports["gren"]])
    signature = view.files.item(0, FILE_COLUMNS.index("Signature")).text()
    assert signature.startswith("signé (empreinte ")
    assert "première réception" in rows(view)["gren.json"][1]
    new_key = SigningKey.generate()
    document = json.loads(exports["gren"].read_text(encoding="utf-8"))
    rekeyed = tmp_path / "gren_nouvelle_cle.json"
    rekeyed.write_text(to_json(sign_document(seal(document), new_key)), encoding="utf-8")
    view.set_files([rekeyed])
    assert rows(view)["gren_nouvelle_cle.json"][0] == "refusé"
    assert "autre clé" in rows(view)["gren_nouvelle_cle.json"][1]

    dialog = KeysDialog(view.register, view)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 0).text() == "GREN"
    assert new_key.fingerprint in dialog.table.item(0, 4).text()
    assert not dialog.accept_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.accept_button.isEnabled()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("1234", True))
    dialog.accept_button.click()
    assert "n'est pas celle" in shown[-1]
    typed = new_key.fingerprint.lower()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (typed, True))
    dialog.accept_button.click()
    assert "est enregistrée" in shown[-1]
    assert dialog.table.item(0, 2).text() == new_key.fingerprint
    view.recompute()
    assert rows(view)["gren_nouvelle_cle.json"][0] == "retenu"
