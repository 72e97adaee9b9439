from __future__ import annotations

import itertools

import pytest

from pea_desktop.domain.claims import (
    TRANSITIONS,
    ClaimAction,
    ClaimRuleError,
    ClaimStatus,
    allowed_actions,
    claim_number,
    ensure_editable,
    is_locked,
    next_status,
    parse_number,
    receipt_number,
)

S, A = ClaimStatus, ClaimAction


@pytest.mark.parametrize(
    ("status", "action", "waiver", "target"),
    [
        (S.DRAFT, A.SUBMIT, False, S.SUBMITTED),
        (S.SUBMITTED, A.WITHDRAW, False, S.DRAFT),
        (S.SUBMITTED, A.APPROVE, False, S.APPROVED),
        (S.SUBMITTED, A.REFUSE, False, S.REFUSED),
        (S.REFUSED, A.REOPEN, False, S.DRAFT),
        (S.APPROVED, A.PAY, False, S.PAID),
        (S.APPROVED, A.WAIVE, True, S.WAIVED),
    ],
)
def test_legal_transitions(status: S, action: A, waiver: bool, target: S) -> None:
    assert next_status(status, action, waiver) is target
    assert action in allowed_actions(status, waiver)


def test_every_other_transition_is_refused() -> None:
    for status, action in itertools.product(S, A):
        if (status, action) in TRANSITIONS:
            continue
        for waiver in (False, True):
            with pytest.raises(ClaimRuleError, match="impossible"):
                next_status(status, action, waiver)
            assert action not in allowed_actions(status, waiver)


def test_paying_and_waiving_follow_the_volunteers_choice() -> None:
    with pytest.raises(ClaimRuleError, match="renoncé"):
        next_status(S.APPROVED, A.PAY, waiver=True)
    with pytest.raises(ClaimRuleError, match="demandé le remboursement"):
        next_status(S.APPROVED, A.WAIVE, waiver=False)
    assert allowed_actions(S.APPROVED, waiver=True) == [A.WAIVE]
    assert allowed_actions(S.APPROVED, waiver=False) == [A.PAY]


def test_final_states_have_no_way_out() -> None:
    assert allowed_actions(S.PAID, False) == [] and allowed_actions(S.WAIVED, True) == []


def test_locking_and_editing() -> None:
    assert {s for s in S if is_locked(s)} == {S.APPROVED, S.PAID, S.WAIVED}
    ensure_editable(S.DRAFT, "NF-2025-0001")
    for status in set(S) - {S.DRAFT}:
        with pytest.raises(ClaimRuleError, match="NF-2025-0001"):
            ensure_editable(status, "NF-2025-0001")
    with pytest.raises(ClaimRuleError, match="verrouillée"):
        ensure_editable(S.PAID, "NF-2025-0001")


def test_numbers() -> None:
    assert claim_number(2025, 42) == "NF-2025-0042"
    assert receipt_number(2026, 7) == "RF-2026-0007"
    parsed = parse_number("nf-2025-0042")
    assert (parsed.prefix, parsed.year, parsed.seq) == ("NF", 2025, 42)
    with pytest.raises(ValueError):
        parse_number("NF-25-1")
