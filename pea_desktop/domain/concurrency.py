"""Several people at once: how a refused stale save is told, and what the audit trail says.

Times are stored in UTC (naive); they are shown in local time.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pea_desktop.domain.formatting import format_date

# Table -> (the record, as the subject of "a été modifié·e"; feminine?)
SUBJECTS: dict[str, tuple[str, bool]] = {
    "activity": ("Cette activité", True),
    "antenna": ("Cette antenne", True),
    "volunteer": ("Cette fiche de bénévole", True),
    "partner": ("Cette structure partenaire", True),
    "expense_line": ("Cette dépense", True),
    "expense_claim": ("Cette note de frais", True),
    "expense_receipt": ("Ce justificatif", False),
    "tax_receipt": ("Ce reçu fiscal", False),
}
# Table -> its name in the audit trail.
TABLE_LABELS: dict[str, str] = {
    "activity": "Activité",
    "antenna": "Antenne",
    "volunteer": "Bénévole",
    "partner": "Structure partenaire",
    "expense_line": "Dépense",
    "expense_claim": "Note de frais",
    "expense_receipt": "Justificatif",
    "tax_receipt": "Reçu fiscal",
    "exchange": "Échange",
}
ACTION_LABELS: dict[str, str] = {
    "created": "création",
    "updated": "modification",
    "deleted": "mise à la corbeille",
    "restored": "restauration",
    "purged": "suppression définitive",
    "imported": "import",
}
UNKNOWN_ACTOR = "un autre utilisateur"


def local_time(stored: datetime) -> datetime:
    """A stored UTC time (naive) in the computer's time zone (naive), for display."""
    aware = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
    return aware.astimezone().replace(tzinfo=None)


def format_moment(stored: datetime) -> str:
    """« le 12/03/2025 à 14 h 05 » of a stored UTC time."""
    shown = local_time(stored)
    return f"le {format_date(shown.date())} à {shown.hour} h {shown.minute:02d}"


def stale_message(table: str, actor: str = "", at: datetime | None = None) -> str:
    """The refusal of a save based on an outdated copy of a row of ``table``."""
    subject, feminine = SUBJECTS.get(table, ("Cet enregistrement", False))
    changed = "modifiée" if feminine else "modifié"
    who = f"par {actor}" if actor else f"par {UNKNOWN_ACTOR}"
    when = f" {format_moment(at)}" if at is not None else ""
    return (
        f"{subject} a été {changed} entre-temps {who}{when} : vos changements n'ont pas été "
        "enregistrés."
    )


def stale_deletion_message(table: str, actor: str = "", at: datetime | None = None) -> str:
    """The refusal to delete a row changed since it was shown."""
    subject, feminine = SUBJECTS.get(table, ("Cet enregistrement", False))
    changed = "modifiée" if feminine else "modifié"
    who = f"par {actor}" if actor else f"par {UNKNOWN_ACTOR}"
    when = f" {format_moment(at)}" if at is not None else ""
    return (
        f"{subject} a été {changed} entre-temps {who}{when} : elle n'a pas été supprimée. "
        "Rechargez la liste pour voir ses nouvelles valeurs."
        if feminine
        else f"{subject} a été {changed} entre-temps {who}{when} : il n'a pas été supprimé. "
        "Rechargez la liste pour voir ses nouvelles valeurs."
    )


def last_change_line(actor: str, at: datetime) -> str:
    """« Modifiée par X le 12/03/2025 à 14 h 05 » (the form's footer)."""
    who = f" par {actor}" if actor else ""
    return f"Dernière modification{who} {format_moment(at)}"
