"""National consolidation of the antennas' yearly exports (the federation's side).

Every file is checked (format and version, checksum, signature, content, year, antenna, and,
with a register of antenna keys, the signer's key and replays); a file that does not fit is
refused with its reason and the others go on. An antenna sent twice counts once:
the newest export wins, and the result says which file was set aside and why. No database is
needed here: the caller may pass the antennas the federation expects, to list the missing ones.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pea_desktop.domain.consolidation import (
    ACCEPTED,
    REFUSED,
    SUPERSEDED,
    AntennaReport,
    AreaRow,
    Consolidation,
    FileStatus,
    Totals,
    category_rows,
)
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.federation_bounds import MAX_EXPORT_BYTES, OutOfBounds, parse_bounded
from pea_desktop.domain.federation_checks import date_problems, totals_problems
from pea_desktop.domain.federation_format import (
    CATEGORY_TABLES,
    CHECKSUM_FIELD,
    FORMAT_NAME,
    FORMAT_VERSION,
    READABLE_VERSIONS,
    compute_checksum,
    shape_problems,
)
from pea_desktop.domain.formatting import format_date
from pea_desktop.domain.privacy import received_privacy_problems
from pea_desktop.domain.regions import department_label, normalise_department, region_of
from pea_desktop.domain.summary import MonthKindFigures, kind_order
from pea_desktop.services.federation.key_register import KeyRegister
from pea_desktop.services.federation.signatures import (
    UNSIGNED,
    BadSignature,
    Signer,
    check_signature,
)
from pea_desktop.services.input_files import read_regular_file

Progress = Callable[[int, int], None]


@dataclass
class _Candidate:
    index: int
    path: Path
    document: dict[str, Any]
    generated_at: datetime
    checksum: str
    signer: Signer | None = None
    code: str = field(init=False)

    def __post_init__(self) -> None:
        self.code = str(self.document["antenna"]["code"]).strip().upper()

    @property
    def signature(self) -> str:
        if self.signer is None:
            return UNSIGNED
        return f"signé (empreinte {self.signer.fingerprint[:14]}…)"

    def status(self, status: str, reason: str = "") -> FileStatus:
        return FileStatus(
            self.path,
            status,
            reason,
            self.code,
            self.document["antenna"]["name"],
            self.generated_at,
            self.signature,
        )


class Refused(Exception):
    """A file that cannot be consolidated; the message says why, in French."""


def _parse_time(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise Refused(f"date de génération « {text} » illisible") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def read_export(
    path: Path, *, now: datetime | None = None
) -> tuple[dict[str, Any], datetime, Signer | None]:
    """The checked document of ``path``, its generation time and its signer (None for an
    unsigned version 1 or 2 file); raise :class:`Refused`.

    Read under bounds (a regular file, its size, its depth, its numbers and texts), then
    checked: format, version, checksum, signature, shape, totals against the monthly rows,
    dates, personal data. The signer's key is checked against the register by the caller.
    """
    try:
        raw = read_regular_file(Path(path), MAX_EXPORT_BYTES, what="Le fichier")
    except BadInputError as exc:
        raise Refused(_reason_of(exc.message, Path(path))) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused("le fichier n'est pas encodé en UTF-8 (il est peut-être endommagé)") from exc
    try:
        document = parse_bounded(text)
    except OutOfBounds as exc:
        raise Refused(f"fichier hors limites : {exc}") from exc
    except json.JSONDecodeError as exc:
        raise Refused(
            f"ce n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno}) : "
            "fichier tronqué ou endommagé"
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        found = document.get("format") if isinstance(document, dict) else None
        raise Refused(
            f"format « {found} » inconnu : ce n'est pas un export PEA Desktop pour la fédération"
            if found
            else "ce n'est pas un export PEA Desktop pour la fédération (champ « format » absent)"
        )
    version = document.get("version")
    if version not in READABLE_VERSIONS:
        newer = isinstance(version, int) and version > FORMAT_VERSION
        hint = " : mettez PEA Desktop à jour" if newer else ""
        readable = " et ".join(str(v) for v in READABLE_VERSIONS)
        raise Refused(
            f"version {version} du format non prise en charge "
            f"(cette version lit les versions {readable}){hint}"
        )
    stated = document.get(CHECKSUM_FIELD)
    if not isinstance(stated, str) or not stated:
        raise Refused("somme de contrôle SHA-256 absente")
    if stated.lower() != compute_checksum(document):
        raise Refused(
            "somme de contrôle incorrecte : le fichier a été modifié ou endommagé après l'export"
        )
    try:  # before any figure is looked at: a forged file is told as forged
        signer = check_signature(document)
    except BadSignature as exc:
        raise Refused(str(exc)) from exc
    problems = shape_problems(document)
    if problems:
        raise Refused("contenu non conforme : " + " ; ".join(problems[:3]))
    generated = _parse_time(document["generated_at"])
    problems = totals_problems(document) + date_problems(
        document, generated, now or datetime.now(UTC)
    )
    problems += received_privacy_problems(document)
    if problems:
        raise Refused(" ; ".join(problems[:3]))
    return document, generated, signer


def _reason_of(message: str, path: Path) -> str:
    """The reason alone ("n'est pas un fichier ordinaire…"): the file is named beside it."""
    prefix = f"Le fichier {path} "
    reason = message[len(prefix) :] if message.startswith(prefix) else message
    return f"fichier illisible : {reason.rstrip('.')}"


def _choose_year(candidates: list[_Candidate]) -> int | None:
    years = Counter(c.document["year"] for c in candidates)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def _report(candidate: _Candidate) -> AntennaReport:
    return report_from_document(candidate.document, candidate.path.name, candidate.generated_at)


def _month_values(row: dict[str, Any]) -> dict[str, Any]:
    """A checked month row of the document, its money and distances as Decimal."""
    return {
        name: Decimal(value) if name in ("km", "reimbursed", "waived") else value
        for name, value in row.items()
    }


def report_from_document(
    doc: dict[str, Any], file: str, generated_at: datetime | None = None
) -> AntennaReport:
    """The figures of one checked export document, as the reports use them."""
    months = [MonthKindFigures(year=doc["year"], **_month_values(row)) for row in doc["months"]]
    department = normalise_department(doc["antenna"]["department"])
    return AntennaReport(
        code=str(doc["antenna"]["code"]).strip().upper(),
        name=doc["antenna"]["name"],
        department=department,
        region=region_of(department),
        generated_at=generated_at or _parse_time(doc["generated_at"]),
        file=file,
        totals=Totals.from_document(doc),
        months=months,
        categories={name: dict(doc[name]) for name in CATEGORY_TABLES},
        association=doc["association"]["name"],
    )


def _areas(antennas: list[AntennaReport], key: Callable[[AntennaReport], str]) -> list[AreaRow]:
    groups: dict[str, list[AntennaReport]] = defaultdict(list)
    for antenna in antennas:
        groups[key(antenna)].append(antenna)
    return [
        AreaRow(label, len(members), Totals.sum(a.totals for a in members))
        for label, members in sorted(groups.items())
    ]


def _national_months(antennas: list[AntennaReport]) -> list[MonthKindFigures]:
    sums: dict[tuple[int, int, str], dict[str, Any]] = {}
    additive = [f.name for f in fields(MonthKindFigures) if f.name not in ("year", "month", "kind")]
    for antenna in antennas:
        for row in antenna.months:
            target = sums.setdefault((row.year, row.month, row.kind), {})
            for name in additive:
                target[name] = target.get(name, 0) + getattr(row, name)
    return [
        MonthKindFigures(y, m, k, **values)
        for (y, m, k), values in sorted(sums.items(), key=lambda i: (i[0][:2], kind_order(i[0][2])))
    ]


def _winner_reason(group: list[_Candidate], winner: _Candidate) -> str:
    if len(group) == 1:
        return ""
    if all(c.checksum == winner.checksum for c in group):
        return f"fichier reçu {len(group)} fois : compté une seule fois"
    return f"{len(group)} exports reçus : le plus récent est retenu"


def _key_verdict(register: KeyRegister, c: _Candidate, ambiguous: set[str]) -> tuple[bool, str]:
    """Whether the register lets ``c`` in (signer's key known, or registered now), and a note."""
    name = str(c.document["antenna"]["name"])
    if c.signer is not None and c.code in ambiguous:
        return False, (
            f"l'antenne {c.code}, inconnue du registre des clés, a envoyé des fichiers signés "
            "par des clés différentes : aucune n'est enregistrée. Vérifiez les empreintes avec "
            "l'antenne et ne donnez que ses vrais fichiers"
        )
    if c.signer is None:
        verdict = register.check_unsigned(c.code)
    else:
        verdict = register.check_signed(c.code, name, c.signer.public_key, c.path.name)
    return verdict.accepted, verdict.reason


def consolidate(
    paths: Sequence[Path],
    *,
    year: int | None = None,
    known_antennas: dict[str, str] | None = None,
    progress: Progress | None = None,
    register: KeyRegister | None = None,
) -> Consolidation:
    """Check and add up ``paths``; ``year`` defaults to the year most files are about.

    With a ``register`` of antenna keys, a signed file's key must be the antenna's registered
    one (a first key is registered), an antenna that signs may not send an unsigned file, and
    an export older than one already accepted for that year is refused as replayed. The
    register is updated in memory: the caller saves it (``register.save()``).
    """
    statuses: dict[int, FileStatus] = {}
    candidates: list[_Candidate] = []
    for index, path in enumerate(paths):
        try:
            document, generated, signer = read_export(path)
        except Refused as exc:
            statuses[index] = FileStatus(Path(path), REFUSED, str(exc))
        except Exception as exc:  # one file never stops the others, whatever it holds
            reason = f"fichier illisible (erreur inattendue : {type(exc).__name__})"
            statuses[index] = FileStatus(Path(path), REFUSED, reason)
        else:
            checksum = document[CHECKSUM_FIELD].lower()
            candidates.append(_Candidate(index, Path(path), document, generated, checksum, signer))
        if progress:
            progress(index + 1, len(paths))
    year = year if year is not None else _choose_year(candidates)
    known = {code.strip().upper(): name for code, name in (known_antennas or {}).items()}
    fitting: dict[str, list[_Candidate]] = defaultdict(list)
    notes: dict[int, str] = {}
    # First use must not be a race: two keys for an antenna not yet registered, none wins.
    first_keys: dict[str, set[bytes]] = defaultdict(set)
    for c in candidates:
        if register is not None and c.signer and c.code not in register.antennas:
            first_keys[c.code].add(c.signer.public_key)
    ambiguous = {code for code, seen in first_keys.items() if len(seen) > 1}
    for c in candidates:
        status = c.status(REFUSED)
        if c.document["year"] != year:
            statuses[c.index] = status.with_reason(
                f"export de l'année {c.document['year']}, "
                f"alors que la consolidation porte sur {year}"
            )
        elif known_antennas is not None and c.code not in known:
            statuses[c.index] = status.with_reason(
                f"antenne « {c.code} » inconnue de la fédération"
            )
        elif register is not None and not (verdict := _key_verdict(register, c, ambiguous))[0]:
            statuses[c.index] = status.with_reason(verdict[1])
        else:
            if register is not None and verdict[1]:
                notes[c.index] = verdict[1]
            fitting[c.code].append(c)
    antennas: list[AntennaReport] = []
    for code, group in sorted(fitting.items()):
        group.sort(key=lambda c: (c.generated_at, c.index))
        replay = (
            register.check_not_replayed(code, year or 0, group[-1].generated_at)
            if (register is not None)
            else None
        )
        if replay is not None and not replay.accepted:
            for c in group:
                statuses[c.index] = c.status(REFUSED, replay.reason)
            continue
        # Newest wins; of identical copies, the first one given is kept.
        winner = next(c for c in group if c.checksum == group[-1].checksum)
        if register is not None and year is not None:
            register.record_accepted(code, year, winner.generated_at, winner.checksum)
        for c in group:
            base = c.status(ACCEPTED)
            if c is winner:
                reason = "; ".join(
                    r for r in (notes.get(c.index, ""), _winner_reason(group, winner)) if r
                )
                statuses[c.index] = base.with_reason(reason)
            elif c.checksum == winner.checksum:
                statuses[c.index] = base.superseded(
                    f"copie identique de {winner.path.name} : comptée une seule fois"
                )
            else:
                statuses[c.index] = base.superseded(
                    f"export du {format_date(c.generated_at.date())} remplacé par le plus récent "
                    f"({winner.path.name}, du {format_date(winner.generated_at.date())})"
                )
        antennas.append(_report(winner))
    missing = None
    if known_antennas is not None:
        missing = [(code, name) for code, name in sorted(known.items()) if code not in fitting]
    return assemble(year, [statuses[i] for i in range(len(paths))], antennas, missing)


def assemble(
    year: int | None,
    files: list[FileStatus],
    antennas: list[AntennaReport],
    missing: list[tuple[str, str]] | None,
) -> Consolidation:
    """The national figures of ``antennas`` (read from files, or from a server base)."""
    categories: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for antenna in antennas:
        for name, table in antenna.categories.items():
            for code, value in table.items():
                count, audience = (
                    (value["count"], value["audience"]) if isinstance(value, dict) else (value, 0)
                )
                before = categories[name].get(code, (0, 0))
                categories[name][code] = (before[0] + count, before[1] + audience)
    associations = Counter(a.association for a in antennas if a.association)
    return Consolidation(
        year=year,
        files=files,
        antennas=antennas,
        missing=missing,
        totals=Totals.sum(a.totals for a in antennas),
        regions=_areas(antennas, lambda a: a.region),
        departments=_areas(antennas, lambda a: department_label(a.department)),
        months=_national_months(antennas),
        categories={name: category_rows(name, counts) for name, counts in categories.items()},
        association=associations.most_common(1)[0][0] if associations else "",
        generated_at=datetime.now(UTC),
    )


__all__ = [
    "ACCEPTED",
    "REFUSED",
    "SUPERSEDED",
    "Consolidation",
    "Refused",
    "assemble",
    "consolidate",
    "read_export",
]
