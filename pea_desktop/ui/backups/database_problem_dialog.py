"""Explain why the base cannot be opened, and offer the ways out that fit the problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from pea_desktop.paths import data_dir
from pea_desktop.services.backups import BackupInfo, newest_good_backup
from pea_desktop.services.database import is_server_folder
from pea_desktop.services.database_errors import (
    DatabaseOpenError,
    Remedy,
    ServerPasswordError,
    ServerUnavailableError,
)
from pea_desktop.ui.backups.repair import REPAIR_ADVICE

FILE_FILTER = "Base PEA Desktop (*.sqlite3 *.db);;Tous les fichiers (*)"

SERVER_ADVICE = (
    "La base est sur un serveur PostgreSQL : ses sauvegardes sont celles de son administrateur. "
    "« Réessayer » se connecte de nouveau ; « Choisir une autre base… » ouvre une base de cet "
    "ordinateur."
)

_LABELS = {
    Remedy.OPEN_READ_ONLY: "Ouvrir en lecture seule",
    Remedy.RETRY: "Réessayer",
    Remedy.CHOOSE_FILE: "Choisir un autre fichier…",
    Remedy.QUIT: "Quitter",
    Remedy.REPAIR: "Réparer",
}
_ROLES = {
    Remedy.REPAIR: QMessageBox.ButtonRole.AcceptRole,
    Remedy.RESTORE_BACKUP: QMessageBox.ButtonRole.AcceptRole,
    Remedy.OPEN_READ_ONLY: QMessageBox.ButtonRole.AcceptRole,
    Remedy.RETRY: QMessageBox.ButtonRole.AcceptRole,
    Remedy.CHOOSE_FILE: QMessageBox.ButtonRole.ActionRole,
    Remedy.QUIT: QMessageBox.ButtonRole.RejectRole,
}


@dataclass(frozen=True)
class Choice:
    """What the user chose; ``path`` is the backup to restore or the other file to open."""

    remedy: Remedy
    path: Path | None = None


class DatabaseProblemDialog(QMessageBox):
    """A message box naming the problem, with one button per way out."""

    def __init__(
        self,
        error: DatabaseOpenError,
        backup: BackupInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(QMessageBox.Icon.Critical, error.title, error.message, parent=parent)
        self.error = error
        self.backup = backup
        self.buttons_by_remedy: dict[Remedy, QPushButton] = {}
        remedies = [r for r in error.remedies if r is not Remedy.RESTORE_BACKUP or backup]
        for remedy in remedies:
            label = _LABELS.get(remedy) or f"Restaurer la sauvegarde du {_when(backup)}"
            if remedy is Remedy.CHOOSE_FILE and is_server_error(error):
                label = "Choisir une autre base…"  # the base was not a file
            self.buttons_by_remedy[remedy] = self.addButton(label, _ROLES[remedy])
        self.setDefaultButton(self.buttons_by_remedy[remedies[0]])
        if (quit_button := self.buttons_by_remedy.get(Remedy.QUIT)) is not None:
            self.setEscapeButton(quit_button)
        self.setInformativeText(self._advice(remedies))
        if error.details:
            self.setDetailedText(error.details)

    def _advice(self, remedies: list[Remedy]) -> str:
        if is_server_error(self.error):
            return SERVER_ADVICE
        lines = [f"Fichier : {self.error.path}"]
        if self.backup is not None and Remedy.RESTORE_BACKUP in remedies:
            lines.append(
                f"Sauvegarde la plus récente en bon état : {self.backup.description}. "
                "La base actuelle sera gardée à côté des sauvegardes avant d'être remplacée."
            )
        elif Remedy.RESTORE_BACKUP in self.error.remedies:
            lines.append("Aucune sauvegarde en bon état n'a été trouvée pour cette base.")
        if Remedy.REPAIR in remedies:
            lines.append(REPAIR_ADVICE)
        return "\n\n".join(lines)

    def chosen_remedy(self) -> Remedy:
        clicked = self.clickedButton()
        for remedy, button in self.buttons_by_remedy.items():
            if button is clicked:
                return remedy
        return Remedy.QUIT  # closed by the window manager


def is_server_error(error: DatabaseOpenError) -> bool:
    """A problem with a base on a server (connection, password, rights), not with a file."""
    return isinstance(error, (ServerPasswordError, ServerUnavailableError)) or is_server_folder(
        error.path
    )


def _when(backup: BackupInfo | None) -> str:
    return f"{backup.taken_at:%d/%m/%Y à %H:%M}" if backup else ""


def ask_database_problem(error: DatabaseOpenError, parent: QWidget | None = None) -> Choice:
    """Show ``error`` and return the way out chosen (asking for the file when needed)."""
    backup = None
    if Remedy.RESTORE_BACKUP in error.remedies and not is_server_error(error):
        backup = newest_good_backup(error.path)
    while True:
        dialog = DatabaseProblemDialog(error, backup, parent)
        dialog.exec()
        remedy = dialog.chosen_remedy()
        if remedy is Remedy.RESTORE_BACKUP and backup is not None:
            return Choice(remedy, backup.path)
        if remedy is Remedy.CHOOSE_FILE:
            folder = data_dir() if is_server_error(error) else error.path.parent
            chosen = choose_database_file(parent, folder)
            if chosen is None:
                continue  # the file dialog was cancelled: back to the explanation
            return Choice(remedy, chosen)
        return Choice(remedy)


def choose_database_file(parent: QWidget | None, folder: Path) -> Path | None:
    """An existing base to open, or the name of a new one to create."""
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        "Ouvrir ou créer une base",
        str(folder),
        FILE_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(name) if name else None
