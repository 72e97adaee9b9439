"""Files the application writes for the user (PDF, JSON, XLSX): all or nothing.

Each file is written beside its destination under a temporary name and renamed into place, so
that an error (disk full, no right to write) never leaves a half-written file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.os_errors import describe_os_error


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` then rename: never a half-written file."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    path = Path(path)
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


def refuse_overwriting(output: Path, *protected: Path) -> None:
    """Refuse (BadInputError, exit 2) an output path that is one of the protected files."""
    from pea_desktop.domain.errors import BadInputError

    target = Path(output).resolve()
    for path in protected:
        if Path(path).resolve() == target:
            raise BadInputError(
                f"{output} est un fichier à protéger (la base ou une entrée) : "
                "choisissez un autre nom de sortie."
            )
