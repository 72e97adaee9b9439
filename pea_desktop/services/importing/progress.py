"""Progress reporting for long imports: ``progress(done, total)``, called from the worker."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """The default: nobody is watching."""
