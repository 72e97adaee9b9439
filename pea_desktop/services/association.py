"""The association's own details (name, address, RNA, status, bank account, signatory): what
every document prints.

Below both capabilities that need them: organisation sets them up and edits them, claims print
them on forms and tax receipts and pay from the bank account.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from sqlalchemy.orm import Session

from pea_desktop.domain.association import (
    AssociationInfo,
    AssociationStatus,
    DonationForm,
    identifier_problems,
)
from pea_desktop.domain.bank import check_account
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.limits import ASSOCIATION_TEXTS, length_problems
from pea_desktop.store.database import Database
from pea_desktop.store.models import AssociationSettings

MAX_SIGNATURE_BYTES = 2 * 1024 * 1024


def association_in(session: Session) -> AssociationInfo | None:
    """The association's details as saved, or ``None`` before the first set-up."""
    row = session.get(AssociationSettings, 1)
    if row is None:
        return None
    values: dict[str, Any] = {}
    for f in fields(AssociationInfo):
        value = getattr(row, f.name)
        values[f.name] = bool(value) if f.name == "article_978" else (value or "")
    return AssociationInfo(**values)


def checked(info: AssociationInfo) -> AssociationInfo:
    """``info`` trimmed, its identifiers and bank account checked (BadInputError listing all)."""
    problems = []
    if not info.name.strip():
        problems.append("Indiquez le nom de l'association.")
    problems += length_problems(ASSOCIATION_TEXTS, {"name": info.name}).values()
    problems += identifier_problems(info.rna, info.siren)
    if info.status not in {s.value for s in AssociationStatus}:
        problems.append(f"Qualité de l'organisme « {info.status} » inconnue.")
    if info.donation_form not in {f.value for f in DonationForm}:
        problems.append(f"Forme du don « {info.donation_form} » inconnue.")
    account, bank_problems = check_account(info.iban, info.bic, "compte de l'association")
    problems += bank_problems
    if problems:
        raise BadInputError("Les paramètres de l'association ne sont pas enregistrés.", problems)
    trimmed = {
        f.name: getattr(info, f.name).strip()
        for f in fields(AssociationInfo)
        if isinstance(getattr(info, f.name), str)
    }
    trimmed.update(
        rna="".join(info.rna.split()).upper(),
        siren="".join(info.siren.split()),
        iban=account.iban if account else "",
        bic=account.bic if account else "",
    )
    return replace(info, **trimmed)


def write_association(session: Session, info: AssociationInfo) -> None:
    """Save ``info`` (trimmed) as the association's single row, inside the caller's transaction."""
    row = session.get(AssociationSettings, 1) or AssociationSettings(id=1)
    for f in fields(AssociationInfo):
        value = getattr(info, f.name)
        setattr(row, f.name, value.strip() if isinstance(value, str) else value)
    session.add(row)


def load_association(db: Database) -> AssociationInfo:
    with db.session() as session:
        return association_in(session) or AssociationInfo()


def save_association(db: Database, info: AssociationInfo) -> None:
    info = checked(info)
    with db.session() as session:
        write_association(session, info)


def signature_image(db: Database) -> bytes | None:
    """The signatory's scanned signature, if one was given."""
    with db.session() as session:
        row = session.get(AssociationSettings, 1)
        return None if row is None else row.signature_image


def image_problem(data: bytes) -> str | None:
    """Why ``data`` cannot serve as a signature (French), None when it is a PNG or JPEG."""
    if len(data) > MAX_SIGNATURE_BYTES:
        return "L'image de la signature dépasse 2 Mo : réduisez-la."
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        return "La signature doit être une image PNG ou JPEG."
    return None


def set_signature_image(db: Database, data: bytes | None) -> None:
    """Store (or with ``None`` remove) the signatory's scanned signature."""
    if data is not None:
        problem = image_problem(data)
        if problem:
            raise BadInputError(problem)
    with db.session() as session:
        row = session.get(AssociationSettings, 1)
        if row is None:
            raise BadInputError("Enregistrez d'abord le nom de l'association.")
        row.signature_image = data
