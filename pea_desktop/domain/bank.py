"""Bank details of volunteers and of the association: IBAN and BIC checked, and shown masked.

IBANs are personal data: screens, PDFs, exports and logs only ever show :func:`mask_iban`; the
full number leaves the base only inside the SEPA transfer file the treasurer asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException


@dataclass(frozen=True)
class BankAccount:
    iban: str  # compact: FR7630006000011234567890189
    bic: str  # compact: AGRIFRPP or AGRIFRPPXXX


def _compact(text: str) -> str:
    return "".join(text.split()).upper()


def check_iban(text: str, where: str = "IBAN") -> tuple[str, list[str]]:
    """The compact IBAN, or "" with the French problem found (empty input: no problem)."""
    compact = _compact(text)
    if not compact:
        return "", []
    try:
        return IBAN(compact).compact, []
    except (SchwiftyException, ValueError):
        # The number is not repeated in full: messages end up in logs and screenshots.
        return "", [f"{where} : {mask_iban(compact)} n'est pas un IBAN valable (vérifiez-le)."]


def check_bic(text: str, iban: str = "", where: str = "BIC") -> tuple[str, list[str]]:
    """The compact BIC (guessed from a French IBAN when left empty), or "" with the problem."""
    compact = _compact(text)
    if not compact:
        if iban:
            try:
                guessed = IBAN(iban).bic
            except (SchwiftyException, ValueError):
                guessed = None
            if guessed is not None:
                return str(guessed.compact), []
        return "", []
    try:
        return BIC(compact).compact, []
    except (SchwiftyException, ValueError):
        return "", [f"{where} : « {text.strip()} » n'est pas un BIC valable (8 ou 11 caractères)."]


def check_account(iban: str, bic: str, where: str = "") -> tuple[BankAccount | None, list[str]]:
    """Both checked together: an IBAN without a BIC it can be routed with is refused."""
    prefix = f"{where}, " if where else ""
    clean_iban, problems = check_iban(iban, f"{prefix}IBAN")
    clean_bic, bic_problems = check_bic(bic, clean_iban, f"{prefix}BIC")
    problems += bic_problems
    if problems:
        return None, problems
    if not clean_iban and clean_bic:
        return None, [f"{prefix}BIC : indiquez aussi l'IBAN."]
    if clean_iban and not clean_bic:
        return None, [f"{prefix}BIC : indiquez le BIC de la banque (8 ou 11 caractères)."]
    return BankAccount(clean_iban, clean_bic), []


def mask_iban(iban: str) -> str:
    """ "FR76 •••• •••• •••• •••• •••0 189": country, key and the last four characters only."""
    compact = _compact(iban)
    if not compact:
        return ""
    if len(compact) < 10:
        return "•" * len(compact)
    hidden = compact[:4] + "•" * (len(compact) - 8) + compact[-4:]
    return " ".join(hidden[i : i + 4] for i in range(0, len(hidden), 4))
