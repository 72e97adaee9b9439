"""Look at a database file before SQLite does, to say precisely what is wrong with it.

SQLite itself only reports "file is not a database" or "malformed"; reading the 100-byte header
tells an empty file, a text file, a damaged header and a truncated copy apart.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from pea_desktop.domain.os_errors import describe_os_error
from pea_desktop.store import errors

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
RESTORE_HINT = "Restaurez la sauvegarde la plus récente."
# SQLCipher files are made of whole pages and start with a random salt.
PAGE_MULTIPLE = 512
MIN_DISTINCT_HEADER_BYTES = 48


def check_database_file(path: Path, read_only: bool) -> bool:
    """Raise a French :class:`errors.DatabaseOpenError` if ``path`` cannot be a usable base.

    Returns whether the file looks encrypted (SQLCipher): its header cannot be checked then.
    """
    if not path.is_file():
        raise errors.NotADatabaseError(path, f"{path} n'est pas un fichier.")
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except PermissionError as exc:
        raise errors.DatabaseOpenError(path, f"Vous n'avez pas le droit de lire {path}.") from exc
    except OSError as exc:
        raise errors.DatabaseOpenError(
            path, f"Impossible de lire {path.name} : {describe_os_error(exc)}."
        ) from exc
    encrypted = looks_encrypted(header, path.stat().st_size)
    if not encrypted:
        check_header(path, header)
    if not read_only and not os.access(path, os.W_OK):
        raise errors.ReadOnlyLocationError(
            path,
            f"Le fichier {path.name} est en lecture seule. Ouvrez-le en lecture seule "
            "ou copiez-le dans un dossier où vous pouvez écrire.",
        )
    if not read_only and not os.access(path.parent, os.W_OK):
        raise errors.ReadOnlyLocationError(
            path,
            f"Le dossier {path.parent} est en lecture seule : la base ne peut pas y être "
            "modifiée. Ouvrez-la en lecture seule ou copiez-la ailleurs.",
        )
    return encrypted


def looks_encrypted(header: bytes, size: int) -> bool:
    """Whether a file whose first bytes are ``header`` can be a SQLCipher (encrypted) base.

    Not a plain SQLite file, not text, whole pages, and a header as random as the salt that
    starts every SQLCipher file (100 random bytes hold about 82 distinct values).
    """
    return (
        len(header) >= HEADER_SIZE
        and not header.startswith(SQLITE_HEADER)
        and size % PAGE_MULTIPLE == 0
        and len(set(header[:HEADER_SIZE])) >= MIN_DISTINCT_HEADER_BYTES
        and not looks_like_text(header)
    )


def check_header(
    path: Path, header: bytes, *, noun: str = "base", hint: str = RESTORE_HINT
) -> None:
    """Raise if ``header`` (the first 100 bytes of ``path``) is not a sound SQLite header.

    ``noun`` names the file in messages ("base", "sauvegarde"); ``hint`` says what to do.
    """
    name = path.name
    if not header:
        raise errors.NotADatabaseError(
            path,
            f"Le fichier {name} est vide (0 octet) : ce n'est pas une base de données. {hint}",
        )
    if not header.startswith(SQLITE_HEADER):
        if looks_like_text(header):
            raise errors.NotADatabaseError(
                path,
                f"Le fichier {name} contient du texte, pas une base de données PEA Desktop "
                f"(un fichier CSV ou texte renommé ?). {hint}",
            )
        raise errors.NotADatabaseError(
            path,
            f"Le fichier {name} n'est pas une base de données PEA Desktop "
            f"(en-tête SQLite absent). Il est peut-être endommagé ou d'un autre type. {hint}",
        )
    if len(header) < HEADER_SIZE or not _header_fields_valid(header):
        raise errors.DamagedDatabaseError(
            path, f"L'en-tête de la {noun} {name} est endommagé. {hint}"
        )
    expected = _expected_size(header)
    actual = path.stat().st_size
    if expected and actual < expected and not _has_journal(path):
        raise errors.DamagedDatabaseError(
            path,
            f"La {noun} {name} est tronquée : il manque la fin du fichier ({_bytes(actual)} sur "
            f"{_bytes(expected)}), sans doute une copie ou un enregistrement interrompu. {hint}",
        )


def _bytes(count: int) -> str:
    return f"{count:,}".replace(",", "\u202f") + " octets"


def _has_journal(path: Path) -> bool:
    """A pending journal may legitimately complete a shorter main file: let SQLite decide."""
    for suffix in ("-wal", "-journal"):
        journal = Path(f"{path}{suffix}")
        if journal.exists() and journal.stat().st_size:
            return True
    return False


def page_size(header: bytes) -> int:
    raw = int.from_bytes(header[16:18], "big")
    return 65536 if raw == 1 else raw


def _header_fields_valid(header: bytes) -> bool:
    size = page_size(header)
    return (
        512 <= size <= 65536
        and size & (size - 1) == 0
        and header[18] in (1, 2)
        and header[19] in (1, 2)
        and header[21:24] == b"\x40\x20\x20"
        and int.from_bytes(header[44:48], "big") in (0, 1, 2, 3, 4)  # schema format
    )


def _expected_size(header: bytes) -> int:
    """File size announced by the header, when SQLite itself would trust it (else 0)."""
    pages = int.from_bytes(header[28:32], "big")
    change_counter, valid_for = header[24:28], header[92:96]
    if pages == 0 or change_counter != valid_for:
        return 0
    return pages * page_size(header)


def looks_like_text(header: bytes) -> bool:
    decoders = (codecs.getincrementaldecoder("utf-8")(), codecs.getincrementaldecoder("cp1252")())
    for decoder in decoders:
        try:
            decoded = decoder.decode(header, final=False)
        except UnicodeDecodeError:
            continue
        return all(c.isprintable() or c in "\r\n\t" for c in decoded.lstrip("\ufeff"))
    return False


def read_only_uri(path: Path) -> str:
    """The URI that reads the base at ``path`` without writing anything beside it.

    In a folder nobody may write to (a CD, a locked share), SQLite cannot create the -shm
    index a WAL base needs, and says "unable to open": that is not a damaged base. There,
    with no -shm left by a writer, the file is read as immutable (nobody can change it).
    """
    path = Path(path).resolve()
    uri = f"{path.as_uri()}?mode=ro"
    if not os.access(path.parent, os.W_OK) and not Path(f"{path}-shm").exists():
        uri += "&immutable=1"
    return uri
