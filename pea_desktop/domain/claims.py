"""Expense claims (notes de frais): statuses, legal transitions, locking, numbering.

- brouillon → soumise (soumettre); soumise → brouillon (retirer);
- soumise → approuvée (approuver) or → refusée (refuser, with a reason);
- refusée → brouillon (rouvrir);
- approuvée → payée (payer: date, method, reference) or → abandon de frais (abandonner).

A claim can be edited only as a draft. Approved, paid and waived claims are locked: their lines,
amounts and copied rates never change again. Paying is for claims the volunteer wants
reimbursed; waiving ("abandon de frais", a donation acknowledged by a tax receipt) for those
whose volunteer chose to give up reimbursement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pea_desktop.domain.enums import LabelledEnum


class ClaimStatus(LabelledEnum):
    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "soumise", "Soumise"
    APPROVED = "approuvee", "Approuvée"
    PAID = "payee", "Payée"
    REFUSED = "refusee", "Refusée"
    WAIVED = "abandon", "Abandon de frais"


class ClaimAction(LabelledEnum):
    SUBMIT = "soumettre", "Soumettre"
    WITHDRAW = "retirer", "Remettre en brouillon"
    APPROVE = "approuver", "Approuver"
    REFUSE = "refuser", "Refuser"
    REOPEN = "rouvrir", "Rouvrir en brouillon"
    PAY = "payer", "Enregistrer le paiement"
    WAIVE = "abandonner", "Constater l'abandon de frais"


class PaymentMethod(LabelledEnum):
    TRANSFER = "virement", "Virement"
    CHEQUE = "cheque", "Chèque"
    CASH = "especes", "Espèces"


class ReceiptStatus(LabelledEnum):
    ISSUED = "emis", "Émis"
    CANCELLED = "annule", "Annulé"


TRANSITIONS: dict[tuple[ClaimStatus, ClaimAction], ClaimStatus] = {
    (ClaimStatus.DRAFT, ClaimAction.SUBMIT): ClaimStatus.SUBMITTED,
    (ClaimStatus.SUBMITTED, ClaimAction.WITHDRAW): ClaimStatus.DRAFT,
    (ClaimStatus.SUBMITTED, ClaimAction.APPROVE): ClaimStatus.APPROVED,
    (ClaimStatus.SUBMITTED, ClaimAction.REFUSE): ClaimStatus.REFUSED,
    (ClaimStatus.REFUSED, ClaimAction.REOPEN): ClaimStatus.DRAFT,
    (ClaimStatus.APPROVED, ClaimAction.PAY): ClaimStatus.PAID,
    (ClaimStatus.APPROVED, ClaimAction.WAIVE): ClaimStatus.WAIVED,
}

LOCKED = frozenset({ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.WAIVED})
# Lines of refused claims are not expenses of the association: they leave the yearly distance.
COUNTED = frozenset(set(ClaimStatus) - {ClaimStatus.REFUSED})

WAIVER_SENTENCE = (
    "Je soussigné(e) déclare renoncer expressément au remboursement des frais ci-dessus, "
    "engagés pour l'association dans le cadre de mon activité bénévole, et les lui abandonner "
    "à titre de don."
)
REIMBURSEMENT_SENTENCE = (
    "Je soussigné(e) certifie l'exactitude des frais ci-dessus, engagés pour l'association "
    "dans le cadre de mon activité bénévole, et en demande le remboursement."
)


class ClaimRuleError(ValueError):
    """An action the rules refuse; the message (French) says why."""


def is_locked(status: ClaimStatus) -> bool:
    return status in LOCKED


def is_editable(status: ClaimStatus) -> bool:
    return status is ClaimStatus.DRAFT


def allowed_actions(status: ClaimStatus, waiver: bool) -> list[ClaimAction]:
    """Actions available from ``status``; paying and waiving depend on the volunteer's choice."""
    actions = [action for (source, action) in TRANSITIONS if source is status]
    if waiver:
        return [a for a in actions if a is not ClaimAction.PAY]
    return [a for a in actions if a is not ClaimAction.WAIVE]


def next_status(status: ClaimStatus, action: ClaimAction, waiver: bool) -> ClaimStatus:
    """The status after ``action``, or :class:`ClaimRuleError` when the rules forbid it."""
    target = TRANSITIONS.get((status, action))
    if target is None:
        raise ClaimRuleError(
            f"Action « {action.label} » impossible sur une note « {status.label} »."
        )
    if action is ClaimAction.PAY and waiver:
        raise ClaimRuleError(
            "Le bénévole a renoncé au remboursement : constatez l'abandon de frais au lieu "
            "d'enregistrer un paiement."
        )
    if action is ClaimAction.WAIVE and not waiver:
        raise ClaimRuleError(
            "Le bénévole a demandé le remboursement : enregistrez le paiement, ou changez "
            "d'abord son choix dans le brouillon."
        )
    return target


def ensure_editable(status: ClaimStatus, number: str) -> None:
    if not is_editable(status):
        reason = "verrouillée" if is_locked(status) else f"« {status.label} »"
        raise ClaimRuleError(
            f"La note {number} est {reason} : elle ne peut plus être modifiée"
            + (" (remettez-la d'abord en brouillon)." if not is_locked(status) else ".")
        )


# --- Numbers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SequenceNumber:
    prefix: str
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}-{self.seq:04d}"


_NUMBER = re.compile(r"^(NF|RF)-(\d{4})-(\d{4,})$")


def claim_number(year: int, seq: int) -> str:
    """``NF-2025-0042``."""
    return str(SequenceNumber("NF", year, seq))


def receipt_number(year: int, seq: int) -> str:
    """``RF-2025-0007`` (reçu fiscal)."""
    return str(SequenceNumber("RF", year, seq))


def parse_number(text: str) -> SequenceNumber:
    match = _NUMBER.match(text.strip().upper())
    if not match:
        raise ValueError(text)
    return SequenceNumber(match.group(1), int(match.group(2)), int(match.group(3)))
