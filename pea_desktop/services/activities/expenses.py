"""The expenses of an activity as its form shows them, saved with the activity in one transaction.

The form shows what the **first volunteer listed** spent for the activity: kilometres, tolls,
parking, public transport and meals — at most one line of each kind, linked to the activity and
dated its day, as the spreadsheet import writes them. Lines of other volunteers linked to the
activity (from the claims) are neither shown nor touched. Saving follows these rules:

- an empty or zero field means no line: a line not yet on a claim is updated in place, created,
  or moved to the bin;
- a line on a **draft** claim is updated as the claim editor would (:func:`expenses.apply_draft`);
  if the activity moves to another year or another first volunteer, the line leaves that draft (a
  claim holds one volunteer's expenses of one year) and the save says so;
- a line on a claim that is no longer a draft (submitted, refused, approved, paid, waived) is
  **frozen**: its amount cannot be changed from the form (the save is refused, naming the claim),
  it keeps its date, and the first volunteer cannot change while it exists; the rest of the
  activity can still be edited. So is a kind with several lines (edited from the claims);
- mileage is valued on the cumulative yearly scale, so every volunteer-year a mileage line
  joined, left or moved in is valued again (:func:`valuation.revalue`).

Moving an activity to the bin (:func:`activities.delete_activities`) leaves its lines as they
are, still linked and counted: they are the volunteer's money. Purging it for good only unlinks
them (foreign key ``SET NULL``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.claims import ClaimStatus
from pea_desktop.domain.enums import ExpenseKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_euros, format_number
from pea_desktop.services.activities.records import check_activity, write_activity
from pea_desktop.services.claims import valuation
from pea_desktop.services.claims.expenses import (
    MAX_AMOUNT,
    MAX_KM,
    ExpenseDraft,
    apply_draft,
    claim_rule,
    validate_expense,
)
from pea_desktop.store.database import Database
from pea_desktop.store.models import (
    Activity,
    ExpenseClaim,
    ExpenseLine,
    Volunteer,
    activity_volunteer,
    utcnow,
)

FORM_KINDS = (
    ExpenseKind.MILEAGE,
    ExpenseKind.TOLL,
    ExpenseKind.PARKING,
    ExpenseKind.TRANSPORT,
    ExpenseKind.MEAL,
)
LABELS = {
    ExpenseKind.MILEAGE: "Kilomètres",
    ExpenseKind.TOLL: "Péage",
    ExpenseKind.PARKING: "Stationnement",
    ExpenseKind.TRANSPORT: "Transport en commun",
    ExpenseKind.MEAL: "Repas",
}
_ATTRIBUTES = {
    ExpenseKind.MILEAGE: "km",
    ExpenseKind.TOLL: "toll",
    ExpenseKind.PARKING: "parking",
    ExpenseKind.TRANSPORT: "transport",
    ExpenseKind.MEAL: "meal",
}
SEVERAL_LINES = "lié à plusieurs dépenses ; modifiez-les dans les notes de frais"
ZERO = Decimal(0)


@dataclass
class ActivityExpenses:
    """The expense fields of the activity form, and what the form may not change."""

    km: Decimal | None = None
    toll: Decimal | None = None
    parking: Decimal | None = None
    transport: Decimal | None = None
    meal: Decimal | None = None
    volunteer_id: int | None = None  # whose expenses these are (first volunteer when loaded)
    volunteer_name: str = ""
    # Kinds the form shows read-only, with why (French: "déjà sur la note NF-2025-0003 …").
    locks: dict[ExpenseKind, str] = field(default_factory=dict)
    # Claims no longer drafts holding some of these lines ("NF-2025-0003 (approuvée)").
    frozen_claims: tuple[str, ...] = ()
    mileage_amount: Decimal | None = None  # known once the mileage is valued on a claim
    mileage_claim: str = ""  # the claim number(s) of the mileage line

    def value(self, kind: ExpenseKind) -> Decimal | None:
        return getattr(self, _ATTRIBUTES[kind])

    def set_value(self, kind: ExpenseKind, value: Decimal | None) -> None:
        setattr(self, _ATTRIBUTES[kind], value)

    def amounts_only(self) -> ActivityExpenses:
        """The same amounts for a duplicate of the activity: nothing claimed, nothing locked."""
        return ActivityExpenses(self.km, self.toll, self.parking, self.transport, self.meal)

    @property
    def locked(self) -> bool:
        return bool(self.locks)

    @property
    def lock_reason(self) -> str:
        """Every lock, one sentence per reason, naming the kinds concerned."""
        kinds: dict[str, list[str]] = defaultdict(list)
        for kind, reason in self.locks.items():
            kinds[reason].append(LABELS[kind])
        return "\n".join(f"{', '.join(labels)} : {reason}." for reason, labels in kinds.items())


@dataclass(frozen=True)
class SavedActivity:
    activity_id: int
    notices: list[str]  # what the user should know (a line that left a draft claim)


def _wanted(value: Decimal | None) -> Decimal | None:
    return None if value is None or value == 0 else value


def expense_problems(
    expenses: ActivityExpenses, first_volunteer_id: int | None = None
) -> list[str]:
    """What is wrong with the typed values (French), as the user types."""
    problems = []
    for kind in FORM_KINDS:
        value = expenses.value(kind)
        label = LABELS[kind]
        if value is None or kind in expenses.locks:
            continue
        if kind is ExpenseKind.MILEAGE:
            if value < 0:
                problems.append(f"{label} : une distance ne peut pas être négative.")
            elif value > MAX_KM:
                problems.append(
                    f"{label} : plus de {format_number(MAX_KM, 0)} km pour une activité, "
                    "est-ce exact ?"
                )
            elif value != value.quantize(Decimal("0.1")):
                problems.append(f"{label} : au dixième de kilomètre près (ex. 42,5).")
        elif value < 0:
            problems.append(f"{label} : un montant ne peut pas être négatif.")
        elif value > MAX_AMOUNT:
            problems.append(
                f"{label} : montant trop élevé (au plus {format_euros(MAX_AMOUNT)} par dépense)."
            )
        elif value != value.quantize(Decimal("0.01")):
            problems.append(f"{label} : au centime près (ex. 3,20).")
    if (
        expenses.frozen_claims
        and first_volunteer_id is not None
        and first_volunteer_id != expenses.volunteer_id
    ):
        problems.append(_pinned_message(expenses.volunteer_name, expenses.frozen_claims))
    return problems


def _pinned_message(name: str, claims: tuple[str, ...]) -> str:
    notes = ", ".join(claims)
    return (
        f"Des frais de cette activité sont au nom de {name} sur la note {notes} : gardez ce "
        "bénévole en premier dans la liste."
    )


# --- Reading the lines the form owns ----------------------------------------------------------


@dataclass
class _Held:
    line: ExpenseLine
    claim: ExpenseClaim | None
    frozen: str  # "" when the form may change the line, else why not (French)


@dataclass
class _Owned:
    volunteer_id: int | None
    volunteer_name: str
    by_kind: dict[ExpenseKind, list[_Held]]

    def frozen_claims(self) -> tuple[str, ...]:
        claims = {
            f"{h.claim.number} ({h.claim.status.label.lower()})": None
            for lines in self.by_kind.values()
            for h in lines
            if h.frozen and h.claim is not None
        }
        return tuple(claims)


def _frozen_reason(session: Session, claim: ExpenseClaim | None) -> str:
    if claim is None:
        return ""
    try:
        claim_rule(session, claim.id)
    except BadInputError:
        status = claim.status
        where = f"déjà sur la note {claim.number} ({status.label.lower()})"
        if status is ClaimStatus.SUBMITTED:
            return f"{where} ; remettez-la en brouillon pour le modifier"
        if status is ClaimStatus.REFUSED:
            return f"{where} ; rouvrez-la en brouillon pour le modifier"
        return f"{where}, qui ne peut plus être modifiée"
    return ""


def _owned(session: Session, activity_id: int | None) -> _Owned:
    if activity_id is None:
        return _Owned(None, "", {})
    first = session.scalar(
        select(activity_volunteer.c.volunteer_id)
        .where(activity_volunteer.c.activity_id == activity_id)
        .order_by(activity_volunteer.c.position)
        .limit(1)
    )
    if first is None:
        return _Owned(None, "", {})
    volunteer = session.get(Volunteer, first)
    rows = session.execute(
        select(ExpenseLine, ExpenseClaim)
        .outerjoin(ExpenseClaim, ExpenseClaim.id == ExpenseLine.claim_id)
        .where(
            ExpenseLine.activity_id == activity_id,
            ExpenseLine.volunteer_id == first,
            ExpenseLine.kind.in_(FORM_KINDS),
            ExpenseLine.deleted_at.is_(None),
        )
        .order_by(ExpenseLine.id)
    ).all()
    by_kind: dict[ExpenseKind, list[_Held]] = defaultdict(list)
    for line, claim in rows:
        by_kind[line.kind].append(_Held(line, claim, _frozen_reason(session, claim)))
    return _Owned(first, volunteer.full_name if volunteer else "", dict(by_kind))


def _shown(kind: ExpenseKind, lines: list[_Held]) -> Decimal | None:
    if not lines:
        return None
    if kind is ExpenseKind.MILEAGE:
        return sum((h.line.km or ZERO for h in lines), ZERO)
    return sum((h.line.amount or ZERO for h in lines), ZERO)


def _lock(lines: list[_Held]) -> str:
    frozen = next((h.frozen for h in lines if h.frozen), "")
    return frozen or (SEVERAL_LINES if len(lines) > 1 else "")


def load_activity_expenses(db: Database, activity_id: int) -> ActivityExpenses:
    """The form's expense fields for a saved activity."""
    with db.session() as session:
        owned = _owned(session, activity_id)
        result = ActivityExpenses(
            volunteer_id=owned.volunteer_id,
            volunteer_name=owned.volunteer_name,
            frozen_claims=owned.frozen_claims(),
        )
        for kind, lines in owned.by_kind.items():
            result.set_value(kind, _shown(kind, lines))
            if reason := _lock(lines):
                result.locks[kind] = reason
        mileage = owned.by_kind.get(ExpenseKind.MILEAGE, [])
        if mileage and all(h.line.amount is not None for h in mileage):
            result.mileage_amount = sum((h.line.amount or ZERO for h in mileage), ZERO)
            numbers = dict.fromkeys(h.claim.number for h in mileage if h.claim is not None)
            result.mileage_claim = ", ".join(numbers)
        return result


