"""The association's own details: what the settings hold and what documents print."""

from __future__ import annotations

from dataclasses import dataclass

from pea_desktop.domain.enums import LabelledEnum
from pea_desktop.domain.text import fold


class AssociationStatus(LabelledEnum):
    """The "qualité de l'organisme" boxes of Cerfa n°11580*05 an association may tick."""

    PUBLIC_UTILITY = (
        "utilite_publique",
        "Association ou fondation reconnue d'utilité publique",
    )
    GENERAL_INTEREST = "interet_general", "Œuvre ou organisme d'intérêt général"
    HELP_IN_NEED = (
        "aide_personnes_en_difficulte",
        "Association fournissant gratuitement une aide alimentaire ou des soins médicaux à des "
        "personnes en difficulté ou favorisant leur logement",
    )
    WORSHIP_CHARITY = (
        "bienfaisance_alsace_moselle",
        "Association cultuelle ou de bienfaisance et établissement public des cultes reconnus "
        "d'Alsace-Moselle",
    )
    OTHER = "autre", "Autre organisme"


class DonationForm(LabelledEnum):
    """The "forme du don" boxes of the Cerfa."""

    AUTHENTIC_DEED = "acte_authentique", "Acte authentique"
    PRIVATE_DEED = "acte_sous_seing_prive", "Acte sous seing privé"
    MANUAL_GIFT = "declaration_don_manuel", "Déclaration de don manuel"
    OTHER = "autre", "Autres"


def status_from_text(text: str) -> AssociationStatus:
    """A status from its code or its label, typed however (accents, case); ValueError otherwise."""
    wanted = fold(text).replace("-", " ").replace("_", " ").strip()
    for status in AssociationStatus:
        for name in (status.value, status.label):
            if fold(name).replace("-", " ").replace("_", " ") == wanted:
                return status
    short = {"rup": AssociationStatus.PUBLIC_UTILITY, "ig": AssociationStatus.GENERAL_INTEREST}
    if wanted in short:
        return short[wanted]
    # A part of the box's wording, when it names one box only ("reconnue d'utilité publique").
    hits = [s for s in AssociationStatus if wanted and wanted in fold(s.label).replace("-", " ")]
    if len(hits) == 1:
        return hits[0]
    raise ValueError(text)


@dataclass(frozen=True)
class AssociationInfo:
    name: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    rna: str = ""
    siren: str = ""
    purpose: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    # Cerfa "qualité de l'organisme" (an AssociationStatus value) and its options.
    status: str = AssociationStatus.GENERAL_INTEREST.value
    donation_form: str = DonationForm.MANUAL_GIFT.value
    # Article 978 (IFI) is ticked only for the bodies it applies to (RUP, some foundations).
    article_978: bool = False
    # The account volunteers are reimbursed from (SEPA transfers); never printed in full.
    iban: str = ""
    bic: str = ""

    @property
    def address_lines(self) -> list[str]:
        town = f"{self.postal_code} {self.city}".strip()
        return [line for line in (*self.address.splitlines(), town) if line.strip()]

    @property
    def identifiers(self) -> str:
        parts = []
        if self.rna:
            parts.append(f"RNA {self.rna}")
        if self.siren:
            parts.append(f"SIREN {self.siren}")
        return " · ".join(parts)

    @property
    def status_enum(self) -> AssociationStatus:
        try:
            return AssociationStatus(self.status)
        except ValueError:
            return AssociationStatus.GENERAL_INTEREST

    @property
    def donation_form_enum(self) -> DonationForm:
        try:
            return DonationForm(self.donation_form)
        except ValueError:
            return DonationForm.MANUAL_GIFT


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def identifier_problems(rna: str, siren: str) -> list[str]:
    """RNA ``W`` + 9 digits; SIREN 9 digits with a valid Luhn key (French messages)."""
    problems = []
    compact_rna = "".join(rna.split()).upper()
    if compact_rna and not (
        len(compact_rna) == 10 and compact_rna[0] == "W" and compact_rna[1:].isdigit()
    ):
        problems.append(f"RNA : « {rna.strip()} » n'est pas un numéro RNA (W suivi de 9 chiffres).")
    compact_siren = "".join(siren.split())
    if compact_siren and not (
        len(compact_siren) == 9 and compact_siren.isdigit() and _luhn_ok(compact_siren)
    ):
        problems.append(
            f"SIREN : « {siren.strip()} » n'est pas un numéro SIREN valable (9 chiffres)."
        )
    return problems
