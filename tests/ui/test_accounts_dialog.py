"""Paramètres › Comptes comptables… : numbers typed replace the defaults, emptied ones go back."""

from __future__ import annotations

from pea_desktop.services import accounting
from pea_desktop.store.database import Database
from pea_desktop.ui.organisation.accounts_dialog import AccountsDialog
from tests.ui.keyboard import replace_text, type_text


def test_accounts_typed_checked_saved_and_reset(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dialog = AccountsDialog(db)
    qtbot.addWidget(dialog)
    edits = dialog.accounts_form.edits
    assert edits["waived"].text() == "" and edits["waived"].placeholderText() == "75412000"
    type_text(edits["km"], "6251 1000")
    type_text(edits["repas"], "62A")
    dialog.save()
    assert "compte repas : « 62A » n'est pas un numéro de compte" in dialog.problems.text()
    assert dialog.result() != AccountsDialog.DialogCode.Accepted
    assert accounting.load_accounts(db)["km"] == "62510000"  # nothing saved

    replace_text(edits["repas"], "625700")
    dialog.save()
    assert dialog.result() == AccountsDialog.DialogCode.Accepted
    saved = accounting.load_accounts(db)
    assert (saved["km"], saved["repas"], saved["waived"]) == ("62511000", "625700", "75412000")

    again = AccountsDialog(db)
    qtbot.addWidget(again)
    assert again.accounts_form.edits["km"].text() == "62511000"
    again.accounts_form.edits["km"].clear()
    again.save()
    assert accounting.load_accounts(db)["km"] == "62510000"  # back to the default
    assert accounting.load_accounts(db)["repas"] == "625700"
