"""Protect a base with a passphrase (SQLCipher), or change its passphrase: window and CLI.

- :func:`encrypt_database` (path, passphrase): a missing base is created encrypted; a plain
  base is encrypted, and so are its backups (a plain copy beside it would defeat the point).
- :func:`change_passphrase` (path, old, new): the base and its backups, re-encrypted.

Each file is rewritten beside itself, checked (it opens with the new passphrase, passes
``integrity_check`` and holds the same rows), then put in place atomically: an interruption
leaves the old file as it was. The caller must have closed its connections to the base
(``Database.release_connections``) and should hold the instance lock. The passphrase is never
stored; this process remembers it so that later backups and restores need not ask again.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.store import cipher, errors
from pea_desktop.store.backup import OWNER_ONLY
from pea_desktop.store.backup_catalog import list_backups
from pea_desktop.store.database import open_database

MIN_PASSPHRASE_LENGTH = 10
PASSPHRASE_HELP = (
    f"au moins {MIN_PASSPHRASE_LENGTH} caractères ; une phrase de plusieurs mots se retient "
    "mieux qu'un mot de passe compliqué. Sans elle, la base est illisible : notez-la en lieu sûr."
)


@dataclass
class EncryptionResult:
    path: Path
    created: bool = False  # a new, empty encrypted base
    backups: int = 0  # backups encrypted (or re-encrypted) too
    skipped: list[Path] = field(default_factory=list)  # backups left as they were (unreadable)

    def describe(self) -> str:
        if self.created:
            text = f"Base chiffrée {self.path.name} créée."
        else:
            text = f"La base {self.path.name} est chiffrée"
            text += f", ainsi que {self.backups} sauvegarde(s)." if self.backups else "."
        if self.skipped:
            names = ", ".join(p.name for p in self.skipped)
            text += (
                f" Attention : {len(self.skipped)} sauvegarde(s) illisible(s) laissée(s) telles "
                f"quelles ({names}) : supprimez-les si elles ne servent plus."
            )
        return text


def check_new_passphrase(passphrase: str, confirmation: str | None = None) -> None:
    """Raise :class:`BadInputError` (French) when ``passphrase`` cannot protect a base."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise BadInputError(f"Phrase secrète trop courte : {PASSPHRASE_HELP}")
    if passphrase != passphrase.strip():
        raise BadInputError("La phrase secrète ne doit ni commencer ni finir par une espace.")
    if confirmation is not None and confirmation != passphrase:
        raise BadInputError("Les deux saisies de la phrase secrète diffèrent : rien n'a changé.")


def is_encrypted(path: Path) -> bool:
    return Path(path).is_file() and cipher.file_is_encrypted(Path(path))


def encrypt_database(path: Path, passphrase: str) -> EncryptionResult:
    """Create ``path`` encrypted, or encrypt the plain base there and its backups."""
    path = Path(path).expanduser().absolute()
    check_new_passphrase(passphrase)
    if not path.exists():
        open_database(path, passphrase=passphrase).close()
        return EncryptionResult(path, created=True)
    if is_encrypted(path):
        raise BadInputError(
            f"La base {path.name} est déjà chiffrée : pour changer sa phrase secrète, utilisez "
            "« Changer la phrase secrète » (pea-desktop encrypt --change)."
        )
    open_database(path).close()  # checked and migrated first: a damaged base is not rewritten
    _rewrite_in_place(path, old=None, new=passphrase)
    cipher.remember_passphrase(path, passphrase)
    return _rewrite_backups(path, None, passphrase)


def change_passphrase(path: Path, old: str, new: str) -> EncryptionResult:
    """Re-encrypt the encrypted base ``path`` (and its backups) from ``old`` to ``new``."""
    path = Path(path).expanduser().absolute()
    if not is_encrypted(path):
        raise BadInputError(
            f"La base {path.name} n'est pas chiffrée : chiffrez-la d'abord (pea-desktop encrypt)."
        )
    check_new_passphrase(new)
    open_database(path, passphrase=old).close()  # a wrong old passphrase is said as such
    _rewrite_in_place(path, old=old, new=new)
    cipher.remember_passphrase(path, new)
    return _rewrite_backups(path, old, new)


def _rewrite_backups(path: Path, old: str | None, new: str) -> EncryptionResult:
    result = EncryptionResult(path)
    for backup in list_backups(path):
        if old is None and is_encrypted(backup.path):
            continue  # already encrypted (by an earlier run)
        try:
            _rewrite_in_place(backup.path, old=old, new=new)
        except errors.DatabaseOpenError:  # damaged, or under another passphrase
            result.skipped.append(backup.path)
        else:
            result.backups += 1
    return result


def _rewrite_in_place(path: Path, *, old: str | None, new: str) -> None:
    """Replace ``path`` by its copy encrypted with ``new``, atomically."""
    partial = path.with_name(path.name + ".chiffrement")
    try:
        cipher.rewrite(path, old=old, new=new, target=partial)
        os.chmod(partial, OWNER_ONLY)
        _fsync(partial)
        # The old file's journal must not be replayed into the new one.
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(partial, path)
        cipher.note_encryption(path, True)
    except cipher.PassphraseError as exc:
        partial.unlink(missing_ok=True)
        raise errors.passphrase_error(path, missing=exc.missing) from exc
    except Exception as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        if isinstance(exc, (OSError, *cipher.db_errors())):
            raise errors.BackupError(
                path,
                f"Le chiffrement de {path.name} a échoué ({exc}). Le fichier n'a pas été modifié.",
            ) from exc
        raise


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
