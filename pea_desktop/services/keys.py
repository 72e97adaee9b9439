"""Keys and signatures: the one place where PEA Desktop signs and checks signatures.

Ed25519 through PyNaCl (libsodium). Federation exports (format 3) are signed with the antenna's
key, held by its base (table ``antenna_key``); the exchange between laptops will use the same
functions. What to call:

- :func:`antenna_signing_key` (session, antenna id): the antenna's :class:`SigningKey`, created
  and stored on first use;
- :meth:`SigningKey.sign` (bytes) -> the 64-byte signature; :func:`verify` (public key,
  message, signature) -> bool, never raising for a bad signature or key;
- :func:`fingerprint` (public key): what people compare by phone or mail ("3F2A 9C1B …");
- :func:`encode` / :func:`decode`: keys and signatures as text (base64) inside JSON files.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nacl.exceptions import BadSignatureError
from nacl.exceptions import CryptoError as NaclCryptoError
from nacl.signing import SigningKey as NaclSigningKey
from nacl.signing import VerifyKey

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ALGORITHM = "ed25519"
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64
# 16 bytes of SHA-256 (128 bits): plenty to tell keys apart, short enough to read aloud.
FINGERPRINT_BYTES = 16


@dataclass(frozen=True)
class SigningKey:
    """A private signing key and its public half (32 bytes each)."""

    seed: bytes
    public_key: bytes

    @classmethod
    def generate(cls) -> SigningKey:
        key = NaclSigningKey.generate()
        return cls(bytes(key), bytes(key.verify_key))

    @classmethod
    def from_seed(cls, seed: bytes) -> SigningKey:
        key = NaclSigningKey(seed)
        return cls(seed, bytes(key.verify_key))

    def sign(self, message: bytes) -> bytes:
        return NaclSigningKey(self.seed).sign(message).signature

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def __repr__(self) -> str:  # never print the private half in a log or a traceback
        return f"SigningKey(fingerprint={self.fingerprint!r})"


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``public_key``'s signature of ``message``."""
    if len(public_key) != PUBLIC_KEY_SIZE or len(signature) != SIGNATURE_SIZE:
        return False
    try:
        VerifyKey(public_key).verify(message, signature)
    except (BadSignatureError, NaclCryptoError, ValueError):
        return False
    return True


def fingerprint(public_key: bytes) -> str:
    """The key's fingerprint: 32 hexadecimal digits in groups of four ("3F2A 9C1B …")."""
    digest = hashlib.sha256(public_key).hexdigest()[: FINGERPRINT_BYTES * 2].upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed (spaces, dashes, lower case) in its displayed form."""
    digits = "".join(c for c in text.upper() if c in "0123456789ABCDEF")
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def decode(text: object, size: int) -> bytes | None:
    """``text`` (base64) as ``size`` bytes, or None when it is not that."""
    if not isinstance(text, str) or len(text) > 4 * size:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == size else None


def antenna_signing_key(session: Session, antenna_id: int) -> SigningKey:
    """The antenna's signing key, created (and stored in the base) on first use."""
    # Imported here: checking signatures (the federation's side) needs no database at all.
    from sqlalchemy import select

    from pea_desktop.store.models import AntennaKey

    row = session.scalar(select(AntennaKey).where(AntennaKey.antenna_id == antenna_id))
    if row is None:
        key = SigningKey.generate()
        session.add(
            AntennaKey(
                antenna_id=antenna_id,
                private_key=key.seed.hex(),
                public_key=key.public_key.hex(),
            )
        )
        session.flush()
        return key
    return SigningKey.from_seed(bytes.fromhex(row.private_key))


def antenna_public_key(session: Session, antenna_id: int) -> bytes | None:
    """The antenna's public key, if it has signed anything yet."""
    from sqlalchemy import select

    from pea_desktop.store.models import AntennaKey

    row = session.scalar(select(AntennaKey.public_key).where(AntennaKey.antenna_id == antenna_id))
    return bytes.fromhex(row) if row else None
