"""Operating-system errors told in French (the system's own words are often English)."""

from __future__ import annotations

import errno

_FRENCH = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "le disque est plein",
    errno.EROFS: "le support est en lecture seule",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EBUSY: "fichier occupé par un autre programme",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EIO: "erreur de lecture ou d'écriture du support",
    errno.EEXIST: "le fichier existe déjà",
}


def describe_os_error(exc: BaseException) -> str:
    """A short French reason for ``exc`` ("accès refusé"), falling back on the system's words."""
    if isinstance(exc, OSError):
        if exc.errno in _FRENCH:
            return _FRENCH[exc.errno]
        if exc.strerror:
            return exc.strerror
    return str(exc)
