"""Why something cannot be saved: the field concerned and a French sentence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Why a draft cannot be saved: the field concerned and a French sentence."""

    field: str
    message: str


AddProblem = Callable[[Problem], None]
