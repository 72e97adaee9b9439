"""Paramètres › Comptes comptables… : the account numbers of the accounting export.

Each field shows the default of the associations' chart of accounts as its placeholder; a
number typed replaces it, an emptied field goes back to it (docs/formats.md).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from pea_desktop.domain.accounting import DEFAULT_ACCOUNTS
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services import accounting
from pea_desktop.services.database import Database
from pea_desktop.ui.organisation.settings_dialogs import FormDialog


class AccountsForm(QWidget):
    def __init__(self, accounts: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        intro = QLabel(
            "Les comptes de l'export comptable (CSV). Laissez un champ vide pour le compte "
            "par défaut, affiché en gris."
        )
        intro.setWordWrap(True)
        layout.addRow(intro)
        self.edits: dict[str, QLineEdit] = {}
        for key, (default, label) in DEFAULT_ACCOUNTS.items():
            edit = QLineEdit()
            edit.setPlaceholderText(default)
            edit.setMaximumWidth(140)
            if accounts.get(key, default) != default:
                edit.setText(accounts[key])
            self.edits[key] = edit
            layout.addRow(label, edit)

    def overrides(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}


class AccountsDialog(FormDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        self._db = db
        self.accounts_form = AccountsForm(accounting.load_accounts(db))
        super().__init__("Comptes comptables", self.accounts_form, parent)

    def save(self) -> None:
        try:
            accounting.save_accounts(self._db, self.accounts_form.overrides())
        except BadInputError as error:
            self.problems.show_problems(error.problems or [error.message])
            return
        self.accept()
