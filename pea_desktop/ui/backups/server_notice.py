"""A base on a server has no file to copy: its backups are its administrator's (``pg_dump``).

In place of the backup and encryption actions of a file base (Sauvegarder maintenant, Restaurer,
Exporter, Vérifier et réparer, Chiffrer), the *Fichier* menu has one item saying so, and nothing
is copied at close.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from pea_desktop.services.database import Database

NOTICE_TITLE = "Base sur serveur"
MENU_TEXT = "Sa&uvegardes : faites par l'administrateur du serveur…"


def notice_text(db: Database) -> str:
    return (
        f"Base sur serveur : {db.label}.\n\n"
        "Les sauvegardes de cette base sont faites par l'administrateur du serveur "
        "(pg_dump), qui peut aussi la restaurer. PEA Desktop n'en fait pas lui-même : "
        "il n'y a pas de fichier de base sur cet ordinateur à sauvegarder, vérifier, "
        "chiffrer ou copier.\n\n"
        "Le serveur protège lui-même les données (accès par mot de passe, droits par antenne) ; "
        "demandez à l'administrateur à quelle fréquence la base est sauvegardée."
    )


class ServerNotice(QAction):
    """The single *Fichier* item of a server base about backups."""

    def __init__(self, db: Database, window: QWidget) -> None:
        super().__init__(MENU_TEXT, window)
        self.db = db
        self.window = window
        self.setObjectName("server-backups")
        self.setToolTip("Pourquoi cette base n'a pas de sauvegarde faite par PEA Desktop")
        self.triggered.connect(self.explain)

    def explain(self) -> None:
        QMessageBox.information(self.window, NOTICE_TITLE, notice_text(self.db))


def install_server_notice(menu: QMenu, db: Database, window: QWidget) -> ServerNotice:
    """Put the notice where the backup actions go: just before « Quitter »."""
    notice = ServerNotice(db, window)
    before = next((a for a in menu.actions() if a.text().replace("&", "") == "Quitter"), None)
    if before is None:
        menu.addSeparator()
        menu.addAction(notice)
    else:
        menu.insertAction(before, notice)
        menu.insertSeparator(before)
    return notice
