"""The yearly export of an antenna's activity to the federation (docs/formats.md).

:func:`prepare_export` computes the document, signs it with the antenna's key (format 3, the
key is created in the base on first use) and checks it for privacy; the caller shows it
(what will be sent) and then calls :func:`write_export`, which refuses to write a document that
failed the check. Only aggregates leave: never a person helped, a visit reference or a note.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop import __version__
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.federation_bounds import OutOfBounds, check_bounds
from pea_desktop.domain.federation_format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    NOT_GIVEN_CODE,
    free_texts,
    kind_block,
    seal,
    shape_problems,
)
from pea_desktop.domain.period import Period
from pea_desktop.domain.privacy import received_privacy_problems, titled_names
from pea_desktop.domain.summary import ActivitySummary, CountRow
from pea_desktop.domain.text import fold
from pea_desktop.services.federation.signatures import sign_document
from pea_desktop.services.keys import antenna_signing_key
from pea_desktop.services.output_files import write_text_atomically
from pea_desktop.services.summaries.rates import hourly_rate
from pea_desktop.services.summaries.summary import compute_summary, resolve_antenna
from pea_desktop.store.base_integrity import check_base_integrity
from pea_desktop.store.database import Database
from pea_desktop.store.models import (
    Activity,
    Antenna,
    AssociationSettings,
    ExpenseLine,
    Volunteer,
)

APPLICATION = "PEA Desktop"
# Shorter texts (e.g. a note "RAS") would match innocent words; the shape check covers them.
MIN_FORBIDDEN_LENGTH = 4
# A note shorter than this ("RAS", "Lyon centre") is too common to tell anything apart.
MIN_NOTE_LENGTH = 12


@dataclass
class PreparedExport:
    document: dict[str, Any]
    summary: ActivitySummary
    problems: list[str]  # privacy check: empty when the document may be sent
    fingerprint: str = ""  # of the antenna's key that signed it (read to the federation)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def text(self) -> str:
        return to_json(self.document)


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _categories(rows: list[CountRow], with_audience: bool = False) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for row in rows:
        if not row.count:
            continue
        code = row.code or NOT_GIVEN_CODE
        table[code] = {"count": row.count, "audience": row.audience} if with_audience else row.count
    return table


def build_document(
    summary: ActivitySummary,
    *,
    association: dict[str, str],
    antenna: dict[str, str],
    year: int,
    rate: str,
    generated_at: datetime,
) -> dict[str, Any]:
    months = [
        {
            "month": row.month,
            "kind": row.kind,
            "activities": row.activities,
            "participants": row.participants,
            "first_timers": row.first_timers,
            "relatives": row.relatives,
            "audience": row.audience,
            "volunteer_minutes": row.volunteer_minutes,
            "volunteers": row.volunteers,
            "km": str(row.km),
            # Format v2 keeps its meaning: the amounts known, reimbursed or to reimburse
            # (the summary's estimate of unclaimed mileage stays out of the federation file).
            "reimbursed": str(row.reimbursed + row.pending - row.estimated),
            "waived": str(row.waived),
        }
        for row in summary.months
    ]
    totals = {
        "activities": summary.activities,
        "active_volunteers": summary.active_volunteers,
        "volunteer_minutes": summary.volunteer_minutes,
        "volunteer_value": str(summary.volunteer_value),
        "km": str(summary.km),
        "reimbursed": str(summary.reimbursed + summary.pending - summary.estimated),
        "waived": str(summary.waived),
        "partners": len(summary.partners),
    }
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "application": {"name": APPLICATION, "version": __version__},
        "generated_at": generated_at.astimezone(UTC).isoformat(timespec="seconds"),
        "association": association,
        "antenna": antenna,
        "year": year,
        "hourly_rate": rate,
        "totals": totals,
        "months": months,
        "by_kind": {code: kind_block(figures) for code, figures in summary.by_kind.items()},
        "visits_by_requester": _categories(summary.visits_by_requester),
        "visits_by_place": _categories(summary.visits_by_place),
        "interventions_by_format": _categories(summary.interventions_by_format, True),
        "audience_by_kind": _categories(summary.audience_by_kind, True),
        "partners_by_kind": {row.code: row.count for row in summary.partners_by_kind},
    }
    return seal(document)


def forbidden_texts(session: Session, antenna_id: int) -> set[str]:
    """The private texts to look for in the export's few free-text fields.

    Volunteers' names in both orders, of every antenna (a name typed into the wrong antenna's
    name is still a name), the antenna's visit references, the people its notes name after a
    title ("Mme Durand"), and its notes, expense descriptions and visit places when long enough
    to be specific: a place as short as "Lyon" may well be the antenna's own name. E-mails,
    phone numbers and addresses are also recognised by their look (:mod:`domain.privacy`).
    """
    texts: set[str] = set()
    for first, last, email, phone, address in session.execute(
        select(
            Volunteer.first_name,
            Volunteer.last_name,
            Volunteer.email,
            Volunteer.phone,
            Volunteer.address,
        )
    ):
        first, last = (first or "").strip(), (last or "").strip()
        if first and last:
            texts.update({f"{first} {last}", f"{last} {first}"})
        texts.update(t.strip() for t in (email, phone, address) if t and t.strip())
    texts.update(
        t.strip()
        for t in session.scalars(
            select(Activity.reference).where(Activity.antenna_id == antenna_id)
        )
        if t and t.strip()
    )
    free_text = [
        select(Activity.notes).where(Activity.antenna_id == antenna_id),
        select(Activity.place).where(Activity.antenna_id == antenna_id),
        select(ExpenseLine.description)
        .join(Volunteer, Volunteer.id == ExpenseLine.volunteer_id)
        .where(Volunteer.antenna_id == antenna_id),
    ]
    for query in free_text:
        for value in session.scalars(query):
            if not value or not value.strip():
                continue
            texts.update(titled_names(value))
            if len(value.strip()) >= MIN_NOTE_LENGTH:
                texts.add(value.strip())
    return texts


def privacy_problems(document: dict[str, Any], forbidden: Iterable[str]) -> list[str]:
    """Why ``document`` must not be sent (French), or an empty list."""
    problems = [f"Contenu non prévu : {p}" for p in shape_problems(document)]
    values = {where: fold(text) for where, text in free_texts(document).items()}
    for text in sorted(set(forbidden)):
        needle = fold(text)
        if len(needle) < MIN_FORBIDDEN_LENGTH or needle.replace(" ", "").isdigit():
            continue
        for where, value in values.items():
            if needle in value:
                problems.append(
                    f"Le champ {where} contient « {text} », une donnée qui doit rester "
                    "dans l'antenne (référence, note, lieu de visite ou nom)."
                )
    problems += [p[0].upper() + p[1:] + "." for p in received_privacy_problems(document)]
    try:  # what the federation would refuse (a name of 2,000 characters) is not written
        check_bounds(document)
    except OutOfBounds as exc:
        problems.append(f"Hors des limites du format : {exc}.")
    return problems


def prepare_export(
    db: Database, year: int, antenna_code: str, now: datetime | None = None
) -> PreparedExport:
    """Compute the export of ``antenna_code`` for ``year`` and check it; nothing is written."""
    if not 1900 <= year <= 2200:
        raise BadInputError(f"Année {year} invalide.")
    check_base_integrity(db)  # a damaged index would export wrong figures (issue 13)
    with db.session() as session:
        scope = resolve_antenna(session, antenna_code)
        assert scope.antenna_id is not None
        summary = compute_summary(session, Period.for_year(year), scope)
        antenna = session.get_one(Antenna, scope.antenna_id)
        settings = session.get(AssociationSettings, 1)
        association = {
            "name": settings.name if settings else "",
            "rna": settings.rna if settings else "",
            "siren": settings.siren if settings else "",
        }
        document = build_document(
            summary,
            association=association,
            antenna={"code": antenna.code, "name": antenna.name, "department": antenna.department},
            year=year,
            rate=str(hourly_rate(session, year)),
            generated_at=now or datetime.now(UTC),
        )
        key = antenna_signing_key(session, scope.antenna_id)
        document = sign_document(document, key)
        problems = privacy_problems(document, forbidden_texts(session, scope.antenna_id))
    return PreparedExport(document, summary, problems, key.fingerprint)


def write_export(prepared: PreparedExport, path: Path) -> None:
    """Write the JSON file (atomically); refuse if the privacy check found anything."""
    if not prepared.ok:
        raise BadInputError(
            "L'export n'a pas été écrit : il contiendrait des données qui doivent rester "
            "dans l'antenne.",
            prepared.problems,
        )
    write_text_atomically(path, prepared.text)
