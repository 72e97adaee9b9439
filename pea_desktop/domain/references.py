"""Pseudonymous references of the people visited: a code such as V-2026-014, never a name."""

from __future__ import annotations

import re

REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{0,31}$")


def is_pseudonymous_reference(reference: str) -> bool:
    return bool(REFERENCE_PATTERN.match(reference)) and any(c.isdigit() for c in reference)
