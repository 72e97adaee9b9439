"""Legal numbers (claims, tax receipts) and antenna codes in a transfer's target: a number the
source brings must be free there, or already the same row's; numbers are never changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.services.server.transfer_report import ROW_LABELS, TransferError, TransferReport
from pea_desktop.services.server.transfer_scope import table

# Numbers that must stay what they are (legal documents), by table.
LEGAL_NUMBERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "expense_claim": (("number",), ("year", "seq")),
    "tax_receipt": (("number",), ("year", "seq")),
    "antenna": (("code",),),
}


class NumberIndex:
    """The target's legal numbers (claims, receipts) and antenna codes: a number the source
    brings must be free, or already the same row's."""

    def __init__(self, target: Session, name: str) -> None:
        self.name = name
        self.keys = LEGAL_NUMBERS.get(name, ())
        self.taken: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {}
        t = table(name)
        for key in self.keys:
            self.taken[key] = {
                tuple(row[:-1]): row[-1]
                for row in target.execute(select(*(t.c[c] for c in key), t.c.id))
            }

    def check(
        self,
        describe: Callable[[], str],
        report: TransferReport,
        values: dict[str, Any],
        target_id: int | None,
    ) -> None:
        """Refuse ``values`` (the row ``describe()`` names) when a number of it is another's."""
        for key in self.keys:
            holder = self.taken[key].get(tuple(values[c] for c in key))
            if holder is not None and holder != target_id:
                shown = " ".join(str(values[c]) for c in key)
                label = ROW_LABELS[self.name]
                raise TransferError(
                    f"Copie refusée : {label} {describe()} de "
                    f"{report.source} porte le numéro {shown}, déjà pris sur "
                    f"{report.target} par une autre ligne. Les numéros sont des pièces "
                    "comptables : ils ne sont jamais changés. Rien n'a été copié."
                    if self.name != "antenna"
                    else f"Copie refusée : le code d'antenne {shown} est déjà pris sur "
                    f"{report.target} par une autre antenne. Rien n'a été copié."
                )

    def note(self, values: dict[str, Any], target_id: int) -> None:
        for key in self.keys:
            self.taken[key][tuple(values[c] for c in key)] = target_id
