"""Files the application writes for the user (PDF, JSON, XLSX): all or nothing, never over an input.

Each file is written beside its destination under a temporary name and renamed into place, so
that an error (disk full, no right to write) never leaves a half-written file behind.
:func:`refuse_overwriting` is called first by every command and dialog that writes a file: an
output path must never replace the base, one of its backups or a file being read.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.os_errors import describe_os_error
from pea_desktop.paths import backup_dir_for
from pea_desktop.store.cipher import opened_here

if TYPE_CHECKING:  # the address class loads SQLAlchemy, which the reports' callers do not need
    from pea_desktop.store.location import ServerAddress

SQLITE_HEADER = b"SQLite format 3\x00"
# Files SQLite keeps beside a base: replacing one of them damages the base as surely.
_COMPANIONS = ("-wal", "-shm", "-journal")


def database_and_backups(database: Path | ServerAddress) -> tuple[Path, ...]:
    """What an output must never replace for ``database``: the base and its backup folder
    (nothing for a base on a server: no file of this computer holds it)."""
    if not isinstance(database, (str, Path)):  # a ServerAddress
        return ()
    database = Path(database)
    return (database, backup_dir_for(database.expanduser().absolute()))


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)  # hard links and symbolic links too
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _inside(path: Path, folder: Path) -> bool:
    try:
        return folder.is_dir() and path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def refuse_overwriting(output: Path, *protected: Path) -> None:
    """Raise :class:`BadInputError` (exit 2) when writing ``output`` would destroy something.

    Refused: ``output`` is one of ``protected`` (the same file under another name too), a file
    SQLite keeps beside one of them, a file inside a protected folder (the backups), an
    existing database, or something that is not a regular file (a folder, a device, a pipe).
    """
    output = Path(output).expanduser().absolute()
    for path in protected:
        path = Path(path).expanduser().absolute()
        if _inside(output, path):
            raise BadInputError(
                f"Refusé : {output} est dans le dossier {path}, qui doit rester intact "
                "(sauvegardes). Choisissez un autre fichier de sortie."
            )
        candidates = (path, *(Path(f"{path}{suffix}") for suffix in _COMPANIONS))
        if any(_same(output, candidate) for candidate in candidates):
            raise BadInputError(
                f"Refusé : le fichier de sortie {output} est aussi {path.name}, que cette "
                "commande lit ou protège ; l'écrire le détruirait. Choisissez un autre nom."
            )
    refuse_destroying(output)


def refuse_destroying(output: Path) -> None:
    """Refuse an output that is not a regular file, or that is a database (ours or not).

    :func:`write_bytes_atomically` calls it too, so that every window's "Enregistrer" is
    covered even where the caller does not know which base is open.
    """
    output = Path(output)
    try:
        mode = output.stat().st_mode
    except OSError:
        return  # nothing there yet (or unreachable: writing will say why)
    if not stat.S_ISREG(mode):
        raise BadInputError(
            f"Refusé : {output} n'est pas un fichier ordinaire (dossier, périphérique ou "
            "tube) : choisissez un fichier de sortie."
        )
    if opened_here(output):  # not even read: see store.cipher.note_encryption
        header = SQLITE_HEADER
    else:
        try:
            with output.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError:
            return
    if header == SQLITE_HEADER:
        raise BadInputError(
            f"Refusé : {output} est une base de données ; l'écraser la détruirait. "
            "Choisissez un autre fichier de sortie."
        )


def refuse_same_outputs(*outputs: Path | None) -> None:
    """Two outputs of one command (``-o`` and ``--xlsx``) must be two files."""
    given = [Path(o).expanduser().absolute() for o in outputs if o is not None]
    for i, first in enumerate(given):
        for second in given[i + 1 :]:
            if _same(first, second):
                raise BadInputError(
                    f"Refusé : {first} est donné deux fois comme fichier de sortie."
                )


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` then rename: never a half-written file."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    path = Path(path)
    refuse_destroying(path)
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise BadInputError(f"Impossible d'écrire {path} : {describe_os_error(exc)}.") from exc
