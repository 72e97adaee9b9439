"""The ``.pea`` file: a small clear header, an encrypted body, a signature (docs/formats.md).

Layout (all integers big-endian)::

    8 bytes   magic  b"PEAECHG\\0"
    2 bytes   format version (1)
    4 bytes   header length H, then H bytes of header (JSON, UTF-8): what the file is (an
              invitation or data), which laptop wrote it and for which, the writer's public keys
              (and for an invitation, the salt of its code). No name, place, note or reference.
    8 bytes   body length B, then B bytes of body: encrypted (nacl.public.Box for data,
              nacl.secret.SecretBox with a key derived from the code for an invitation)
    64 bytes  Ed25519 signature, by the writer's key, of every byte before it

The body, once decrypted, is ``4 bytes n`` + ``n bytes of zlib-compressed JSON`` + the receipt
files one after another (the JSON says where each starts, its size and its SHA-256).
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services import keys

MAGIC = b"PEAECHG\0"
VERSION = 1
READABLE_VERSIONS = (1,)
MAX_HEADER = 16 * 1024
MAX_FILE = 1024 * 1024 * 1024  # 1 Gio: a year of receipts is far less
MAX_JSON = 256 * 1024 * 1024
KIND_INVITATION, KIND_DATA = "invitation", "data"


class ExchangeFileError(BadInputError):
    """A ``.pea`` file refused; nothing was changed."""


@dataclass(frozen=True)
class Envelope:
    """A file whose signature was checked: its clear header and its still encrypted body."""

    version: int
    header: dict[str, Any]
    body: bytes
    sha256: str
    sender_signing_key: bytes
    sender_box_key: bytes


def pack_body(document: dict[str, Any], blobs: list[bytes]) -> bytes:
    packed = zlib.compress(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6
    )
    return struct.pack(">I", len(packed)) + packed + b"".join(blobs)


def unpack_body(name: str, plain: bytes) -> tuple[dict[str, Any], memoryview]:
    """The JSON document and the blob area of a decrypted body."""
    if len(plain) < 4:
        raise ExchangeFileError(f"{name} : contenu illisible.")
    (size,) = struct.unpack(">I", plain[:4])
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(plain[4 : 4 + size], MAX_JSON)
        if inflater.unconsumed_tail:
            raise ExchangeFileError(f"{name} : contenu trop volumineux.")
        document = json.loads(raw.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError) as exc:
        raise ExchangeFileError(f"{name} : contenu illisible.") from exc
    if not isinstance(document, dict):
        raise ExchangeFileError(f"{name} : contenu illisible.")
    return document, memoryview(plain)[4 + size :]


def seal(header: dict[str, Any], body: bytes, signing: keys.SigningKey) -> bytes:
    head = json.dumps(header, sort_keys=True).encode("utf-8")
    signed = (
        MAGIC
        + struct.pack(">H", VERSION)
        + struct.pack(">I", len(head))
        + head
        + struct.pack(">Q", len(body))
        + body
    )
    return signed + signing.sign(signed)


def read_file(path: Path) -> bytes:
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise ExchangeFileError(f"{name} : fichier trop volumineux pour un échange.")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ExchangeFileError(f"Le fichier {path} n'existe pas.") from exc
    except IsADirectoryError as exc:
        raise ExchangeFileError(f"{path} est un dossier, pas un fichier d'échange.") from exc
    except OSError as exc:
        raise ExchangeFileError(f"{name} : lecture impossible ({exc.strerror}).") from exc


def open_envelope(name: str, data: bytes) -> Envelope:
    """Check the layout and the signature (by the key the header names); never decrypts."""
    if not data.startswith(MAGIC):
        raise ExchangeFileError(f"{name} n'est pas un fichier d'échange PEA Desktop (.pea).")
    truncated = ExchangeFileError(
        f"{name} est incomplet (tronqué pendant la copie ?) : demandez-le à nouveau. "
        "Rien n'a été modifié."
    )
    if len(data) < len(MAGIC) + 6:
        raise truncated
    (version,) = struct.unpack(">H", data[8:10])
    if version not in READABLE_VERSIONS:
        raise ExchangeFileError(
            f"{name} est au format d'échange {version}, plus récent que ce logiciel : "
            "mettez PEA Desktop à jour."
        )
    (head_size,) = struct.unpack(">I", data[10:14])
    if head_size > MAX_HEADER:
        raise ExchangeFileError(f"{name} : en-tête invalide.")
    body_at = 14 + head_size + 8
    if len(data) < body_at + keys.SIGNATURE_SIZE:
        raise truncated
    (body_size,) = struct.unpack(">Q", data[body_at - 8 : body_at])
    end = body_at + body_size
    if len(data) < end + keys.SIGNATURE_SIZE:
        raise truncated
    altered = ExchangeFileError(
        f"{name} a été modifié ou abîmé depuis son envoi (signature invalide) : refusé, "
        "rien n'a été modifié."
    )
    if len(data) != end + keys.SIGNATURE_SIZE:
        raise altered
    try:
        header = json.loads(data[14 : 14 + head_size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise altered from exc
    if not isinstance(header, dict):
        raise altered
    signing_key = keys.decode(header.get("signing_key"), keys.PUBLIC_KEY_SIZE)
    box_key = keys.decode(header.get("box_key"), keys.BOX_KEY_SIZE)
    if signing_key is None or box_key is None:
        raise altered
    if not keys.verify(signing_key, data[:end], data[end:]):
        raise altered
    return Envelope(
        version,
        header,
        data[body_at:end],
        hashlib.sha256(data).hexdigest(),
        signing_key,
        box_key,
    )
