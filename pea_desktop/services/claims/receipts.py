"""Receipts: files attached to expense lines, and tax receipts (reçus fiscaux) for waivers.

Attached files are copied into the data folder, beside the database, under their SHA-256
(``justificatifs/<sha256>.pdf``): the same file attached twice is stored once, and a renamed or
moved original does not matter.

A tax receipt has its own number per year (``RF-2025-0007``) and copies everything it prints, so
that it never changes once issued. A mistake is corrected by cancelling it (the reason is kept)
and issuing a new one that replaces it.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import tempfile
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.claims import ClaimStatus, ReceiptStatus, is_locked, receipt_number
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.os_errors import describe_os_error
from pea_desktop.services.acting_user import acting_user
from pea_desktop.services.association import association_in
from pea_desktop.services.input_files import not_regular_reason, read_regular_file
from pea_desktop.store.backup import OWNER_ONLY
from pea_desktop.store.claims_models import TaxReceipt
from pea_desktop.store.database import Database
from pea_desktop.store.models import ExpenseClaim, ExpenseLine, ReceiptFile, utcnow
from pea_desktop.store.numbering import highest_seq

ATTACHMENTS_FOLDER = "justificatifs"
ACCEPTED_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".heic"}
MAX_FILE_BYTES = 25 * 1024 * 1024


def attachments_dir(db: Database) -> Path:
    return db.path.parent / ATTACHMENTS_FOLDER


def _sha256_of_stored(path: Path) -> str | None:
    """The checksum of a file already in the folder; None when it is missing or unreadable."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _read_source(source: Path) -> tuple[str, bytes]:
    """The stored suffix and the bytes of ``source``: a regular, readable file of 25 Mo at most
    (a pipe, a folder or a device is named as such, not as missing)."""
    suffix = source.suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES and not_regular_reason(source) is None:
        raise BadInputError(
            f"{source.name} : seuls les PDF et les images sont acceptés comme justificatifs."
        )
    try:
        data = read_regular_file(source, MAX_FILE_BYTES, what="Le justificatif")
    except BadInputError as exc:
        if "trop gros" in exc.message:
            raise BadInputError(
                f"{source.name} dépasse 25 Mo : réduisez-le ou scannez-le en PDF."
            ) from exc
        raise
    if suffix not in ACCEPTED_SUFFIXES:
        raise BadInputError(
            f"{source.name} : seuls les PDF et les images sont acceptés comme justificatifs."
        )
    return (".jpg" if suffix == ".jpeg" else suffix), data


def _attachments_folder(folder: Path) -> None:
    """Make sure the owner-only folder of receipts exists and is a folder (French errors)."""
    if folder.exists() and not folder.is_dir():
        raise BadInputError(
            f"Le dossier des justificatifs {folder} est occupé par un fichier du même nom : "
            "renommez ce fichier puis réessayez."
        )
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)  # receipts are personal: bills, names, addresses
    except OSError as exc:
        raise BadInputError(
            f"Impossible de préparer le dossier des justificatifs {folder} : "
            f"{describe_os_error(exc)}."
        ) from exc


def _store_copy(name: str, data: bytes, target: Path) -> None:
    """Write under a temporary name then rename: never a half-copied receipt."""
    _attachments_folder(target.parent)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".copie-", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, OWNER_ONLY)
        os.replace(temporary, target)
    except OSError as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise BadInputError(
            f"Impossible de copier {name} dans {target.parent} : {describe_os_error(exc)}."
        ) from exc


def _line_open_for_receipts(session: Session, line_id: int) -> ExpenseLine:
    line = session.get(ExpenseLine, line_id)
    if line is None or line.deleted_at is not None:
        raise BadInputError("Cette dépense n'existe plus.")
    if line.claim is not None and is_locked(line.claim.status):
        raise BadInputError(
            f"La note {line.claim.number} est verrouillée : ses justificatifs ne changent plus."
        )
    return line


def attach_file(db: Database, line_id: int, source: Path) -> int:
    """Copy ``source`` into the data folder and attach it to the expense line."""
    source = Path(source)
    suffix, data = _read_source(source)
    with db.session() as session:
        _line_open_for_receipts(session, line_id)
        checksum = hashlib.sha256(data).hexdigest()
        stored_name = f"{checksum}{suffix}"
        target = attachments_dir(db) / stored_name
        if _sha256_of_stored(target) != checksum:
            _store_copy(source.name, data, target)
        receipt = ReceiptFile(
            expense_line_id=line_id,
            sha256=checksum,
            stored_name=stored_name,
            original_name=source.name,
            size=len(data),
            media_type=mimetypes.guess_type(source.name)[0] or "",
        )
        session.add(receipt)
        session.flush()
        return receipt.id


def receipt_file(db: Database, receipt_id: int) -> Path:
    """Where the attached file is, to open it; :class:`BadInputError` if it went missing."""
    with db.session() as session:
        receipt = session.get(ReceiptFile, receipt_id)
        if receipt is None or receipt.deleted_at is not None:
            raise BadInputError("Ce justificatif n'existe plus.")
        path = attachments_dir(db) / receipt.stored_name
        if not path.is_file():
            raise BadInputError(
                f"Le fichier du justificatif « {receipt.original_name} » est introuvable "
                f"({path}). Restaurez le dossier {ATTACHMENTS_FOLDER} de la sauvegarde."
            )
        return path


