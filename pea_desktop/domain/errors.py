"""Errors that services raise for the user to read (French), never a traceback."""

from __future__ import annotations


class BadInputError(Exception):
    """The user's input (a file, a form, a command-line value) is wrong; nothing was written.

    ``problems`` lists every error found, each naming where it is (file, line, field).
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join([self.message, *(f"  - {p}" for p in self.problems)])


class StaleRecordError(BadInputError):
    """A save or a deletion based on a record another user changed since it was shown.

    Nothing was written; the form offers to reload the current values (optimistic locking).
    """
