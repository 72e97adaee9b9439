"""Attestations of volunteer activity: a volunteer's year (hours, activities by kind)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.attestation import ROLE_FUNCTIONS, KindLine, VolunteerAttestation
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.association import association_in
from pea_desktop.store.database import Database
from pea_desktop.store.models import Activity, AssociationSettings, Volunteer, activity_volunteer


def volunteer_attestation(
    db: Database, volunteer_id: int, year: int, today: date | None = None
) -> VolunteerAttestation:
    """What the attestation of ``volunteer_id`` for ``year`` prints (live activities only)."""
    with db.session() as session:
        volunteer = session.get(Volunteer, volunteer_id)
        if volunteer is None or volunteer.deleted_at is not None:
            raise BadInputError("Ce bénévole n'existe pas ou est à la corbeille.")
        issuer = association_in(session)
        if issuer is None or not issuer.name:
            raise BadInputError(
                "Indiquez d'abord le nom de l'association (paramètres de l'association)."
            )
        query = (
            select(
                Activity.kind,
                func.count(),
                func.coalesce(func.sum(Activity.duration_minutes), 0),
                func.min(Activity.date),
                func.max(Activity.date),
            )
            .join(activity_volunteer, activity_volunteer.c.activity_id == Activity.id)
            .where(
                activity_volunteer.c.volunteer_id == volunteer_id,
                Activity.deleted_at.is_(None),
                Activity.date >= date(year, 1, 1),
                Activity.date <= date(year, 12, 31),
            )
            .group_by(Activity.kind)
        )
        found = {
            kind: (count, minutes, first, last)
            for kind, count, minutes, first, last in session.execute(query)
        }
        lines = tuple(
            KindLine(kind.plural, found[kind][0], int(found[kind][1] or 0))
            for kind in KINDS
            if kind in found
        )
        firsts = [v[2] for v in found.values()]
        lasts = [v[3] for v in found.values()]
        signature = session.scalar(select(AssociationSettings.signature_image).limit(1))
        return VolunteerAttestation(
            issuer=issuer,
            year=year,
            volunteer_name=volunteer.full_name,
            function=ROLE_FUNCTIONS.get(volunteer.role, "bénévolat"),
            antenna=volunteer.antenna.display_name,
            lines=lines,
            first_day=min(firsts) if firsts else None,
            last_day=max(lasts) if lasts else None,
            issued_on=today or date.today(),
            signature=signature,
        )