# --- Saving ----------------------------------------------------------------------------------


def save_activity_and_expenses(
    db: Database, draft: ActivityDraft, expenses: ActivityExpenses, today: date
) -> SavedActivity:
    """Save the activity and its expense lines, all or nothing; BadInputError lists problems."""
    check_activity(draft, today)
    if problems := expense_problems(expenses):
        raise BadInputError("Les frais ne peuvent pas être enregistrés.", problems)
    with db.session() as session:
        owned = _owned(session, draft.id)
        activity = write_activity(session, draft)
        writer = _Writer(session, activity, next(iter(dict.fromkeys(draft.volunteer_ids))))
        writer.write(owned, expenses)
        return SavedActivity(activity.id, writer.notices)


class _Writer:
    """Brings the lines owned by the form in line with the activity and the typed values."""

    def __init__(self, session: Session, activity: Activity, volunteer_id: int) -> None:
        self.session = session
        self.activity = activity
        self.volunteer_id = volunteer_id
        self.notices: list[str] = []
        self.problems: list[str] = []
        self.to_revalue: set[tuple[int, int]] = set()  # (volunteer, year) of mileage lines

    def write(self, owned: _Owned, expenses: ActivityExpenses) -> None:
        if (frozen := owned.frozen_claims()) and owned.volunteer_id != self.volunteer_id:
            self.problems.append(_pinned_message(owned.volunteer_name, frozen))
        for kind in FORM_KINDS:
            self._write_kind(kind, owned.by_kind.get(kind, []), _wanted(expenses.value(kind)))
        if self.problems:
            raise BadInputError("Les frais ne peuvent pas être enregistrés.", self.problems)
        self.session.flush()
        for volunteer_id, year in sorted(self.to_revalue):
            valuation.revalue(self.session, volunteer_id, year)

    def _write_kind(self, kind: ExpenseKind, lines: list[_Held], wanted: Decimal | None) -> None:
        if reason := _lock(lines):
            if wanted != _wanted(_shown(kind, lines)):
                self.problems.append(
                    f"{LABELS[kind]} : ce montant ne peut plus changer, il est {reason}."
                )
            for held in lines:
                if not held.frozen:
                    self._follow(held)
            return
        if not lines:
            if wanted is not None:
                self._create(kind, wanted)
            return
        held = lines[0]
        if wanted is None:
            self._remove(held.line)
            return
        self._follow(held)
        self._apply(held.line, kind, wanted)

    def _mileage_moved(self, line: ExpenseLine) -> None:
        if line.kind is ExpenseKind.MILEAGE:
            self.to_revalue.add((line.volunteer_id, line.date.year))
            self.to_revalue.add((self.volunteer_id, self.activity.date.year))

    def _follow(self, held: _Held) -> None:
        """Give the line the activity's day and first volunteer (leaving a draft if it must)."""
        line, claim = held.line, held.claim
        self._mileage_moved(line)
        day = self.activity.date
        if claim is not None and (
            claim.volunteer_id != self.volunteer_id or claim.year != day.year
        ):
            line.claim_id = None
            line.valuation = None
            if line.kind is ExpenseKind.MILEAGE:
                line.amount = None
            self.notices.append(
                f"{LABELS[line.kind]} : la dépense a quitté le brouillon {claim.number} (autre "
                "année ou autre premier bénévole) ; elle ira sur une prochaine note de frais."
            )
        line.volunteer_id = self.volunteer_id
        line.date = day

    def _draft(self, kind: ExpenseKind, wanted: Decimal, line: ExpenseLine | None) -> ExpenseDraft:
        mileage = kind is ExpenseKind.MILEAGE
        return ExpenseDraft(
            volunteer_id=self.volunteer_id,
            day=self.activity.date,
            kind=kind,
            km=wanted if mileage else None,
            amount=None if mileage else wanted,
            trip_from=line.trip_from if line else "",
            trip_to=line.trip_to if line else "",
            description=line.description if line else "",
            activity_id=self.activity.id,
            id=line.id if line else None,
        )

    def _apply(self, line: ExpenseLine | None, kind: ExpenseKind, wanted: Decimal) -> None:
        draft = self._draft(kind, wanted, line)
        if problems := validate_expense(draft, LABELS[kind]):
            self.problems.extend(problems)
            return
        written = apply_draft(self.session, draft, None)
        self._mileage_moved(written)

    def _create(self, kind: ExpenseKind, wanted: Decimal) -> None:
        self._apply(None, kind, wanted)

    def _remove(self, line: ExpenseLine) -> None:
        self._mileage_moved(line)
        line.deleted_at = utcnow()
        line.claim_id = None
        line.valuation = None
