"""Preparing, checking, approving and printing last month's claims of one antenna, actions
counted from the main window (issue 11: ≤ 10, whatever the number of claims)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pea_desktop.domain.claims import ClaimStatus
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.services.claims import workflow
from pea_desktop.services.claims.views import list_claims, load_claim
from pea_desktop.ui.claims.view import ClaimsView
from pea_desktop.ui.common.lazy_tab import LazyTab
from pea_desktop.ui.main_window import MainWindow
from tests import factories
from tests.reports.pdf_helpers import pdf_text
from tests.services.claim_builders import add_line, build_world

ACTION_GOAL = 10


def last_month() -> date:
    return date.today().replace(day=1) - timedelta(days=1)


def test_last_months_claims_take_at_most_10_actions(  # type: ignore[no-untyped-def]
    qtbot, db, context, monkeypatch, tmp_path: Path, capsys
) -> None:
    w = build_world(db)
    dora = factories.volunteer(db, w.antenna, "Dora", "Faure")
    emile = factories.volunteer(db, w.antenna, "Émile", "Garnier")
    day = last_month().replace(day=3)
    add_line(db, w.alice, day, km="100")
    add_line(db, w.bruno, day, km="30")  # his vehicle is unknown: flagged
    add_line(db, dora, day, ExpenseKind.TOLL, amount="7.10")
    add_line(db, emile, day, ExpenseKind.PARKING, amount="4.00")
    add_line(db, w.chloe, day, ExpenseKind.MEAL, amount="9.00")  # another antenna

    actions = 0
    said: list[str] = []

    def box(answer: Any):  # type: ignore[no-untyped-def]
        def answered(_parent: Any, title: str, text: str, *args: Any) -> Any:
            nonlocal actions
            actions += 1  # the user reads it and presses Enter
            said.append(f"{title} | {text}")
            return answer

        return answered

    monkeypatch.setattr(QMessageBox, "question", box(QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", box(QMessageBox.StandardButton.Ok))
    target = tmp_path / "notes.pdf"

    def choose_file(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        nonlocal actions
        actions += 1  # the file dialog: Enter on the suggested name
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose_file)

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.choose_antenna(w.antenna)
    claims_tab = next(
        i for i in range(window.tabs.count()) if window.tabs.tabText(i) == "Notes de frais"
    )
    window.tabs.setCurrentIndex(claims_tab)  # 1: the tab
    actions += 1
    tab = window.tabs.widget(claims_tab)
    assert isinstance(tab, LazyTab)
    view = tab.ensure_view()
    assert isinstance(view, ClaimsView)
    # Opens on the month with work to do, and says what to do with it.
    assert (view.year.value(), view.chosen_month()) == (last_month().year, last_month().month)
    assert view.hint.isVisible() and "Préparer les notes du mois" in view.hint.text()

    view.prepare_button.click()  # 2, and 3: its report
    actions += 1
    assert view.model.rowCount() == 4
    flag_column = next(i for i, c in enumerate(view.model.columns) if c.key == "flag_reason")
    flagged = [r for r in range(4) if view.model.row_at(r).flag_reason]
    assert flagged, "Bruno's unknown vehicle should be flagged"
    shown = view.model.data(view.model.index(flagged[0], flag_column))
    assert shown == "⚠ " + view.model.row_at(flagged[0]).flag_reason  # why, in the list

    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # 4
    actions += 1
    view.approve_button.click()  # 5, and 6: one confirmation for all
    actions += 1
    assert all(
        view.model.row_at(r).status is ClaimStatus.APPROVED for r in range(view.model.rowCount())
    )
    view.pdf_button.click()  # 7, and 8: the file
    actions += 1
    qtbot.waitUntil(lambda: target.exists(), timeout=20000)

    with capsys.disabled():
        print(
            f"\n[issue 11] month's claims, 4 claims approved and printed: {actions} actions "
            f"(goal ≤ {ACTION_GOAL})"
        )
    assert actions <= ACTION_GOAL

    claims = list_claims(db, w.antenna, None, last_month().year, last_month().month)
    assert len(claims) == 4 and all(c.status is ClaimStatus.APPROVED for c in claims)
    history = load_claim(db, claims[0].id).history
    assert [h.target for h in history][-2:] == [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED]
    assert all(h.at is not None for h in history)
    text = pdf_text(target.read_bytes())
    assert "Total (4 notes)" in text and "BROUILLON" not in text
    assert len([s for s in said if s.startswith("Approuver")]) == 1


def test_printing_an_empty_month_says_so(qtbot, db, context, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_world(db)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "x.pdf"), "")
    )
    view = ClaimsView(context)
    qtbot.addWidget(view)
    view.show()
    view.pdf_button.click()
    view.print_button.click()
    assert len(told) == 2 and "rien à imprimer" in told[0]
    assert not (tmp_path / "x.pdf").exists()


def test_drafts_print_marked_brouillon(db) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.reports.claim_batch import claim_batch_pdf
    from pea_desktop.services.claims.documents import month_batch

    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.MEAL, amount="12.00")
    workflow.prepare_month(db, 2025, 3)
    text = pdf_text(claim_batch_pdf(month_batch(db, 2025, 3, None)))
    assert "BROUILLON" in text
    (claim,) = list_claims(db, None, None, 2025, 3)
    workflow.approve_claims(db, [claim.id])
    assert "BROUILLON" not in pdf_text(claim_batch_pdf(month_batch(db, 2025, 3, None)))


def test_approve_claims_is_all_or_nothing(db) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from pea_desktop.domain.errors import BadInputError

    w = build_world(db)
    add_line(db, w.alice, date(2025, 3, 4), ExpenseKind.MEAL, amount="12.00")
    workflow.prepare_month(db, 2025, 3)
    (good,) = list_claims(db, None, None, 2025, 3)
    empty = workflow.create_claim(db, w.bruno, 2025, 3)  # no line: cannot be submitted
    with pytest.raises(BadInputError):
        workflow.approve_claims(db, [good.id, empty])
    assert load_claim(db, good.id).status is ClaimStatus.DRAFT
    assert workflow.approve_claims(db, [good.id]) == [good.number]


def test_month_to_prepare_is_the_latest_finished_month_with_unclaimed_expenses(db) -> None:  # type: ignore[no-untyped-def]
    w = build_world(db)
    today = date(2026, 6, 1)
    assert workflow.month_to_prepare(db, None, today) == (2026, 5)  # nothing: last month
    add_line(db, w.alice, date(2026, 3, 12), ExpenseKind.MEAL, amount="12.00")
    add_line(db, w.alice, date(2026, 6, 1), ExpenseKind.MEAL, amount="12.00")  # not finished
    assert workflow.month_to_prepare(db, w.antenna, today) == (2026, 3)
    assert workflow.month_to_prepare(db, w.other_antenna, today) == (2026, 5)
