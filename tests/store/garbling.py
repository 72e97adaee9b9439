"""Ways a database file gets damaged in real life, applied to a copy of a populated base."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

from pea_desktop.store.database import open_database

FIXTURES = Path(__file__).parent.parent / "fixtures"
PAGE = 4096


def populated_database(path: Path) -> Path:
    """A base at the head schema holding the representative rows of the oldest fixture."""
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", path)
    open_database(path).close()  # migrates, then checkpoints its journal on close
    return path


def truncate_half(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def truncate_mid_page(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(PAGE + 1, len(data) - 1)])


def truncate_to_header(path: Path, rng: random.Random) -> None:
    path.write_bytes(path.read_bytes()[:100])


def truncate_inside_header(path: Path, rng: random.Random) -> None:
    path.write_bytes(path.read_bytes()[: rng.randrange(20, 99)])


def random_header(path: Path, rng: random.Random) -> None:
    """Random bytes over the header fields, after the "SQLite format 3" signature."""
    data = bytearray(path.read_bytes())
    data[16:100] = rng.randbytes(84)
    path.write_bytes(bytes(data))


def random_signature(path: Path, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    data[0:16] = rng.randbytes(16)
    path.write_bytes(bytes(data))


def random_page(path: Path, rng: random.Random) -> None:
    """A whole page (not the first) overwritten by random bytes, as by a failing disk."""
    data = bytearray(path.read_bytes())
    page = rng.randrange(1, len(data) // PAGE)
    data[page * PAGE : (page + 1) * PAGE] = rng.randbytes(PAGE)
    path.write_bytes(bytes(data))


def zero_length(path: Path, rng: random.Random) -> None:
    path.write_bytes(b"")


def renamed_text_file(path: Path, rng: random.Random) -> None:
    path.write_text("prénom;nom;antenne\nAmélie;Dupré;LYO\n", encoding="utf-8")


def renamed_binary_file(path: Path, rng: random.Random) -> None:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(3000))


Garbler = Callable[[Path, random.Random], None]

# garbler -> (error class name, words the French message must contain)
CASES: dict[str, tuple[Garbler, str, str]] = {
    "tronquée de moitié": (truncate_half, "DamagedDatabaseError", "est tronquée"),
    "tronquée en milieu de page": (truncate_mid_page, "DamagedDatabaseError", "est tronquée"),
    "réduite à l'en-tête": (truncate_to_header, "DamagedDatabaseError", "est tronquée"),
    "coupée dans l'en-tête": (truncate_inside_header, "DamagedDatabaseError", "L'en-tête"),
    "en-tête aléatoire": (random_header, "DamagedDatabaseError", "L'en-tête de la base"),
    "signature aléatoire": (random_signature, "NotADatabaseError", "en-tête SQLite absent"),
    "page aléatoire": (random_page, "DamagedDatabaseError", "est endommagée :"),
    "fichier vide": (zero_length, "NotADatabaseError", "est vide (0 octet)"),
    "texte renommé": (renamed_text_file, "NotADatabaseError", "contient du texte"),
    "PDF renommé": (renamed_binary_file, "NotADatabaseError", "en-tête SQLite absent"),
}
