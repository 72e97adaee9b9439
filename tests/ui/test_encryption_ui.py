"""Encryption from the window: the passphrase asked at opening, encrypting and re-keying."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from pea_desktop.services.database import open_database
from pea_desktop.services.encryption import encrypt_database, is_encrypted
from pea_desktop.store import cipher
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna
from pea_desktop.ui.backups.database_opening import open_interactively
from pea_desktop.ui.backups.encryption_actions import EncryptionActions, PassphraseDialog
from pea_desktop.ui.context import AppContext
from tests import factories

PASSPHRASE = "la phrase de la fenêtre"


@pytest.fixture(autouse=True)
def fresh_process() -> None:
    cipher._passphrases.clear()


def test_opening_asks_the_passphrase_again_when_wrong(qapp, migrated_db_path: Path) -> None:  # type: ignore[no-untyped-def]
    encrypt_database(migrated_db_path, PASSPHRASE)
    cipher._passphrases.clear()
    asked: list[bool] = []
    answers = iter(["pas la bonne phrase", PASSPHRASE])

    def ask_secret(path: Path, wrong: bool, parent: object) -> str | None:
        asked.append(wrong)
        return next(answers)

    def ask(error: object, parent: object) -> object:
        raise AssertionError(f"no problem dialog expected: {error}")

    opened = open_interactively(migrated_db_path, ask=ask, ask_secret=ask_secret)  # type: ignore[arg-type]
    assert opened is not None
    assert asked == [False, True]  # first "chiffrée", then "incorrecte"
    assert opened.db.encrypted
    opened.close()


def test_encrypt_then_change_from_the_menu(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    factories.antenna(db)
    context = AppContext(db)
    actions = EncryptionActions(context, None)  # type: ignore[arg-type]
    assert actions.encrypt_action.isVisible() and not actions.change_action.isVisible()
    typed = {"current": "", "new": PASSPHRASE}

    def fill(dialog: PassphraseDialog) -> int:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()
        if dialog.current is not None:
            dialog.current.setText(typed["current"])
        assert dialog.new is not None and dialog.confirmation is not None
        dialog.new.setText("court")
        assert "trop courte" in dialog.problem.text() and not ok.isEnabled()
        dialog.new.setText(typed["new"])
        dialog.confirmation.setText(typed["new"] + "x")
        assert "diffèrent" in dialog.problem.text() and not ok.isEnabled()
        dialog.confirmation.setText(typed["new"])
        assert dialog.problem.text() == "" and ok.isEnabled()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(PassphraseDialog, "exec", fill)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    actions.encrypt_action.trigger()
    assert "est chiffrée" in shown[-1]
    assert is_encrypted(db.path) and db.encrypted
    with db.session() as session:  # the window's handle goes on working
        assert session.query(Antenna).count() == 1
    assert actions.change_action.isVisible() and not actions.encrypt_action.isVisible()

    typed.update(current="pas la bonne phrase", new="nouvelle phrase longue")
    actions.change_action.trigger()
    assert "Phrase secrète incorrecte" in shown[-1]
    typed.update(current=PASSPHRASE)
    actions.change_action.trigger()
    with db.session() as session:
        assert session.query(Antenna).count() == 1
    db.close()
    cipher._passphrases.clear()
    open_database(db.path, passphrase="nouvelle phrase longue").close()
