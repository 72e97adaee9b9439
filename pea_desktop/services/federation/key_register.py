"""The federation's register of antenna keys (``cles-antennes.json``), docs/formats.md.

Trust on first use: the first signed export of an antenna registers its public key, and its
fingerprint is shown so that the federation can check it with the antenna (phone, mail). From
then on, an export of that antenna signed by another key is refused — the new key waits, as a
*pending change*, until the federation accepts it (:meth:`KeyRegister.accept_change`); an
unsigned export (format 1 or 2) of an antenna that signs is refused too, and so is an export
older than one already received for the same year (a replayed file).

The register is a small JSON file, written atomically; a damaged register is never replaced
silently (a French :class:`BadInputError` says so).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date
from pea_desktop.paths import data_dir
from pea_desktop.services import keys
from pea_desktop.services.output_files import write_text_atomically

REGISTER_FORMAT = "pea-desktop/cles-antennes"
REGISTER_VERSION = 1
DEFAULT_NAME = "cles-antennes.json"
MAX_REGISTER_BYTES = 10 * 1024 * 1024


def default_register_path() -> Path:
    return data_dir() / DEFAULT_NAME


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass
class PendingKey:
    """A different key seen for a known antenna, waiting for the federation's decision."""

    public_key: str  # base64
    seen_at: datetime
    file: str

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(keys.decode(self.public_key, keys.PUBLIC_KEY_SIZE) or b"")


@dataclass
class AntennaEntry:
    """One antenna's registered key, and what the federation has received from it."""

    code: str
    name: str
    public_key: str  # base64
    registered_at: datetime
    pending: PendingKey | None = None
    previous: list[dict[str, str]] = field(default_factory=list)  # fingerprint, replaced_at
    # Newest export accepted per year: {"2025": {"generated_at": iso, "sha256": hex}}.
    latest: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(keys.decode(self.public_key, keys.PUBLIC_KEY_SIZE) or b"")

    def latest_for(self, year: int) -> tuple[datetime, str] | None:
        seen = self.latest.get(str(year))
        if not seen:
            return None
        return _time(seen["generated_at"]), seen["sha256"]


@dataclass
class Verdict:
    """What the register says of one signed or unsigned export."""

    accepted: bool
    reason: str = ""  # why it is refused, or a note ("clé enregistrée…") when accepted


