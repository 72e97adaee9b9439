"""Revisions of travelling records: changes made on this laptop are found by their content.

Services that edit activities and expenses know nothing of the exchange: before sending or
receiving, the content of each record in play is hashed and compared with the hash kept at its
last revision; a difference is a change made here, which gets a new revision descending from
the previous one. A record purged from the bin gets a last revision with no content.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pea_desktop.domain.exchange_merge import joined_history
from pea_desktop.services.exchange.rows import SPECS, content_hash
from pea_desktop.store.exchange_models import ExchangeRecordState

PURGED_HASH = content_hash(None)


def new_rev() -> str:
    return secrets.token_hex(8)


def history_of(state: ExchangeRecordState) -> list[str]:
    loaded = json.loads(state.history or "[]")
    return [str(rev) for rev in loaded] if isinstance(loaded, list) else []


def load_states(session: Session, kind: str) -> dict[str, ExchangeRecordState]:
    rows = session.scalars(select(ExchangeRecordState).where(ExchangeRecordState.kind == kind))
    return {state.record_uuid: state for state in rows}


def set_state(
    session: Session,
    states: dict[str, ExchangeRecordState],
    kind: str,
    uuid: str,
    rev: str,
    digest: str,
    history: list[str],
    *,
    antenna: str = "",
) -> ExchangeRecordState:
    """Record the revision; ``antenna``: the UUID of the antenna whose record it is (on a
    server, a coordinator sees and writes only their antennas' revisions)."""
    state = states.get(uuid)
    if state is None:
        state = ExchangeRecordState(record_uuid=uuid, kind=kind, antenna_uuid=antenna)
        session.add(state)
        states[uuid] = state
    elif antenna and state.antenna_uuid != antenna:
        state.antenna_uuid = antenna
    state.rev, state.content_sha256 = rev, digest
    state.history = json.dumps(history)
    return state


def refresh(
    session: Session,
    kind: str,
    contents: dict[str, dict[str, Any]],
    states: dict[str, ExchangeRecordState],
    *,
    antenna: str = "",
) -> None:
    """Give a new revision to each record whose content changed here since its last one."""
    for uuid, content in contents.items():
        digest = content_hash(content)
        state = states.get(uuid)
        if state is None:
            set_state(session, states, kind, uuid, new_rev(), digest, [], antenna=antenna)
        elif state.content_sha256 != digest:
            set_state(
                session,
                states,
                kind,
                uuid,
                new_rev(),
                digest,
                joined_history(history_of(state), [state.rev]),
                antenna=antenna,
            )


def refresh_purged(
    session: Session, kind: str, states: dict[str, ExchangeRecordState], *, antenna: str = ""
) -> None:
    """Records whose row is gone (purged from the bin) get a last revision without content."""
    table = SPECS[kind].table
    gone = session.scalars(
        text(
            f"SELECT s.record_uuid FROM exchange_record_state s "
            f"LEFT JOIN {table} t ON t.uuid = s.record_uuid "
            "WHERE s.kind = :kind AND t.id IS NULL AND s.content_sha256 != :purged"
        ),
        {"kind": kind, "purged": PURGED_HASH},
    ).all()
    for uuid in gone:
        state = states[uuid]
        set_state(
            session,
            states,
            kind,
            uuid,
            new_rev(),
            PURGED_HASH,
            joined_history(history_of(state), [state.rev]),
            antenna=antenna,
        )
