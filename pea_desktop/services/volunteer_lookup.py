"""Finding a volunteer from a name typed on the command line ("Prénom Nom", either order).

Below the capabilities that need it (claims, summaries, organisation), like ``association``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.text import fold
from pea_desktop.store.models import Volunteer


def find_volunteer(
    session: Session, name: str, antenna_id: int | None = None, option: str = "--volunteer"
) -> Volunteer:
    """The one live volunteer called ``name`` (accents and case ignored, first or last name
    first); :class:`BadInputError` naming the option when none or several match."""
    words = fold(name).split()
    if not words:
        raise BadInputError(f"{option} : indiquez le prénom et le nom du bénévole.")
    wanted = " ".join(words)
    query = select(Volunteer).where(Volunteer.deleted_at.is_(None))
    if antenna_id is not None:
        query = query.where(Volunteer.antenna_id == antenna_id)
    # Compared here (an antenna has at most a few hundred volunteers): first name first or
    # last name first, whatever the stored search key.
    found = [
        v
        for v in session.scalars(query)
        if wanted
        in (
            " ".join(fold(f"{v.first_name} {v.last_name}").split()),
            " ".join(fold(f"{v.last_name} {v.first_name}").split()),
        )
    ]
    if not found:
        raise BadInputError(f"{option} : aucun bénévole ne s'appelle « {name.strip()} ».")
    if len(found) > 1:
        codes = ", ".join(sorted(v.antenna.code for v in found))
        raise BadInputError(
            f"{option} : plusieurs bénévoles s'appellent « {name.strip()} » (antennes {codes}) : "
            "précisez --antenna."
        )
    return found[0]
