"""What an import did, told in French."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pea_desktop.services.importing.clean import quote
from pea_desktop.services.safety_copies import SERVER_BACKUPS

MAX_NAMED = 20  # ignored columns named in the summary
BACKUP_ABOVE_LINES = 20  # files with more lines than this are imported after a backup


@dataclass
class ImportReport:
    file_name: str
    lines_read: int = 0
    activities_created: int = 0
    activities_skipped: int = 0  # already present (in the database or earlier in the file)
    volunteers_created: int = 0
    volunteers_updated: int = 0
    volunteers_unchanged: int = 0
    antennas_created: int = 0
    expenses_created: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    cleaned_cells: int = 0  # cells whose invisible or control characters were removed
    backup: Path | None = None  # the copy of the database made before writing
    on_server: bool = False  # no copy there: the server's backups are its administrator's
    is_activities: bool = True

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.activities_created
            or self.volunteers_created
            or self.volunteers_updated
            or self.antennas_created
            or self.expenses_created
        )

    def summary(self) -> str:
        lines = [f"Import de {self.file_name} : {_count(self.lines_read, 'ligne lue')}."]
        if self.is_activities:
            lines.append(f"Activités créées : {self.activities_created}")
            lines.append(f"Activités déjà présentes, ignorées : {self.activities_skipped}")
            lines.append(f"Bénévoles créés : {self.volunteers_created}")
        else:
            lines.append(f"Bénévoles créés : {self.volunteers_created}")
            lines.append(f"Bénévoles mis à jour : {self.volunteers_updated}")
            lines.append(f"Bénévoles déjà à jour : {self.volunteers_unchanged}")
        lines.append(f"Antennes créées : {self.antennas_created}")
        if self.is_activities:
            lines.append(f"Dépenses créées : {self.expenses_created}")
        if self.ignored_columns:
            names = ", ".join(quote(c) for c in self.ignored_columns[:MAX_NAMED])
            more = " …" if len(self.ignored_columns) > MAX_NAMED else ""
            lines.append(f"Colonnes non reconnues, ignorées : {names}{more}")
        if self.cleaned_cells:
            lines.append(
                "Cellules nettoyées (caractères invisibles ou de contrôle retirés) : "
                f"{self.cleaned_cells}"
            )
        if not self.changed_anything:
            lines.append("Rien n'a été modifié : tout était déjà dans la base.")
        if self.backup is not None:
            lines.append(
                f"Copie de sécurité faite avant l'import : {self.backup.name} "
                f"(dossier {self.backup.parent}). Pour annuler l'import, restaurez-la : "
                "menu Fichier › Restaurer une sauvegarde…"
            )
        elif self.on_server and self.changed_anything and self.lines_read > BACKUP_ABOVE_LINES:
            lines.append(SERVER_BACKUPS)
        return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    if number < 2:
        return f"{number} {noun}"
    return f"{number} " + " ".join(f"{word}s" for word in noun.split())
