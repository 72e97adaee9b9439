"""Paramètres › Votre nom…: the name written in histories and the audit trail (issue 14).

On a file base it is this name (kept for every base of this computer account), by default the
session's login. On a server base the server login is used: the server knows who connected, so
the window says so instead of asking.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from pea_desktop.services import acting_user
from pea_desktop.services.database import Database

TITLE = "Votre nom"


def ask_user_name(parent: QWidget, db: Database) -> bool:
    """Ask and remember the name; True when it was changed."""
    if db.on_server:
        QMessageBox.information(
            parent,
            TITLE,
            "Sur un serveur, l'historique des modifications retient votre identifiant de "
            f"connexion : {acting_user.current_user(db)}.",
        )
        return False
    default = acting_user.default_name()
    current = acting_user.chosen_name()
    name, ok = QInputDialog.getText(
        parent,
        TITLE,
        "Votre nom, tel qu'il apparaîtra dans l'historique des modifications\n"
        f"(laissé vide : « {default} », le nom de votre session) :",
        QLineEdit.EchoMode.Normal,
        current,
    )
    if not ok or " ".join(name.split()) == current:
        return False
    acting_user.choose_name(name)
    return True
