"""argparse in French: usage line, section titles, ``-h`` and argparse's own error messages.

Kept apart from the command definitions (``cli.py``) so that any parser of the application
speaks French the same way.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

EXIT_BAD_INPUT = 2  # argparse's own status for bad usage, kept

# argparse's English messages (Python 3.11 to 3.13) and their French wording. They all reach
# ``ArgumentParser.error``, which translates them before printing.
_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"^argument (.+?): ", r"\1 : "),
    (r"the following arguments are required: (.*)", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.*)", r"arguments non reconnus : \1"),
    (
        r"invalid choice: (.*?) \(choose from (.*)\)",
        r"choix invalide : \1 (choisir parmi \2)",
    ),
    (r"invalid (\w+) value: (.*)", r"valeur invalide : \2"),
    (r"expected one argument", r"une valeur est attendue"),
    (r"expected at least one argument", r"au moins une valeur est attendue"),
    (r"expected at most one argument", r"au plus une valeur est attendue"),
    (r"expected (\d+) arguments?", r"\1 valeur(s) attendue(s)"),
    (r"not allowed with argument (.*)", r"incompatible avec l'option \1"),
    (r"ambiguous option: (.*?) could match (.*)", r"option ambiguë : \1 peut désigner \2"),
    (r"one of the arguments (.*) is required", r"l'une des options \1 est obligatoire"),
    (r"ignored explicit argument (.*)", r"valeur ignorée : \1"),
)


def translate_argparse_message(message: str) -> str:
    for pattern, replacement in _TRANSLATIONS:
        message = re.sub(pattern, replacement, message)
    return message


class FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse in French: usage, titles, ``-h`` and error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str) -> NoReturn:  # argparse exits 2 on bad usage, as we want
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"pea-desktop : erreur : {translate_argparse_message(message)}\n")
