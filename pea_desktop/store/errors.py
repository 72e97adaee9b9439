"""Why a database cannot be opened, each with the French sentence shown to the user."""

from __future__ import annotations

from pathlib import Path


class DatabaseOpenError(Exception):
    """The database at ``path`` cannot be used; ``message`` explains why, in French."""

    title = "Base de données inutilisable"

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class NotADatabaseError(DatabaseOpenError):
    title = "Ce fichier n'est pas une base PEA Desktop"


class DamagedDatabaseError(DatabaseOpenError):
    title = "Base de données endommagée"


class NewerDatabaseError(DatabaseOpenError):
    title = "Base créée par une version plus récente"


class DatabaseLockedError(DatabaseOpenError):
    title = "Base déjà ouverte"


class ReadOnlyLocationError(DatabaseOpenError):
    title = "Dossier en lecture seule"


class DiskFullError(DatabaseOpenError):
    title = "Disque plein"


class MigrationError(DatabaseOpenError):
    title = "Mise à jour de la base impossible"