class KeyRegister:
    """The register, loaded from ``path`` (None: kept in memory only, e.g. in tests)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.antennas: dict[str, AntennaEntry] = {}
        self.changed = False
        if path is not None and path.exists():
            self._load(path)

    # --- file -------------------------------------------------------------------------------
    def _load(self, path: Path) -> None:
        def damaged(why: str) -> BadInputError:
            return BadInputError(
                f"Le registre des clés {path} est illisible ({why}). Il n'a pas été modifié : "
                "restaurez-le depuis une copie, ou indiquez-en un autre avec --register."
            )

        try:
            if not path.is_file():
                raise damaged("ce n'est pas un fichier ordinaire")
            if path.stat().st_size > MAX_REGISTER_BYTES:
                raise damaged("fichier trop grand")
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise damaged(type(exc).__name__) from exc
        if not isinstance(data, dict) or data.get("format") != REGISTER_FORMAT:
            raise damaged("ce n'est pas un registre de clés PEA Desktop")
        try:
            for code, raw in data.get("antennas", {}).items():
                pending = raw.get("pending")
                self.antennas[code] = AntennaEntry(
                    code=code,
                    name=str(raw.get("name", "")),
                    public_key=str(raw["public_key"]),
                    registered_at=_time(raw["registered_at"]),
                    pending=PendingKey(
                        str(pending["public_key"]), _time(pending["seen_at"]), pending["file"]
                    )
                    if pending
                    else None,
                    previous=list(raw.get("previous", [])),
                    latest=dict(raw.get("latest", {})),
                )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise damaged(f"entrée mal formée : {exc}") from exc

    def to_json(self) -> str:
        antennas: dict[str, Any] = {}
        for code, entry in sorted(self.antennas.items()):
            antennas[code] = {
                "name": entry.name,
                "public_key": entry.public_key,
                "fingerprint": entry.fingerprint,  # for people reading the file
                "registered_at": entry.registered_at.isoformat(),
                "pending": {
                    "public_key": entry.pending.public_key,
                    "fingerprint": entry.pending.fingerprint,
                    "seen_at": entry.pending.seen_at.isoformat(),
                    "file": entry.pending.file,
                }
                if entry.pending
                else None,
                "previous": entry.previous,
                "latest": entry.latest,
            }
        document = {"format": REGISTER_FORMAT, "version": REGISTER_VERSION, "antennas": antennas}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def save(self) -> None:
        """Write the register (atomically) if anything changed since it was loaded."""
        if self.path is not None and self.changed:
            write_text_atomically(self.path, self.to_json())
            self.changed = False

    # --- decisions --------------------------------------------------------------------------
    def check_signed(
        self, code: str, name: str, public_key: bytes, file: str, *, now: datetime | None = None
    ) -> Verdict:
        """A signed export of ``code``: registers a first key, refuses a different one."""
        encoded = keys.encode(public_key)
        entry = self.antennas.get(code)
        if entry is None:
            self.antennas[code] = AntennaEntry(code, name, encoded, now or _now())
            self.changed = True
            return Verdict(
                True,
                f"clé de l'antenne enregistrée (première réception), empreinte "
                f"{keys.fingerprint(public_key)} : vérifiez-la auprès de l'antenne",
            )
        if entry.public_key == encoded:
            return Verdict(True)
        if entry.pending is None or entry.pending.public_key != encoded:
            entry.pending = PendingKey(encoded, now or _now(), file)
            self.changed = True
        return Verdict(
            False,
            f"signé par une autre clé (empreinte {keys.fingerprint(public_key)}) que celle "
            f"enregistrée pour l'antenne {code} (empreinte {entry.fingerprint}, depuis le "
            f"{format_date(entry.registered_at.date())}) : faites confirmer le changement par "
            "l'antenne, puis acceptez la nouvelle clé",
        )

    def check_unsigned(self, code: str) -> Verdict:
        """An unsigned export (format 1 or 2): refused once the antenna is known to sign."""
        entry = self.antennas.get(code)
        if entry is None:
            return Verdict(True)
        return Verdict(
            False,
            f"fichier non signé, alors que l'antenne {code} signe ses exports depuis le "
            f"{format_date(entry.registered_at.date())} : fichier falsifié ou ancien",
        )

    def check_not_replayed(self, code: str, year: int, generated_at: datetime) -> Verdict:
        """Refuse an export older than the newest one already accepted for that year."""
        entry = self.antennas.get(code)
        seen = entry.latest_for(year) if entry else None
        if seen is None or generated_at >= seen[0]:
            return Verdict(True)
        return Verdict(
            False,
            f"export du {format_date(generated_at.date())}, plus ancien que celui déjà reçu "
            f"de l'antenne {code} pour {year} (du {format_date(seen[0].date())}) : fichier "
            "rejoué ou périmé",
        )

    def record_accepted(self, code: str, year: int, generated_at: datetime, sha256: str) -> None:
        """Remember the newest export accepted from a signing antenna (replay protection)."""
        entry = self.antennas.get(code)
        if entry is None:
            return
        seen = entry.latest_for(year)
        if seen is None or generated_at > seen[0]:
            entry.latest[str(year)] = {
                "generated_at": generated_at.isoformat(),
                "sha256": sha256,
            }
            self.changed = True

    def accept_change(self, code: str, fingerprint: str, *, now: datetime | None = None) -> str:
        """Accept the pending key of ``code`` whose fingerprint is ``fingerprint``.

        Returns the new fingerprint. The fingerprint must be given (read from the antenna) so
        that a key is never accepted blind. Raises :class:`BadInputError` (French).
        """
        code = code.strip().upper()
        entry = self.antennas.get(code)
        if entry is None:
            raise BadInputError(f"L'antenne « {code} » n'a pas de clé dans le registre.")
        if entry.pending is None:
            raise BadInputError(
                f"Aucune nouvelle clé n'attend d'être acceptée pour l'antenne {code} "
                f"(clé enregistrée : {entry.fingerprint})."
            )
        wanted = keys.normalise_fingerprint(fingerprint)
        if wanted != entry.pending.fingerprint:
            raise BadInputError(
                f"L'empreinte donnée ({wanted or 'vide'}) n'est pas celle de la nouvelle clé de "
                f"l'antenne {code} ({entry.pending.fingerprint}) : rien n'a été changé."
            )
        when = now or _now()
        entry.previous.append({"fingerprint": entry.fingerprint, "replaced_at": when.isoformat()})
        entry.public_key = entry.pending.public_key
        entry.registered_at = when
        entry.pending = None
        self.changed = True
        return entry.fingerprint

    def entries(self) -> list[AntennaEntry]:
        return [self.antennas[code] for code in sorted(self.antennas)]
