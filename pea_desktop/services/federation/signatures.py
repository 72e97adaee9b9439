"""Signing an antenna's federation export, and checking the signature of one received.

The signature (format version 3) covers the same canonical bytes as the checksum
(``federation_format.canonical_bytes``); the keys themselves are :mod:`pea_desktop.services.keys`.
Whether the key is the antenna's *known* key is the register's business
(:mod:`pea_desktop.services.federation.key_register`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pea_desktop.domain.federation_format import (
    SIGNATURE_FIELD,
    canonical_bytes,
    is_signed_version,
)
from pea_desktop.services import keys

UNSIGNED = "non signé"


class BadSignature(Exception):
    """The file's signature does not hold; the message says why, in French."""


@dataclass(frozen=True)
class Signer:
    """Who signed a file: the public key it carries and its fingerprint."""

    public_key: bytes

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.public_key)

    @property
    def encoded(self) -> str:
        return keys.encode(self.public_key)


def sign_document(document: dict[str, Any], key: keys.SigningKey) -> dict[str, Any]:
    """``document`` (sealed, version 3) with its ``signature`` block, last."""
    body = {k: v for k, v in document.items() if k != SIGNATURE_FIELD}
    signature = key.sign(canonical_bytes(body))
    return {
        **body,
        SIGNATURE_FIELD: {
            "algorithm": keys.ALGORITHM,
            "public_key": keys.encode(key.public_key),
            "value": keys.encode(signature),
        },
    }


def check_signature(document: dict[str, Any]) -> Signer | None:
    """The signer of a version 3 document whose signature holds; None for versions 1 and 2.

    Raises :class:`BadSignature` when a version 3 document's signature is missing, malformed or
    does not match its content (figures edited after signing, signature copied from another
    file).
    """
    if not is_signed_version(document):
        return None
    block = document.get(SIGNATURE_FIELD)
    if not isinstance(block, dict):
        raise BadSignature("signature absente alors que la version 3 du format en exige une")
    if block.get("algorithm") != keys.ALGORITHM:
        raise BadSignature(f"algorithme de signature « {block.get('algorithm')} » inconnu")
    public_key = keys.decode(block.get("public_key"), keys.PUBLIC_KEY_SIZE)
    value = keys.decode(block.get("value"), keys.SIGNATURE_SIZE)
    if public_key is None or value is None:
        raise BadSignature("signature illisible (clé ou valeur mal formée)")
    if not keys.verify(public_key, canonical_bytes(document), value):
        raise BadSignature(
            "signature invalide : le contenu a été modifié après la signature de l'antenne "
            "(chiffres falsifiés ?)"
        )
    return Signer(public_key)
