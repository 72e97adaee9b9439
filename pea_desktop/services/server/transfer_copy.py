"""Copying the rows of some antennas from one base into another, in the target's transaction.

The same copy serves both directions: a laptop's SQLite base into the server base (import) and
a server's antennas out into a new SQLite file (export). Rows are matched by what identifies
them across bases, never by their ids (each base numbers its own rows):

- rows users create (``Tracked``: antennas, volunteers, activities, claims...) by their UUID,
  an antenna also by its code (the administrator may have created it on the server first);
- the rows that hang on them by their parent and natural key (an activity's volunteers, a
  claim's status history, a mileage line's valuation, an antenna's signing key, SEPA batches by
  their message id);

and every foreign key is rewritten to the target's ids. A row found in the target is updated
when its content differs and the source's version is at least as recent (``updated_at``); a
more recent target version is kept and counted. Running the copy twice adds nothing.

Claim and tax-receipt numbers are legal documents: a number already used by another row of the
target refuses the whole copy (the caller rolls back), with a message naming both. The
exchange between laptops (its identity, peers, record states) belongs to one laptop and is
never copied.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from itertools import islice
from typing import Any

from sqlalchemy import (
    RowMapping,
    Table,
    and_,
    delete,
    func,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from pea_desktop.domain.plurals import agree, plural
from pea_desktop.services.server.transfer_numbers import NumberIndex
from pea_desktop.services.server.transfer_reference import ReferenceMerge
from pea_desktop.services.server.transfer_report import (
    ROW_LABELS,
    TABLE_LABELS,
    Progress,
    TransferError,
    TransferReport,
)
from pea_desktop.services.server.transfer_scope import COPIED, REFERENCE_SIDE, Scope, table
from pea_desktop.store.audit import log_batch

BATCH = 500
# Columns a base computes itself (the search text is kept by a trigger on each engine).
COMPUTED = frozenset({"search_text"})
# Optimistic locking's row version (store/models.Tracked): never compared, and bumped on the
# target's row when the copy changes it, so a form opened there before refuses its stale save.
VERSION = "version"
# Who changed a row last: copied with it, but not a difference on its own.
NOT_COMPARED = frozenset({"id", *COMPUTED, "created_at", "updated_at", VERSION, "updated_by"})
# References that may be left empty when their row is not copied (a partner, an activity of
# another antenna): the row keeps everything else.
OPTIONAL_REFERENCES = {("activity", "partner_id"), ("expense_line", "activity_id")}


def _batches(rows: Iterable[RowMapping], size: int = BATCH) -> Iterator[list[RowMapping]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Copier:
    """One copy from ``source`` to ``target`` (two open sessions; the caller commits)."""

    def __init__(
        self,
        source: Session,
        target: Session,
        report: TransferReport,
        *,
        antenna_codes: Sequence[str] | None = None,
        source_wins: bool = False,
        replace_association: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.source, self.target, self.report = source, target, report
        self.scope = Scope(antenna_codes)
        self.codes = self.scope.codes
        self.source_wins = source_wins
        self.replace_association = replace_association
        self.progress = progress
        # source id -> target id, by table; and the source ids whose target version was kept
        self.ids: dict[str, dict[int, int]] = defaultdict(dict)
        self.kept: dict[str, set[int]] = defaultdict(set)
        self.left_out = 0  # references to rows not copied (left empty)
        self.done = 0
        self.total = 0
        self.current = "association"

    def _count(self, name: str) -> int:
        return int(
            self.source.scalar(
                select(func.count()).select_from(table(name)).where(self.scope.where(name))
            )
            or 0
        )

    # --- the copy -----------------------------------------------------------------------------
    def run(self) -> None:
        try:
            self._run()
        except DBAPIError as exc:
            cause = getattr(exc, "orig", None) or exc
            detail = (str(cause).strip().splitlines() or ["erreur inconnue"])[0]
            raise TransferError(
                f"Copie refusée en écrivant les {TABLE_LABELS[self.current]} : {detail}. "
                "Rien n'a été copié."
            ) from exc

    def _run(self) -> None:
        self._check_antennas()
        reference = ReferenceMerge(
            self.source,
            self.target,
            self.report,
            source_wins=self.source_wins,
            replace_association=self.replace_association,
        )
        self.total = reference.count() + sum(
            self._count(name) for name in COPIED if name not in REFERENCE_SIDE
        )
        self._advance(reference.run(), "association")
        self.tracked("antenna", natural=("code",))
        self.by_key("antenna_key", ("antenna_id",), keep_target=not self.source_wins)
        self.tracked("partner")
        self.tracked("volunteer")
        self.tracked("activity")
        self.links()
        self.tracked("expense_claim")
        self.by_key(
            "claim_status_change", ("claim_id", "to_status", "changed_at"), insert_only=True
        )
        self.tracked("expense_line")
        self.by_key("mileage_valuation", ("expense_line_id",), parent="expense_line")
        self.tracked("expense_receipt")
        self.tracked("tax_receipt", batch=1)  # a receipt may replace the one just before it
        self.by_key("sepa_batch", ("message_id",))
        self.by_key("sepa_transfer", ("batch_id", "claim_id"))
        self._log()
        if self.left_out:
            self.report.notices.append(
                plural(self.left_out, "référence", "références")
                + " vers des lignes d'antennes non copiées (structure partenaire, activité, "
                + agree(self.left_out, "bénévole) laissée vide.", "bénévoles) laissées vides.")
            )

    def _log(self) -> None:
        """One line of the target's audit trail per table the copy changed."""
        for name in COPIED:
            added, updated = self.report.added[name], self.report.updated[name]
            if added or updated:
                log_batch(
                    self.target,
                    name,
                    "import",
                    f"Copie depuis {self.report.source} : "
                    f"{plural(added, 'ajout')}, {plural(updated, 'mise à jour', 'mises à jour')}",
                )

    def _check_antennas(self) -> None:
        if self.codes is None:
            return
        t = table("antenna")
        known = set(self.source.scalars(select(t.c.code).where(t.c.code.in_(self.codes))))
        missing = [code for code in self.codes if code not in known]
        if missing:
            unknown = agree(len(missing), "Antenne inconnue", "Antennes inconnues")
            raise TransferError(
                f"{unknown} sur {self.report.source} : {', '.join(missing)}. Rien n'a été copié."
            )

    def _advance(self, rows: int, name: str) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total, TABLE_LABELS[name])

    # --- references ---------------------------------------------------------------------------
    def _translate(self, name: str, row: RowMapping) -> dict[str, Any]:
        """The row's values for the target: its id and computed columns left out, every
        reference rewritten to the target's ids."""
        t = table(name)
        values = {c.name: row[c.name] for c in t.columns if c.name not in {"id", *COMPUTED}}
        for fk in t.foreign_keys:
            column, parent = fk.parent.name, fk.column.table.name
            if values.get(column) is None or parent == "mileage_scale":
                continue  # scales are keyed by their year in both bases
            mapped = self.ids[parent].get(values[column])
            if mapped is None:
                if (name, column) in OPTIONAL_REFERENCES:
                    values[column] = None
                    self.left_out += 1
                    continue
                raise TransferError(
                    f"Copie refusée : {ROW_LABELS[name]} {self._describe(name, row)} renvoie à "
                    f"{ROW_LABELS[parent]} n° {values[column]} de {self.report.source}, "
                    "absente des lignes copiées. Rien n'a été copié."
                )
            values[column] = mapped
        return values

    def _describe(self, name: str, row: RowMapping | dict[str, Any]) -> str:
        for key in ("number", "code", "message_id"):
            if row.get(key):
                return str(row[key])
        if "first_name" in row:
            return f"{row['first_name']} {row['last_name']}"
        if "date" in row and "uuid" in row:
            return f"du {row['date']:%d/%m/%Y} ({row['uuid']})"
        if "uuid" in row:
            return f"({row['uuid']})"
        return ""

    # --- rows with a UUID ---------------------------------------------------------------------
    def tracked(self, name: str, *, natural: tuple[str, ...] = (), batch: int = BATCH) -> None:
        self.current = name
        t = table(name)
        numbers = NumberIndex(self.target, name)
        compared = [c.name for c in t.columns if c.name not in NOT_COMPARED]
        rows = self.source.execute(
            select(t).where(self.scope.where(name)).order_by(t.c.id)
        ).mappings()
        for chunk in _batches(rows, batch):
            existing = self._existing(t, chunk, natural)
            inserts: list[tuple[int, dict[str, Any]]] = []
            for row in chunk:
                values = self._translate(name, row)
                found = existing.get(("uuid", row["uuid"]))
                by_natural = False
                if found is None and natural:
                    found = existing.get((natural, tuple(row[c] for c in natural)))
                    by_natural = found is not None
                if found is None:
                    numbers.check(partial(self._describe, name, row), self.report, values, None)
                    inserts.append((row["id"], values))
                    continue
                self.ids[name][row["id"]] = found["id"]
                if by_natural:
                    values["uuid"] = found["uuid"]  # the target's identity stays
                if all(values[c] == found[c] for c in compared):
                    self.report.unchanged[name] += 1
                elif row["updated_at"] >= found["updated_at"] or self.source_wins:
                    numbers.check(
                        partial(self._describe, name, row), self.report, values, found["id"]
                    )
                    if VERSION in values:
                        values[VERSION] = found[VERSION] + 1
                    self.target.execute(update(t).where(t.c.id == found["id"]).values(**values))
                    numbers.note(values, found["id"])
                    self.report.updated[name] += 1
                else:
                    self.kept[name].add(row["id"])
                    self.report.kept[name] += 1
            if inserts:
                statement = insert(t).returning(t.c.id, sort_by_parameter_order=True)
                new_ids = self.target.execute(statement, [v for _, v in inserts]).scalars().all()
                for (source_id, values), new_id in zip(inserts, new_ids, strict=True):
                    self.ids[name][source_id] = new_id
                    numbers.note(values, new_id)
                self.report.added[name] += len(inserts)
            self._advance(len(chunk), name)

    def _existing(
        self, t: Table, chunk: list[RowMapping], natural: tuple[str, ...]
    ) -> dict[tuple[Any, Any], RowMapping]:
        uuids = [row["uuid"] for row in chunk]
        found: dict[tuple[Any, Any], RowMapping] = {}
        for row in self.target.execute(select(t).where(t.c.uuid.in_(uuids))).mappings():
            found[("uuid", row["uuid"])] = row
        if natural:
            keys = [tuple(row[c] for c in natural) for row in chunk]
            columns = tuple_(*(t.c[c] for c in natural))
            for row in self.target.execute(select(t).where(columns.in_(keys))).mappings():
                found[(natural, tuple(row[c] for c in natural))] = row
        return found

    # --- rows identified by their parent and a natural key -------------------------------------
    def by_key(
        self,
        name: str,
        key: tuple[str, ...],
        *,
        insert_only: bool = False,
        keep_target: bool = False,
        parent: str | None = None,
    ) -> None:
        """Copy ``name``'s rows matched on ``key`` (after translation). ``insert_only``: rows
        never change once written (history); ``keep_target``: a different target row is kept
        and reported; ``parent``: the row follows its parent (not updated when the target's
        parent was kept)."""
        self.current = name
        t = table(name)
        has_id = "id" in t.c and t.c.id.primary_key
        rows = self.source.execute(select(t).where(self.scope.where(name))).mappings()
        for chunk in _batches(rows):
            translated = [(row, self._translate(name, row)) for row in chunk]
            keys = [tuple(values[c] for c in key) for _, values in translated]
            columns = tuple_(*(t.c[c] for c in key))
            existing = {
                tuple(found[c] for c in key): found
                for found in self.target.execute(select(t).where(columns.in_(keys))).mappings()
            }
            for (row, values), row_key in zip(translated, keys, strict=True):
                found = existing.get(row_key)
                if found is None:
                    self.target.execute(insert(t).values(**values))
                    self.report.added[name] += 1
                    if has_id:
                        self.ids[name][row["id"]] = self._target_id(t, key, row_key)
                    continue
                if has_id:
                    self.ids[name][row["id"]] = found["id"]
                differs = any(values[c] != found[c] for c in values)
                parent_kept = parent is not None and row[f"{parent}_id"] in self.kept[parent]
                if not differs or insert_only:
                    self.report.unchanged[name] += 1
                elif keep_target or parent_kept:
                    self.report.kept[name] += 1
                    if keep_target:
                        self.report.notices.append(
                            f"{ROW_LABELS[name][0].upper()}{ROW_LABELS[name][1:]} "
                            f"{self._describe(name, row)} de {self.report.target} est gardée "
                            f"(celle de {self.report.source} diffère)."
                        )
                else:
                    self.target.execute(
                        update(t)
                        .where(and_(*(t.c[c] == v for c, v in zip(key, row_key, strict=True))))
                        .values(**values)
                    )
                    self.report.updated[name] += 1
            self._advance(len(chunk), name)

    def _target_id(self, t: Table, key: tuple[str, ...], row_key: tuple[Any, ...]) -> int:
        found = self.target.scalar(
            select(t.c.id).where(and_(*(t.c[c] == v for c, v in zip(key, row_key, strict=True))))
        )
        assert found is not None  # just inserted in this transaction
        return int(found)

    # --- an activity's volunteers --------------------------------------------------------------
    def links(self) -> None:
        """The volunteers of each activity copied, as a whole: replaced when they differ."""
        self.current = name = "activity_volunteer"
        t = table(name)
        wanted: dict[int, set[tuple[str, int, int]]] = defaultdict(set)
        rows = self.source.execute(select(t).where(self.scope.where(name))).mappings()
        for chunk in _batches(rows):
            for row in chunk:
                activity = self.ids["activity"].get(row["activity_id"])
                volunteer = self.ids["volunteer"].get(row["volunteer_id"])
                if activity is None or row["activity_id"] in self.kept["activity"]:
                    continue
                if volunteer is None:
                    self.left_out += 1
                    continue
                wanted[activity].add((row["uuid"], volunteer, row["position"]))
            self._advance(len(chunk), name)
        activities = list(wanted)
        for start in range(0, len(activities), BATCH):
            part = activities[start : start + BATCH]
            present: dict[int, set[tuple[str, int, int]]] = defaultdict(set)
            for row in self.target.execute(select(t).where(t.c.activity_id.in_(part))).mappings():
                present[row["activity_id"]].add((row["uuid"], row["volunteer_id"], row["position"]))
            fresh: list[dict[str, Any]] = []
            for activity in part:
                if present[activity] == wanted[activity]:
                    self.report.unchanged[name] += len(wanted[activity])
                    continue
                if present[activity]:
                    self.target.execute(delete(t).where(t.c.activity_id == activity))
                    self.report.updated[name] += len(wanted[activity])
                else:
                    self.report.added[name] += len(wanted[activity])
                fresh.extend(
                    {"activity_id": activity, "volunteer_id": v, "position": p, "uuid": u}
                    for u, v, p in sorted(wanted[activity], key=lambda link: link[2])
                )
            if fresh:
                self.target.execute(insert(t), fresh)
