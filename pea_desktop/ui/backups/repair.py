"""Repair a base whose indexes are damaged, from the window: a backup first, then ``REINDEX``,
then the full check again (services.backups.repair_database)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from pea_desktop.services.backups import repair_database
from pea_desktop.services.database_errors import DamagedIndexError, DatabaseOpenError

REPAIR_ADVICE = (
    "« Réparer » copie d'abord la base dans le dossier des sauvegardes, puis reconstruit ses "
    "index et la contrôle de nouveau."
)


class RepairQuestion(QMessageBox):
    """The damaged-index problem, with « Réparer » as the default way out."""

    def __init__(self, error: DamagedIndexError, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Warning, error.title, error.message, parent=parent)
        self.repair_button = self.addButton("&Réparer", QMessageBox.ButtonRole.AcceptRole)
        self.later_button = self.addButton("&Plus tard", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.repair_button)
        self.setEscapeButton(self.later_button)
        self.setInformativeText(f"Fichier : {error.path}\n\n{REPAIR_ADVICE}")
        if error.details:
            self.setDetailedText(error.details)


def ask_repair(error: DamagedIndexError, parent: QWidget | None) -> bool:
    """Whether the user wants the base repaired now."""
    question = RepairQuestion(error, parent)
    question.exec()
    return question.clickedButton() is question.repair_button


def repair_message(database: Path, backup: Path | None) -> str:
    if backup is None:
        return "Le contrôle d'intégrité complet est bon : la base est saine, rien à réparer."
    return (
        f"Les index de la base {database.name} ont été reconstruits ; le contrôle d'intégrité "
        f"complet est bon.\n\nLa base d'avant la réparation est gardée dans :\n{backup}"
    )


def repair_now(database: Path, parent: QWidget | None) -> bool:
    """Repair ``database`` (closed, or with its connections released); tell how it went.

    True when the base is sound afterwards. The caller holds the instance lock.
    """
    try:
        backup = repair_database(database)
    except DatabaseOpenError as error:
        QMessageBox.warning(parent, error.title, error.message)
        return False
    QMessageBox.information(parent, "Base réparée", repair_message(database, backup))
    return True