def remove_receipt(db: Database, receipt_id: int) -> None:
    """Detach (to the bin) a receipt; the stored file may serve other lines and stays."""
    with db.session() as session:
        receipt = session.get(ReceiptFile, receipt_id)
        if receipt is None or receipt.deleted_at is not None:
            return
        _line_open_for_receipts(session, receipt.expense_line_id)
        receipt.deleted_at = utcnow()


# --- Tax receipts ---------------------------------------------------------------------------


def _issuer(session: Session) -> AssociationInfo:
    issuer = association_in(session) or AssociationInfo()
    missing = []
    if not issuer.name:
        missing.append("le nom de l'association")
    if not (issuer.address and issuer.city):
        missing.append("son adresse")
    if not (issuer.rna or issuer.siren):
        missing.append("son numéro RNA ou SIREN")
    if not issuer.purpose:
        missing.append("son objet")
    if not issuer.signatory_name:
        missing.append("le nom du signataire")
    if missing:
        raise BadInputError(
            "Le reçu fiscal ne peut pas être émis : complétez les paramètres de l'association.",
            [f"Indiquez {item}." for item in missing],
        )
    return issuer


def claim_total(claim: ExpenseClaim) -> Decimal:
    return sum(
        (line.amount or Decimal(0) for line in claim.lines if line.deleted_at is None),
        Decimal(0),
    )


def issue_tax_receipt(
    session: Session,
    claim: ExpenseClaim,
    actor: str | None,
    today: date,
    replaces: TaxReceipt | None = None,
) -> TaxReceipt:
    """Number and freeze a tax receipt for a waived claim (inside the caller's transaction)."""
    amount = claim_total(claim)
    if amount <= 0:
        raise BadInputError(f"La note {claim.number} est de 0 € : aucun reçu fiscal à émettre.")
    issuer = _issuer(session)
    volunteer = claim.volunteer
    if not (volunteer.address.strip() and volunteer.city.strip()):
        raise BadInputError(
            "Le reçu fiscal ne peut pas être émis : l'adresse du donateur "
            f"{volunteer.full_name} manque. Complétez sa fiche de bénévole."
        )
    year = today.year
    seq = highest_seq(session, "tax_receipt", year) + 1  # every antenna's, under RLS too
    receipt = TaxReceipt(
        number=receipt_number(year, seq),
        year=year,
        seq=seq,
        claim_id=claim.id,
        volunteer_id=volunteer.id,
        status=ReceiptStatus.ISSUED,
        amount=amount,
        donation_date=replaces.donation_date if replaces else today,
        issued_on=today,
        issued_by=acting_user(session, actor),
        donor_name=f"{volunteer.first_name} {volunteer.last_name.upper()}".strip(),
        donor_address=volunteer.postal_address,
        # What the receipt prints; the bank account is no business of the receipt.
        association_json=json.dumps(
            {k: v for k, v in asdict(issuer).items() if k not in ("iban", "bic")},
            ensure_ascii=False,
        ),
        replaces_id=replaces.id if replaces else None,
    )
    session.add(receipt)
    session.flush()
    return receipt


def current_receipt(session: Session, claim_id: int) -> str:
    """The number of the claim's valid tax receipt ("" if none)."""
    number = session.scalar(
        select(TaxReceipt.number).where(
            TaxReceipt.claim_id == claim_id, TaxReceipt.status == ReceiptStatus.ISSUED
        )
    )
    return number or ""


def _issued(session: Session, receipt_id: int) -> TaxReceipt:
    receipt = session.get(TaxReceipt, receipt_id)
    if receipt is None:
        raise BadInputError("Ce reçu fiscal n'existe pas.")
    if receipt.status is not ReceiptStatus.ISSUED:
        raise BadInputError(f"Le reçu {receipt.number} est déjà annulé.")
    return receipt


def _cancel(session: Session, receipt: TaxReceipt, reason: str, actor: str | None) -> None:
    if not reason.strip():
        raise BadInputError(f"Indiquez pourquoi le reçu {receipt.number} est annulé.")
    receipt.status = ReceiptStatus.CANCELLED
    receipt.cancelled_at = utcnow()
    receipt.cancelled_by = acting_user(session, actor)
    receipt.cancel_reason = reason.strip()
    session.flush()


def cancel_tax_receipt(
    db: Database, receipt_id: int, reason: str, actor: str | None = None
) -> None:
    """Cancel without replacement (the donation did not take place); the receipt stays listed."""
    with db.session() as session:
        _cancel(session, _issued(session, receipt_id), reason, actor)


def reissue_tax_receipt(
    db: Database, receipt_id: int, reason: str, actor: str | None = None, today: date | None = None
) -> str:
    """Cancel a receipt and issue its replacement (new number, current details); all or nothing."""
    with db.session() as session:
        old = _issued(session, receipt_id)
        _cancel(session, old, reason, actor)
        new = issue_tax_receipt(session, old.claim, actor, today or date.today(), replaces=old)
        return new.number


def issue_missing_receipt(
    db: Database, claim_id: int, actor: str | None = None, today: date | None = None
) -> str:
    """A receipt for a waived claim whose receipt was cancelled without replacement."""
    with db.session() as session:
        claim = session.get(ExpenseClaim, claim_id)
        if claim is None or claim.status is not ClaimStatus.WAIVED:
            raise BadInputError("Seule une note en abandon de frais donne lieu à un reçu fiscal.")
        current = session.scalar(
            select(TaxReceipt.number).where(
                TaxReceipt.claim_id == claim_id, TaxReceipt.status == ReceiptStatus.ISSUED
            )
        )
        if current:
            raise BadInputError(f"La note {claim.number} a déjà le reçu {current}.")
        return issue_tax_receipt(session, claim, actor, today or date.today()).number
