"""Keeping personal data no longer than needed (RGPD): retention of visit details, and a
volunteer's data exported (right of access) then erased when they leave.

- :func:`retention_preview` / :func:`purge_old_details`: visit references and activity notes
  older than the antenna's retention period (``antenna.retention_years``, 3 years by default)
  are emptied; the activities themselves stay, so counts and summaries do not change. A backup
  is made first (on a SQLite file; on a server, the administrator's ``pg_dump``:
  :mod:`pea_desktop.services.safety_copies`). :func:`set_retention_years` changes the period.
- :func:`volunteer_data` / :func:`volunteer_data_json`: everything the base holds about one
  volunteer, for their access request.
- :func:`erase_volunteer`: contact details, vehicle and free texts go at once; the name and
  postal address only once no claim or tax receipt still has to be kept (10 years for
  accounting records, Code de commerce art. L123-22; 6 years for tax receipts, LPF art.
  L102 B). The volunteer stays linked to their activities, anonymised, so counts stay right.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_date
from pea_desktop.domain.text import fold
from pea_desktop.services.organisation.volunteers import name_key
from pea_desktop.services.safety_copies import SERVER_BACKUPS, copy_before
from pea_desktop.store.audit import log_batch
from pea_desktop.store.backup_catalog import BackupKind
from pea_desktop.store.claims_models import TaxReceipt
from pea_desktop.store.database import Database
from pea_desktop.store.models import (
    Activity,
    Antenna,
    ExpenseClaim,
    ExpenseLine,
    Volunteer,
    activity_volunteer,
)

DEFAULT_RETENTION_YEARS = 3
MIN_RETENTION_YEARS, MAX_RETENTION_YEARS = 1, 10
ACCOUNTING_YEARS = 10  # Code de commerce, art. L123-22
TAX_RECEIPT_YEARS = 6  # Livre des procédures fiscales, art. L102 B
ANONYMOUS_FIRST_NAME = "Bénévole"


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _antenna(session: Session, code: str) -> Antenna:
    antenna = session.scalar(
        select(Antenna).where(Antenna.code == code.strip().upper())
    ) or session.scalar(select(Antenna).where(Antenna.code == code.strip()))
    if antenna is None:
        known = ", ".join(session.scalars(select(Antenna.code).order_by(Antenna.code)))
        raise BadInputError(
            f"Antenne « {code} » inconnue.", [f"antennes connues : {known or 'aucune'}"]
        )
    return antenna


# --- retention of visit details ------------------------------------------------------------


@dataclass(frozen=True)
class RetentionPreview:
    antenna: str  # code
    years: int
    cutoff: date  # details of activities dated before this day go
    activities: int  # activities whose reference or notes would be emptied
    references: int
    notes: int
    oldest: date | None

    def describe(self) -> str:
        if not self.activities:
            return (
                f"Antenne {self.antenna} : rien à purger (conservation {self.years} ans, "
                f"activités antérieures au {format_date(self.cutoff)})."
            )
        return (
            f"Antenne {self.antenna} : {self.activities} activité(s) antérieure(s) au "
            f"{format_date(self.cutoff)} (conservation {self.years} ans, la plus ancienne du "
            f"{format_date(self.oldest) if self.oldest else '–'}) perdront {self.references} "
            f"référence(s) de visite et {self.notes} note(s). Les activités restent comptées."
        )


def _old_details(antenna_id: int, cutoff: date) -> Any:
    return (
        Activity.antenna_id == antenna_id,
        Activity.date < cutoff,
        or_(Activity.reference != "", Activity.notes != ""),
    )


def retention_preview(db: Database, antenna_code: str, today: date) -> RetentionPreview:
    """What :func:`purge_old_details` would empty today; nothing is changed."""
    with db.session() as session:
        antenna = _antenna(session, antenna_code)
        cutoff = _years_before(today, antenna.retention_years)
        rows = session.execute(
            select(Activity.date, Activity.reference, Activity.notes).where(
                *_old_details(antenna.id, cutoff)
            )
        ).all()
        return RetentionPreview(
            antenna=antenna.code,
            years=antenna.retention_years,
            cutoff=cutoff,
            activities=len(rows),
            references=sum(1 for r in rows if r.reference),
            notes=sum(1 for r in rows if r.notes),
            oldest=min((r.date for r in rows), default=None),
        )


@dataclass(frozen=True)
class PurgeResult:
    previews: list[RetentionPreview]  # what was emptied, per antenna
    backup: Path | None  # the copy made first (None when there was nothing to purge)
    on_server: bool = False  # no copy there: the server's backups are its administrator's

    @property
    def activities(self) -> int:
        return sum(p.activities for p in self.previews)

    def describe(self) -> str:
        lines = []
        for p in self.previews:
            if not p.activities:
                lines.append(p.describe())
                continue
            lines.append(
                f"Antenne {p.antenna} : {p.references} référence(s) de visite et {p.notes} "
                f"note(s) antérieures au {format_date(p.cutoff)} effacées ({p.activities} "
                "activité(s), toujours comptées)."
            )
        if self.backup is not None:
            lines.append(f"Sauvegarde faite avant la purge : {self.backup}.")
        elif self.on_server and self.activities:
            lines.append(SERVER_BACKUPS)
        return "\n".join(lines)


def purge_old_details(db: Database, antenna_codes: Sequence[str], today: date) -> PurgeResult:
    """Empty the old visit references and notes of the antennas, after one backup, in one
    transaction (all or nothing)."""
    previews = [retention_preview(db, code, today) for code in antenna_codes]
    if not any(p.activities for p in previews):
        return PurgeResult(previews, None)
    backup = copy_before(db, BackupKind.BEFORE_PURGE)
    with db.session() as session:
        for preview in previews:
            antenna = _antenna(session, preview.antenna)
            session.execute(
                update(Activity)
                .where(*_old_details(antenna.id, preview.cutoff))
                # The version moves: a form still showing the old notes cannot save them back.
                .values(reference="", notes="", version=Activity.version + 1)
            )
            log_batch(
                session,
                "activity",
                "updated",
                f"Conservation : références et notes purgées avant le "
                f"{format_date(preview.cutoff)} (antenne {preview.antenna})",
            )
    return PurgeResult(previews, backup, on_server=db.on_server)


def set_retention_years(db: Database, antenna_code: str, years: int) -> None:
    if not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS:
        raise BadInputError(
            f"Durée de conservation {years} ans impossible : entre {MIN_RETENTION_YEARS} et "
            f"{MAX_RETENTION_YEARS} ans."
        )
    with db.session() as session:
        _antenna(session, antenna_code).retention_years = years


def retention_years(db: Database, antenna_code: str) -> int:
    with db.session() as session:
        return _antenna(session, antenna_code).retention_years


# --- a volunteer's personal data --------------------------------------------------------------


def find_volunteer(db: Database, name: str) -> int:
    """The id of the volunteer called ``name`` ("Prénom Nom", either order, any case)."""
    wanted = fold(" ".join(name.split()))
    with db.session() as session:
        rows = session.execute(
            select(Volunteer.id, Volunteer.first_name, Volunteer.last_name, Antenna.code).join(
                Antenna, Antenna.id == Volunteer.antenna_id
            )
        ).all()
    matches = [
        r
        for r in rows
        if wanted in (fold(f"{r.first_name} {r.last_name}"), fold(f"{r.last_name} {r.first_name}"))
    ]
    if not matches:
        raise BadInputError(f"Bénévole « {name} » inconnu.")
    if len(matches) > 1:
        raise BadInputError(
            f"Plusieurs bénévoles s'appellent « {name} » :",
            [f"{r.first_name} {r.last_name} ({r.code}), n°{r.id}" for r in matches],
        )
    return int(matches[0].id)


def _text(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, int | str):  # enums
        return value.value
    if value is not None and not isinstance(value, int | str | bool):
        return str(value)  # Decimal
    return value


def volunteer_data(db: Database, volunteer_id: int) -> dict[str, Any]:
    """Everything the base holds about one volunteer (their activities without the people
    helped: those details are not theirs)."""
    with db.session() as session:
        volunteer = session.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise BadInputError(f"Bénévole n°{volunteer_id} inconnu.")
        identity = {
            name: _text(getattr(volunteer, name))
            for name in (
                "first_name",
                "last_name",
                "role",
                "email",
                "phone",
                "address",
                "postal_code",
                "city",
                "vehicle_kind",
                "fiscal_horsepower",
                "electric",
                "active",
                "created_at",
                "updated_at",
                "erased_at",
            )
        }
        activities = session.execute(
            select(Activity.date, Activity.kind, Activity.duration_minutes)
            .join(activity_volunteer, activity_volunteer.c.activity_id == Activity.id)
            .where(activity_volunteer.c.volunteer_id == volunteer_id)
            .where(Activity.deleted_at.is_(None))
            .order_by(Activity.date)
        ).all()
        lines = session.scalars(
            select(ExpenseLine)
            .where(ExpenseLine.volunteer_id == volunteer_id)
            .order_by(ExpenseLine.date)
        ).all()
        claims = session.scalars(
            select(ExpenseClaim)
            .where(ExpenseClaim.volunteer_id == volunteer_id)
            .order_by(ExpenseClaim.number)
        ).all()
        receipts = session.scalars(
            select(TaxReceipt)
            .where(TaxReceipt.volunteer_id == volunteer_id)
            .order_by(TaxReceipt.number)
        ).all()
        return {
            "format": "pea-desktop/donnees-benevole",
            "version": 1,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "antenna": volunteer.antenna.code,
            "identity": identity,
            "activities": [
                {"date": _text(a.date), "kind": _text(a.kind), "minutes": a.duration_minutes}
                for a in activities
            ],
            "expenses": [
                {
                    name: _text(getattr(line, name))
                    for name in (
                        "date",
                        "kind",
                        "km",
                        "amount",
                        "trip_from",
                        "trip_to",
                        "description",
                    )
                }
                | {"claim": line.claim.number if line.claim else None}
                for line in lines
            ],
            "claims": [
                {
                    "number": c.number,
                    "period_start": _text(c.period_start),
                    "period_end": _text(c.period_end),
                    "status": _text(c.status),
                    "waiver": c.waiver,
                    "paid_on": _text(c.paid_on),
                }
                for c in claims
            ],
            "tax_receipts": [
                {
                    "number": r.number,
                    "amount": _text(r.amount),
                    "donation_date": _text(r.donation_date),
                    "donor_name": r.donor_name,
                    "donor_address": r.donor_address,
                    "status": _text(r.status),
                }
                for r in receipts
            ],
        }


def volunteer_data_json(db: Database, volunteer_id: int) -> str:
    return json.dumps(volunteer_data(db, volunteer_id), ensure_ascii=False, indent=2) + "\n"


@dataclass
class ErasureResult:
    volunteer_id: int
    erased: list[str] = field(default_factory=list)  # French labels of what went
    kept_until: date | None = None  # name and postal address kept until then (claims, receipts)
    backup: Path | None = None
    on_server: bool = False  # no copy there: the server's backups are its administrator's

    def describe(self) -> str:
        text = "Effacé : " + ", ".join(self.erased) + "." if self.erased else "Rien à effacer."
        if self.kept_until:
            text += (
                " Nom et adresse postale gardés jusqu'au "
                f"{format_date(self.kept_until)} : des notes de frais ou reçus fiscaux doivent "
                "être conservés jusque-là (pièces comptables 10 ans, reçus fiscaux 6 ans). "
                "Relancez l'effacement après cette date."
            )
        else:
            text += (
                " Le bénévole apparaît désormais comme anonyme ; ses activités restent comptées."
            )
        if self.on_server:
            text += " " + SERVER_BACKUPS
        return text


def legal_hold_until(session: Session, volunteer_id: int) -> date | None:
    """The last day a claim or tax receipt of the volunteer must still be kept, if any."""
    ends = []
    for (period_end,) in session.execute(
        select(ExpenseClaim.period_end).where(ExpenseClaim.volunteer_id == volunteer_id)
    ):
        ends.append(date(period_end.year + ACCOUNTING_YEARS, 12, 31))
    for (issued_on,) in session.execute(
        select(TaxReceipt.issued_on).where(TaxReceipt.volunteer_id == volunteer_id)
    ):
        ends.append(date(issued_on.year + TAX_RECEIPT_YEARS, 12, 31))
    return max(ends, default=None)


def erase_volunteer(db: Database, volunteer_id: int, today: date) -> ErasureResult:
    """Erase a departing volunteer's personal data, after a backup; all at once."""
    with db.session() as session:
        if session.get(Volunteer, volunteer_id) is None:
            raise BadInputError(f"Bénévole n°{volunteer_id} inconnu.")
    backup = copy_before(db, BackupKind.BEFORE_ERASURE)
    result = ErasureResult(volunteer_id, backup=backup, on_server=db.on_server)
    with db.session() as session:
        volunteer = session.get_one(Volunteer, volunteer_id)
        hold = legal_hold_until(session, volunteer_id)
        keep_identity = hold is not None and hold >= today
        volunteer.email = volunteer.phone = ""
        volunteer.vehicle_kind = None
        volunteer.fiscal_horsepower = None
        volunteer.electric = False
        result.erased += ["e-mail", "téléphone", "véhicule"]
        # Free texts of expense lines not on a claim (claims are accounting records).
        session.execute(
            update(ExpenseLine)
            .where(ExpenseLine.volunteer_id == volunteer_id, ExpenseLine.claim_id.is_(None))
            .values(description="", trip_from="", trip_to="", version=ExpenseLine.version + 1)
        )
        result.erased.append("libellés et trajets des frais hors note de frais")
        if keep_identity:
            result.kept_until = hold
        else:
            volunteer.first_name = ANONYMOUS_FIRST_NAME
            volunteer.last_name = f"anonyme n°{volunteer_id}"
            volunteer.name_key = name_key(volunteer.first_name, volunteer.last_name)
            volunteer.address = volunteer.postal_code = volunteer.city = ""
            result.erased += ["nom", "adresse postale"]
        volunteer.active = False
        volunteer.erased_at = datetime.now(UTC).replace(tzinfo=None)
    return result
