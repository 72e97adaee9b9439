"""How an incoming revision of a record relates to the local one (exchange between laptops).

Every travelling record carries a revision (a random id given at each change found) and the
revisions it descends from. Comparing the two sides' revisions and histories says whether the
incoming one is already here, older than ours, newer than ours, or made concurrently (changed on
both sides since they last met: a conflict, never overwritten in silence).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

HISTORY_LIMIT = 400  # revisions remembered per record; far more than its changes in a year


class Relation(StrEnum):
    NEW = "new"  # not here yet
    SAME = "same"  # this very revision is here
    STALE = "stale"  # older than ours (a file received late): ignored
    FORWARD = "forward"  # descends from ours: taken
    CONCURRENT = "concurrent"  # both changed since they last met: a conflict


def relate(
    local_rev: str | None,
    local_history: Sequence[str],
    incoming_rev: str,
    incoming_history: Sequence[str],
) -> Relation:
    if local_rev is None:
        return Relation.NEW
    if incoming_rev == local_rev:
        return Relation.SAME
    if incoming_rev in local_history:
        return Relation.STALE
    if local_rev in incoming_history:
        return Relation.FORWARD
    return Relation.CONCURRENT


def joined_history(*parts: Sequence[str]) -> list[str]:
    """The revisions of several histories (and revisions), each once, oldest first, bounded."""
    seen: dict[str, None] = {}
    for part in parts:
        for rev in part:
            seen.setdefault(rev, None)
    return list(seen)[-HISTORY_LIMIT:]
