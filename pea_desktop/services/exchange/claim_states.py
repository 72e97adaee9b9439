"""On a volunteer's laptop: their claims as the coordinator last described them (read-only).

The coordinator's file carries the state of the volunteer's claims (reference.claims_of); the
volunteer's laptop keeps it in ``exchange_claim_state`` and shows it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from pea_desktop.domain.claims import ClaimStatus
from pea_desktop.domain.formatting import month_label
from pea_desktop.services.exchange.peers import coordinator_peer, role_of
from pea_desktop.store.database import Database
from pea_desktop.store.exchange_models import ROLE_VOLUNTEER, ExchangeClaimState


@dataclass(frozen=True)
class ClaimStateRow:
    """One claim as the coordinator sees it: what the volunteer's list shows."""

    number: str
    status: ClaimStatus
    period_start: date
    period_end: date
    amount: Decimal
    waiver: bool
    refusal_reason: str
    paid_on: date | None

    @property
    def period_label(self) -> str:
        return month_label(self.period_start.year, self.period_start.month)

    @property
    def status_text(self) -> str:
        """The status in French, with the reason of a refusal."""
        label = self.status.label.lower()
        if self.status is ClaimStatus.REFUSED and self.refusal_reason:
            return f"{label} : {self.refusal_reason}"
        return label


def shows_claim_states(db: Database) -> bool:
    """True on a volunteer's laptop that joined an antenna (it gets its claims' states)."""
    with db.session() as session:
        return role_of(session) == ROLE_VOLUNTEER and coordinator_peer(session) is not None


def my_claims(db: Database) -> list[ClaimStateRow]:
    """The volunteer's claims as the coordinator last sent them, latest period first."""
    with db.session() as session:
        states = session.scalars(
            select(ExchangeClaimState).order_by(
                ExchangeClaimState.period_start.desc(), ExchangeClaimState.number.desc()
            )
        ).all()
        return [
            ClaimStateRow(
                number=state.number,
                status=ClaimStatus(state.status),
                period_start=state.period_start,
                period_end=state.period_end,
                amount=state.amount,
                waiver=state.waiver,
                refusal_reason=state.refusal_reason,
                paid_on=state.paid_on,
            )
            for state in states
        ]


def last_update(db: Database) -> datetime | None:
    """When the coordinator's latest claim states were taken in (None: never)."""
    with db.session() as session:
        return session.scalar(select(func.max(ExchangeClaimState.updated_at)))
