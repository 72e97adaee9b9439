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

    from pea_desktop.store.exchange_models import ExchangeLaptop

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


# --- Exchange between laptops (.pea files): encryption to the recipient, keys from a code. ---
# X25519 + XSalsa20-Poly1305 (``nacl.public.Box``) encrypts a file for one recipient and
# authenticates it between the two laptops; the Ed25519 signature above says which laptop wrote
# it. Invitations are sealed with a key derived from a one-time code by Argon2id
# (``nacl.pwhash``) and ``nacl.secret.SecretBox``.

BOX_KEY_SIZE = 32
CODE_SALT_SIZE = 16  # nacl.pwhash.argon2id.SALTBYTES


@dataclass(frozen=True)
class BoxKey:
    """A private X25519 key (to decrypt what is sent to this laptop) and its public half."""

    secret: bytes
    public_key: bytes

    @classmethod
    def generate(cls) -> BoxKey:
        from nacl.public import PrivateKey

        key = PrivateKey.generate()
        return cls(bytes(key), bytes(key.public_key))

    @classmethod
    def from_secret(cls, secret: bytes) -> BoxKey:
        from nacl.public import PrivateKey

        return cls(secret, bytes(PrivateKey(secret).public_key))

    def __repr__(self) -> str:  # never print the private half
        return f"BoxKey(fingerprint={fingerprint(self.public_key)!r})"


def encrypt_for(sender: BoxKey, recipient_public_key: bytes, plaintext: bytes) -> bytes:
    """``plaintext`` encrypted for the recipient (nonce included), authenticated by the sender."""
    from nacl.public import Box, PrivateKey, PublicKey

    box = Box(PrivateKey(sender.secret), PublicKey(recipient_public_key))
    return bytes(box.encrypt(plaintext))


def decrypt_from(recipient: BoxKey, sender_public_key: bytes, ciphertext: bytes) -> bytes | None:
    """What :func:`encrypt_for` encrypted, or None when it was altered or not for this key."""
    from nacl.public import Box, PrivateKey, PublicKey

    if len(sender_public_key) != BOX_KEY_SIZE:
        return None
    try:
        box = Box(PrivateKey(recipient.secret), PublicKey(sender_public_key))
        return bytes(box.decrypt(ciphertext))
    except (NaclCryptoError, ValueError, TypeError):
        return None


def new_code_salt() -> bytes:
    import nacl.utils

    return bytes(nacl.utils.random(CODE_SALT_SIZE))


def _code_key(code: str, salt: bytes) -> bytes:
    from nacl import pwhash
    from nacl.secret import SecretBox

    normalised = "".join(c for c in code.upper() if c.isalnum()).encode("ascii", "ignore")
    return bytes(
        pwhash.argon2id.kdf(
            SecretBox.KEY_SIZE,
            normalised,
            salt,
            opslimit=pwhash.argon2id.OPSLIMIT_INTERACTIVE,
            memlimit=pwhash.argon2id.MEMLIMIT_INTERACTIVE,
        )
    )


def seal_with_code(code: str, salt: bytes, plaintext: bytes) -> bytes:
    """``plaintext`` encrypted with a key derived from a one-time code (Argon2id)."""
    from nacl.secret import SecretBox

    return bytes(SecretBox(_code_key(code, salt)).encrypt(plaintext))


def open_with_code(code: str, salt: bytes, ciphertext: bytes) -> bytes | None:
    """What :func:`seal_with_code` sealed, or None for a wrong code or an altered file."""
    from nacl.secret import SecretBox

    if len(salt) != CODE_SALT_SIZE:
        return None
    try:
        return bytes(SecretBox(_code_key(code, salt)).decrypt(ciphertext))
    except (NaclCryptoError, ValueError, TypeError):
        return None


def new_invitation_code() -> str:
    """A one-time code to read aloud: 12 characters without look-alikes, "ABCD-EFGH-JKMN"."""
    import secrets

    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def random_token(size: int = 32) -> bytes:
    import nacl.utils

    return bytes(nacl.utils.random(size))


@dataclass(frozen=True)
class LaptopKeys:
    """This base's identity in the exchange: its UUID, signing key and encryption key."""

    uuid: str
    role: str
    signing: SigningKey
    box: BoxKey


def laptop_keys(
    session: Session,
    *,
    role: str | None = None,
    renew: bool = False,
    antenna_uuid: str | None = None,
) -> LaptopKeys:
    """This base's exchange keys, created (and stored in the base) on first use.

    ``renew`` gives the base a new identity (a volunteer joining again from a new invitation);
    ``role`` sets the role when creating or renewing. ``antenna_uuid``: on a server base, the
    coordination of each antenna has its own identity (its coordinators see only theirs, under
    row-level security); a laptop's base has one.
    """
    from sqlalchemy import select

    from pea_desktop.store.exchange_models import ROLE_COORDINATOR, ExchangeLaptop

    query = select(ExchangeLaptop).order_by(ExchangeLaptop.id)
    if antenna_uuid is not None:
        query = query.where(ExchangeLaptop.antenna_uuid == antenna_uuid)
    row = session.scalar(query)
    if row is None or renew:
        signing, box = SigningKey.generate(), BoxKey.generate()
        if row is None:
            row = ExchangeLaptop(role=role or ROLE_COORDINATOR, antenna_uuid=antenna_uuid or "")
            session.add(row)
        else:
            import uuid as uuid_module

            row.uuid = str(uuid_module.uuid4())
            row.role = role or row.role
        row.signing_seed = signing.seed.hex()
        row.box_secret = box.secret.hex()
        session.flush()
    elif role is not None and row.role != role:
        row.role = role
        session.flush()
    return _keys_of(row)


def identity_named(session: Session, uuid: object) -> LaptopKeys | None:
    """The identity of this base called ``uuid`` (a file's addressee), if this login sees it."""
    from sqlalchemy import select

    from pea_desktop.store.exchange_models import ExchangeLaptop

    row = session.scalar(select(ExchangeLaptop).where(ExchangeLaptop.uuid == str(uuid)))
    return None if row is None else _keys_of(row)


def _keys_of(row: ExchangeLaptop) -> LaptopKeys:
    return LaptopKeys(
        row.uuid,
        row.role,
        SigningKey.from_seed(bytes.fromhex(row.signing_seed)),
        BoxKey.from_secret(bytes.fromhex(row.box_secret)),
    )
