from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog, QInputDialog

from pea_desktop.domain.period import Period
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.federation.export_preview_dialog import ExportPreviewDialog
from pea_desktop.ui.summaries.bar_chart_widget import nice_top
from pea_desktop.ui.summaries.dashboard_view import DashboardView
from tests.reports.pdf_helpers import pdf_text
from tests.services import known_data


@pytest.fixture
def known(db: Database) -> known_data.Known:
    return known_data.build(db)


@pytest.fixture
def view(qtbot, context: AppContext, known: known_data.Known) -> DashboardView:  # type: ignore[no-untyped-def]
    widget = DashboardView(context)
    qtbot.addWidget(widget)
    widget.chooser.set_period("year", 2025)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def tile(view: DashboardView, key: str) -> tuple[str, str]:
    return view.tiles[key].value.text(), view.tiles[key].comparison.text()


def test_all_antennas_figures(view: DashboardView) -> None:
    assert view.scope_label.text().startswith("Toutes les antennes — Année 2025")
    assert tile(view, "groupe") == ("5", "2024 : 1 (+400\u00a0%)")
    assert tile(view, "groupe.participants")[0] == "42"
    assert tile(view, "temoignage.audience")[0] == "125"
    assert tile(view, "hours")[0] == "23\u00a0h\u00a045"
    assert tile(view, "value")[0] == "282,15\u00a0€"
    assert tile(view, "km")[0] == "115,5\u00a0km"
    assert tile(view, "waived")[0] == "8,00\u00a0€"
    assert not view.export_button.isEnabled()  # one export per antenna
    march = view.chart.bars[2]
    assert march == ("mars", {"groupe": 3, "visite": 1, "temoignage": 0})
    assert [view.chart.total(i) for i in range(12)] == [0, 0, 4, 1, 2, 1, 0, 0, 1, 0, 1, 0]


def test_antenna_and_period_changes_refresh(
    view: DashboardView, context: AppContext, known: known_data.Known
) -> None:
    context.set_antenna(known.lyon)
    assert view.scope_label.text().startswith("Lyon Métropole (LYON) — Année 2025")
    assert tile(view, "groupe")[0] == "4"
    assert tile(view, "volunteers") == ("2", "2024 : 2 (0\u00a0%)")
    assert view.export_button.isEnabled()
    view.chooser.set_period("quarter", 2025, 2)
    assert tile(view, "groupe") == ("2", "T2 2024 : 0 (nouveau)")
    assert [label for label, _ in view.chart.bars] == ["avr.", "mai", "juin"]
    details = [
        (view.details.item(r, 0).text().strip(), view.details.item(r, 1).text())
        for r in range(view.details.rowCount())
    ]
    assert ("Un professionnel de santé", "1") in details


def test_new_data_refreshes_the_figures(
    view: DashboardView, context: AppContext, db: Database, known: known_data.Known
) -> None:
    with db.session() as session:
        session.add(
            Activity(
                kind="groupe",
                antenna_id=known.gren,
                date=known_data.DELETED.date().replace(month=10),
                duration_minutes=60,
                participants=3,
            )
        )
    context.notify_changed()
    assert tile(view, "groupe")[0] == "6"


def test_print_summary_writes_the_pdf_in_background(
    qtbot, view: DashboardView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "bilan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.print_button.click()
    qtbot.waitUntil(lambda: view.print_button.isEnabled() and target.exists(), timeout=20000)
    text = pdf_text(target.read_bytes())
    assert "Toutes les antennes" in text and "Groupes de parole 5 1 +400 %" in text


def test_export_preview_then_save(
    qtbot, view: DashboardView, context: AppContext, known: known_data.Known, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    context.set_antenna(known.lyon)
    view.export_button.click()
    qtbot.waitUntil(lambda: isinstance(getattr(view, "export_dialog", None), ExportPreviewDialog))
    dialog = view.export_dialog
    assert dialog.prepared.ok and dialog.save_button.isEnabled()
    assert "Vérification de confidentialité réussie" in dialog.check_label.text()
    shown = {
        dialog.totals.item(r, 0).text(): dialog.totals.item(r, 1).text()
        for r in range(dialog.totals.rowCount())
    }
    assert shown["Groupes de parole"] == "4" and shown["Frais abandonnés (dons)"] == "8,00\u00a0€"
    assert json.loads(dialog.json_text.toPlainText())["by_kind"]["groupe"]["activities"] == 4
    for secret in known_data.SECRETS:
        assert secret not in dialog.json_text.toPlainText()
    target = tmp_path / "lyon-2025.json"
    dialog.save_to(target)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=20000)
    assert json.loads(target.read_text(encoding="utf-8"))["by_kind"]["groupe"]["participants"] == 35
    sheet = load_workbook(target.with_suffix(".xlsx"))["Synthèse"]
    assert {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}["Groupes de parole"] == 4


def test_preview_blocks_an_export_that_fails_the_privacy_check(
    qtbot, db: Database, known: known_data.Known
) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.services.federation.export import prepare_export
    from pea_desktop.store.models import Antenna

    with db.session() as session:
        session.get(Antenna, known.lyon).name = known_data.SECRET_REFERENCE
    dialog = ExportPreviewDialog(prepare_export(db, 2025, "LYON"))
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert "ne peut pas être envoyé" in dialog.check_label.text()
    assert known_data.SECRET_REFERENCE in dialog.check_label.text()


def test_custom_period_and_chart_painting(view: DashboardView) -> None:
    chooser = view.chooser
    chooser.kind.setCurrentIndex(chooser.kind.findData("custom"))
    chooser.start.setDate(QDate(2025, 3, 1))
    chooser.end.setDate(QDate(2025, 5, 31))
    assert view.current.period == Period.custom(date(2025, 3, 1), date(2025, 5, 31))
    assert tile(view, "groupe")[0] == "5"  # 10/03, 12/03, 24/03, 08/04, 05/05
    assert [label for label, _ in view.chart.bars] == ["mars", "avr.", "mai"]
    assert not view.chart.grab().isNull()
    chooser.end.setDate(QDate(2025, 2, 1))  # ends before it starts: the figures stay
    assert view.current.period.end == date(2025, 5, 31)


def test_chart_axis_steps() -> None:
    assert nice_top(0) == (5, 1)
    assert nice_top(7) == (8, 2)
    assert nice_top(51) == (60, 10)
    assert nice_top(1234) == (1500, 500)


def test_hourly_rate_is_editable_from_the_dashboard(
    view: DashboardView, context: AppContext, known: known_data.Known, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    context.set_antenna(known.lyon)
    assert tile(view, "value")[0] == "240,57\u00a0€"
    asked = {}

    def answer(parent, title, label, value, *args):  # type: ignore[no-untyped-def]
        asked.update(label=label, value=value)
        return 12.5, True

    monkeypatch.setattr(QInputDialog, "getDouble", answer)
    view.rate_button.click()
    assert "2025" in asked["label"] and asked["value"] == pytest.approx(11.88)
    assert tile(view, "value")[0] == "253,13\u00a0€"  # 20,25 h x 12,50 €
