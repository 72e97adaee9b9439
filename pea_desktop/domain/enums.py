"""Closed vocabularies of the domain, with their French labels.

Each enum's value is the stable code stored in the database and used in CSV files.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a French label for screens and documents."""

    label: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class VolunteerRole(LabelledEnum):
    # Functions, worded for anyone who holds them (issue 12: "Trésorier" printed for Anaïs);
    # the values stay as stored, and imports accept both old and new wordings.
    VOLUNTEER = "benevole", "Bénévole"
    PEER_HELPER = "pair-aidant", "Pair-aidance"
    PATIENT_EXPERT = "patient-expert", "Expertise patient certifiée"
    COORDINATOR = "coordinateur", "Coordination d'antenne"
    TREASURER = "tresorier", "Trésorerie"


class VehicleKind(LabelledEnum):
    CAR = "voiture", "Voiture"
    MOTORCYCLE = "moto", "Moto"
    MOPED = "cyclomoteur", "Cyclomoteur"
    NONE = "aucun", "Aucun"


class Requester(LabelledEnum):
    PERSON = "personne", "La personne"
    FAMILY = "famille", "La famille"
    PROFESSIONAL = "professionnel", "Un professionnel de santé"
    SOCIAL = "social", "Un travailleur social"
    OTHER = "autre", "Autre"


class VisitPlace(LabelledEnum):
    HOME = "domicile", "Domicile"
    HOSPITAL = "hopital", "Hôpital"
    CARE_FACILITY = "etablissement", "Établissement de soins"
    OTHER = "autre", "Autre lieu"


class InterventionFormat(LabelledEnum):
    TESTIMONY = "temoignage", "Témoignage"
    INFORMATION = "information", "Information collective"
    TRAINING = "formation", "Formation de professionnels"
    PREVENTION = "prevention", "Prévention"
    REPRESENTATION = "representation", "Représentation des usagers"


class AudienceKind(LabelledEnum):
    PATIENTS = "patients", "Patients"
    RELATIVES = "proches", "Proches"
    PROFESSIONALS = "professionnels", "Professionnels"
    STUDENTS = "etudiants", "Étudiants"
    GENERAL = "grand public", "Grand public"


class PartnerKind(LabelledEnum):
    ADDICTION_SERVICE = "addictologie", "Service d'addictologie"
    CSAPA = "csapa", "CSAPA"
    CAARUD = "caarud", "CAARUD"
    HOSPITAL = "hopital", "Hôpital"
    CLINIC = "clinique", "Clinique"
    SCHOOL = "ecole", "École / institut de formation"
    PRISON = "prison", "Établissement pénitentiaire"
    OTHER = "autre", "Autre"


class ExpenseKind(LabelledEnum):
    MILEAGE = "km", "Indemnités kilométriques"
    TOLL = "peage", "Péage"
    PARKING = "parking", "Stationnement"
    TRANSPORT = "transport", "Transport en commun"
    MEAL = "repas", "Repas"
    ACCOMMODATION = "hebergement", "Hébergement"
    OTHER = "autre", "Autre"
