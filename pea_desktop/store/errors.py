"""Why a database cannot be opened, each with the French sentence shown to the user.

Each kind of problem also lists the ways out that make sense for it (``remedies``), so that the
window can offer them without knowing the details.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path


class Remedy(Enum):
    """A way out of a database problem, offered to the user."""

    RESTORE_BACKUP = "restore"  # replace the file by the newest good backup
    OPEN_READ_ONLY = "read_only"  # look at the data without changing it
    RETRY = "retry"  # the cause may go away (another program closed, space freed)
    CHOOSE_FILE = "choose"  # open or create another database file
    QUIT = "quit"
    REPAIR = "repair"  # rebuild damaged indexes (REINDEX) after a backup


class DatabaseOpenError(Exception):
    """The database at ``path`` cannot be used; ``message`` explains why, in French."""

    title = "Base de données inutilisable"
    remedies: tuple[Remedy, ...] = (Remedy.RETRY, Remedy.CHOOSE_FILE, Remedy.QUIT)

    def __init__(self, path: Path, message: str, *, details: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.message = message  # one line, shown to the user
        self.details = details  # technical details (SQLite's own words), for the log


class NotADatabaseError(DatabaseOpenError):
    title = "Ce fichier n'est pas une base PEA Desktop"
    remedies: tuple[Remedy, ...] = (Remedy.RESTORE_BACKUP, Remedy.CHOOSE_FILE, Remedy.QUIT)


class DamagedDatabaseError(DatabaseOpenError):
    title = "Base de données endommagée"
    remedies: tuple[Remedy, ...] = (Remedy.RESTORE_BACKUP, Remedy.CHOOSE_FILE, Remedy.QUIT)


class DamagedIndexError(DamagedDatabaseError):
    """Only indexes are damaged: rebuilding them (after a backup) repairs the base."""

    title = "Index de la base endommagés"
    remedies = (Remedy.REPAIR, Remedy.RESTORE_BACKUP, Remedy.CHOOSE_FILE, Remedy.QUIT)


class NewerDatabaseError(DatabaseOpenError):
    title = "Base créée par une version plus récente"
    remedies = (Remedy.CHOOSE_FILE, Remedy.QUIT)


class DatabaseLockedError(DatabaseOpenError):
    title = "Base déjà ouverte"
    remedies = (Remedy.RETRY, Remedy.OPEN_READ_ONLY, Remedy.CHOOSE_FILE, Remedy.QUIT)


class ReadOnlyLocationError(DatabaseOpenError):
    title = "Dossier en lecture seule"
    remedies = (Remedy.OPEN_READ_ONLY, Remedy.CHOOSE_FILE, Remedy.QUIT)


class DiskFullError(DatabaseOpenError):
    title = "Disque plein"
    remedies = (Remedy.RETRY, Remedy.OPEN_READ_ONLY, Remedy.CHOOSE_FILE, Remedy.QUIT)


class MigrationError(DatabaseOpenError):
    title = "Mise à jour de la base impossible"
    remedies: tuple[Remedy, ...] = (Remedy.RESTORE_BACKUP, Remedy.CHOOSE_FILE, Remedy.QUIT)


class BackupError(DatabaseOpenError):
    """A backup cannot be made, read or restored."""

    title = "Sauvegarde impossible"
    remedies = (Remedy.QUIT,)


class PassphraseError(DatabaseOpenError):
    """An encrypted base: its passphrase is needed (``missing``) or the one given is wrong."""

    title = "Base chiffrée"
    remedies = (Remedy.RETRY, Remedy.CHOOSE_FILE, Remedy.QUIT)

    def __init__(self, path: Path, message: str, *, missing: bool) -> None:
        super().__init__(path, message)
        self.missing = missing


def passphrase_error(path: Path, *, missing: bool, subject: str = "La base") -> PassphraseError:
    """The French sentence for a missing or wrong passphrase of ``path``."""
    if missing:
        message = (
            f"{subject} {path.name} est chiffrée : saisissez sa phrase secrète (dans la "
            "fenêtre, ou par la variable PEA_DESKTOP_PASSPHRASE en ligne de commande)."
        )
    else:
        message = (
            f"Phrase secrète incorrecte pour {subject.lower()} {path.name} : elle ne "
            "déchiffre pas le fichier. Vérifiez-la (majuscules, accents) et réessayez."
        )
    return PassphraseError(path, message, missing=missing)


class ServerPasswordError(DatabaseOpenError):
    """A server base: the server wants a password (``missing``) or refused the one given."""

    title = "Connexion au serveur"
    remedies = (Remedy.RETRY, Remedy.CHOOSE_FILE, Remedy.QUIT)

    def __init__(self, path: Path, message: str, *, missing: bool) -> None:
        super().__init__(path, message)
        self.missing = missing


class ServerUnavailableError(DatabaseOpenError):
    """A server base whose server does not answer (network, address, server stopped)."""

    title = "Serveur injoignable"
    remedies = (Remedy.RETRY, Remedy.CHOOSE_FILE, Remedy.QUIT)


class ServerOnlyError(DatabaseOpenError):
    """Something a file base does that a server base leaves to its administrator (backups)."""

    title = "Base sur serveur"
    remedies = (Remedy.QUIT,)
