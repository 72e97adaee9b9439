"""Files the application reads from the user (CSV imports, federation exports, receipts).

Only regular files are read: a named pipe would block forever, ``/dev/zero`` would fill the
memory, a folder has no content. Each read is capped, so that a file far larger than any
genuine one is refused with a clear French message instead of exhausting the memory.
"""

from __future__ import annotations

import os
import stat
from decimal import Decimal
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_number
from pea_desktop.domain.os_errors import describe_os_error

# Opening a pipe for reading waits for a writer; non-blocking, the check below comes first.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in French."""
    if stat.S_ISDIR(mode):
        return "un dossier"
    if stat.S_ISFIFO(mode):
        return "un tube (pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un périphérique"
    if stat.S_ISSOCK(mode):
        return "une prise réseau (socket)"
    return "un fichier spécial"


def _megabytes(size: int) -> str:
    return f"{format_number(Decimal(size) / 1_000_000, 1)} Mo"


def not_regular_reason(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (French), or None when it is a regular file."""
    try:
        mode = Path(path).stat().st_mode
    except FileNotFoundError:
        return "n'existe pas"
    except OSError as exc:
        return f"est illisible ({describe_os_error(exc)})"
    if not stat.S_ISREG(mode):
        return f"n'est pas un fichier ordinaire : c'est {kind_of(mode)}"
    return None


def read_regular_file(path: Path, max_bytes: int, *, what: str = "Le fichier") -> bytes:
    """The bytes of ``path``, a regular file of at most ``max_bytes``; else BadInputError.

    The type is checked on the opened handle (no race between checking and reading).
    """
    path = Path(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as exc:
        raise BadInputError(f"{what} {path} n'existe pas.") from exc
    except OSError as exc:
        raise BadInputError(f"{what} {path} est illisible : {describe_os_error(exc)}.") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BadInputError(
                f"{what} {path} n'est pas un fichier ordinaire : c'est "
                f"{kind_of(info.st_mode)}. Choisissez un fichier."
            )
        if info.st_size > max_bytes:
            raise BadInputError(_too_big(what, path, info.st_size, max_bytes))
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise BadInputError(f"{what} {path} est illisible : {describe_os_error(exc)}.") from exc
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # grew while being read
        raise BadInputError(_too_big(what, path, len(data), max_bytes))
    return data


def _too_big(what: str, path: Path, size: int, max_bytes: int) -> str:
    return (
        f"{what} {path} est trop gros ({_megabytes(size)}, {_megabytes(max_bytes)} au plus) : "
        "ce n'est sans doute pas le bon fichier."
    )
