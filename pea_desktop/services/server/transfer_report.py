"""What moving a base did: rows added, updated, left alone, and what needs the user's eye.

Shared by the import into a server base and the export to a SQLite file (same copy, two
directions); the command prints :meth:`TransferReport.describe`, the window shows it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.plurals import plural

# (rows done, rows in all, what is being copied): called after each batch.
Progress = Callable[[int, int, str], None]

# The French name of each table, as messages and the report say it (plural form).
TABLE_LABELS = {
    "association": "paramètres de l'association",
    "setting": "réglages",
    "mileage_scale": "barèmes kilométriques",
    "mileage_scale_band": "tranches de barème",
    "own_mileage_rate": "taux kilométriques propres",
    "antenna": "antennes",
    "antenna_key": "clés de signature d'antenne",
    "partner": "structures partenaires",
    "volunteer": "bénévoles",
    "activity": "activités",
    "activity_volunteer": "participations de bénévoles",
    "expense_claim": "notes de frais",
    "claim_status_change": "changements de statut des notes",
    "expense_line": "lignes de frais",
    "mileage_valuation": "valorisations kilométriques",
    "expense_receipt": "justificatifs",
    "tax_receipt": "reçus fiscaux",
    "sepa_batch": "remises de virements SEPA",
    "sepa_transfer": "virements SEPA",
}
# The singular, for messages about one row.
ROW_LABELS = {
    "association": "les paramètres de l'association",
    "setting": "le réglage",
    "mileage_scale": "le barème",
    "mileage_scale_band": "la tranche de barème",
    "own_mileage_rate": "le taux propre",
    "antenna": "l'antenne",
    "antenna_key": "la clé de l'antenne",
    "partner": "la structure partenaire",
    "volunteer": "le bénévole",
    "activity": "l'activité",
    "activity_volunteer": "la participation",
    "expense_claim": "la note de frais",
    "claim_status_change": "le changement de statut",
    "expense_line": "la ligne de frais",
    "mileage_valuation": "la valorisation kilométrique",
    "expense_receipt": "le justificatif",
    "tax_receipt": "le reçu fiscal",
    "sepa_batch": "la remise SEPA",
    "sepa_transfer": "le virement SEPA",
}


class TransferError(BadInputError):
    """The copy is refused; nothing was written. The message names the table and the row."""


@dataclass
class TransferReport:
    """Counts by table, and the notices (differences kept, files missing...)."""

    source: str
    target: str
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    # Rows changed on the target more recently than in the source: the target's kept.
    kept: Counter[str] = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)
    files_copied: int = 0

    @property
    def changed(self) -> bool:
        return bool(sum(self.added.values()) or sum(self.updated.values()))

    def lines(self) -> list[str]:
        """One line per table that changed, then the notices."""
        result = []
        for table, label in TABLE_LABELS.items():
            parts = []
            if self.added[table]:
                parts.append(plural(self.added[table], "ajout"))
            if self.updated[table]:
                parts.append(plural(self.updated[table], "mise à jour", "mises à jour"))
            if self.kept[table]:
                parts.append(
                    plural(
                        self.kept[table],
                        "version plus récente à destination gardée",
                        "versions plus récentes à destination gardées",
                    )
                )
            if parts:
                result.append(f"{label[0].upper()}{label[1:]} : {', '.join(parts)}.")
        if self.files_copied:
            copied = plural(
                self.files_copied, "fichier justificatif copié", "fichiers justificatifs copiés"
            )
            result.append(f"{copied}.")
        same = sum(self.unchanged.values())
        if same:
            result.append(
                plural(same, "ligne déjà identique", "lignes déjà identiques") + " : inchangées."
            )
        if not self.changed:
            result.append("Rien à copier : la destination était déjà à jour.")
        return result + self.notices

    def describe(self) -> str:
        return "\n".join([f"{self.source} → {self.target}", *self.lines()])
