"""A workaround for PySide6 6.12.0, which drops a reference to ``True`` in each Python-side
``SignalInstance.emit`` (measured here: 100 emits, 100 references fewer; 6.11.3 keeps them).

On Python 3.11 ``True`` and ``False`` are not immortal: once enough emits have run, the
interpreter aborts at exit ("Fatal Python error: bool_dealloc"), after every test passed. The
real fix is to exclude 6.12.0 in ``pyproject.toml``; until then, a test module that emits many
signals gives both booleans spare references.
"""

from __future__ import annotations

import ctypes

import PySide6

SPARE_REFERENCES = 1 << 24


def spare_bool_references() -> None:
    """Add spare references to True and False under the affected PySide6 version only."""
    if PySide6.__version__ != "6.12.0":
        return
    for value in (True, False):
        ctypes.c_ssize_t.from_address(id(value)).value += SPARE_REFERENCES
