"""The import dialog with real widgets: choose a file, preview it, import it off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from pea_desktop.store.database import Database
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.importing.dialog import ImportDialog
from tests.services.import_helpers import ACTIVITY_HEADER, VOLUNTEER_HEADER, counts, write_csv

LINES = [
    ACTIVITY_HEADER,
    "groupe;12/03/2025;LYON;Marie DUPONT + Paul Martin;1h30;Salle;10;2;3;;;;12,5;;;;;",
    "visite;13/03/2025;LYON;DUPONT Marie;60;Domicile;;;;;famille;V-2025-001;;2,40;;;;",
    "témoignage;14/03/2025;GRE;Jean Valjean;2:00;IFSI;30;;;étudiants;;;;;;8;15,00;",
]


def open_dialog(qtbot: QtBot, context: AppContext, kind: str) -> ImportDialog:
    dialog = ImportDialog(context, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(qtbot: QtBot, dialog: ImportDialog, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(path), ""))
    )
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=10_000)


def test_preview_then_import_in_the_background(
    qtbot: QtBot,
    context: AppContext,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, context, "activities")
    assert not dialog.import_button.isEnabled()  # no file yet

    choose(qtbot, dialog, write_csv(tmp_path / "activites.csv", LINES), monkeypatch)
    model = dialog.preview_model
    assert (model.rowCount(), model.columnCount()) == (3, 18)
    assert model.index(0, 3).data() == "Marie DUPONT + Paul Martin"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "type"
    assert model.headerData(2, Qt.Orientation.Vertical) == "4"  # the spreadsheet's line
    assert "3 lignes à importer" in dialog.status.text()
    assert not dialog.problems.isVisible()
    assert dialog.import_button.isEnabled()
    assert counts(db)["activity"] == 0  # previewing writes nothing

    with qtbot.waitSignal(context.data_changed, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.report_text.isVisible)
    report = dialog.report_text.toPlainText()
    assert "Activités créées : 3" in report
    assert "Dépenses créées : 4" in report
    assert "Antennes créées : 2" in report
    assert not dialog.import_button.isEnabled()  # once is enough
    assert dialog.close_button.isEnabled()
    table = counts(db)
    assert (table["activity"], table["volunteer"], table["expense_line"]) == (3, 3, 4)


def test_bad_file_lists_every_error_and_cannot_be_imported(
    qtbot: QtBot,
    context: AppContext,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = [
        *LINES,
        "groupe;31/02/2025;LYON;Marie Dupont;;;5;9;;;;;;;;;;",
        "atelier;01/03/2025;LYON;Marie Dupont;;;;;;;;;;;;;;",
    ]
    dialog = open_dialog(qtbot, context, "activities")
    choose(qtbot, dialog, write_csv(tmp_path / "mauvais.csv", bad), monkeypatch)
    items = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert items == [
        "ligne 5, colonne date : « 31/02/2025 » n'est pas une date",
        "ligne 5, colonne nouveaux : 9 nouveaux pour 5 participants",
        "ligne 6, colonne type : « atelier » n'est pas un type d'activité connu "
        "(groupe, visite, temoignage)",
    ]
    assert dialog.problems.isVisible()
    assert "3 erreurs" in dialog.status.text()
    model = dialog.preview_model
    assert model.rowCount() == 5  # the preview still shows the lines, bad ones marked
    marked = [model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None for r in range(5)]
    assert marked == [False, False, False, True, True]
    assert model.index(3, 2).data(Qt.ItemDataRole.ToolTipRole) == "\n".join(items[:2])
    assert model.index(4, 2).data(Qt.ItemDataRole.ToolTipRole) == items[2]
    assert not dialog.import_button.isEnabled()
    assert counts(db)["activity"] == 0


def test_unreadable_file_is_explained(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "classeur.csv"
    path.write_bytes(b"PK\x03\x04 not a csv")
    dialog = open_dialog(qtbot, context, "activities")
    choose(qtbot, dialog, path, monkeypatch)
    assert "enregistrez-le au format CSV" in dialog.status.text()
    assert dialog.preview_model.rowCount() == 0
    assert not dialog.import_button.isEnabled()


def test_file_spoiled_after_its_check_is_refused_without_writing(
    qtbot: QtBot,
    context: AppContext,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_csv(tmp_path / "activites.csv", LINES)
    dialog = open_dialog(qtbot, context, "activities")
    choose(qtbot, dialog, path, monkeypatch)
    write_csv(path, [*LINES, "groupe;12/03/2025;LYON;Marie Dupont;;;-1;;;;;;;;;;;"])
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.problems.isVisible, timeout=20_000)
    assert dialog.problems.item(0).text() == (
        "ligne 5, colonne participants : « -1 » ne peut pas être négatif"
    )
    assert not dialog.import_button.isEnabled()
    assert dialog.report is None
    assert counts(db)["activity"] == 0


def test_unexpected_failure_is_shown_in_a_message_box(
    qtbot: QtBot,
    context: AppContext,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    dialog = open_dialog(qtbot, context, "activities")
    choose(qtbot, dialog, write_csv(tmp_path / "a.csv", LINES), monkeypatch)
    db.close()
    monkeypatch.setattr(context, "db", None)  # the import cannot reach a database
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "rien n'a été modifié" in shown[0]
    assert "a échoué" in dialog.status.text()
    assert dialog.choose_button.isEnabled()


def test_volunteers_import(
    qtbot: QtBot,
    context: AppContext,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_csv(
        tmp_path / "benevoles.csv",
        [VOLUNTEER_HEADER, "Hélène;Dupont;LYON;coordinatrice;;;;;;voiture;5;non"],
        encoding="cp1252",
    )
    dialog = open_dialog(qtbot, context, "volunteers")
    assert dialog.windowTitle() == "Importer des bénévoles"
    choose(qtbot, dialog, path, monkeypatch)
    assert dialog.status.text().startswith("1 ligne à importer · encodage Windows-1252")
    with qtbot.waitSignal(context.data_changed, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.report_text.isVisible)
    assert "Bénévoles créés : 1" in dialog.report_text.toPlainText()
    assert counts(db)["volunteer"] == 1


def test_a_large_import_tells_which_copy_undoes_it(
    qtbot: QtBot,
    context: AppContext,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = [VOLUNTEER_HEADER, *(f"Jean;Martin{n};LYON;;;;;;;;;" for n in range(21))]
    dialog = open_dialog(qtbot, context, "volunteers")
    choose(qtbot, dialog, write_csv(tmp_path / "benevoles.csv", lines), monkeypatch)
    with qtbot.waitSignal(context.data_changed, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.report_text.isVisible)
    assert dialog.report is not None and dialog.report.backup is not None
    assert dialog.report.backup.exists()
    text = dialog.report_text.toPlainText()
    assert f"Copie de sécurité faite avant l'import : {dialog.report.backup.name}" in text
    assert "Restaurer une sauvegarde" in text
