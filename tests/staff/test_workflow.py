"""The workflow rules, on their own: exactly the moves the issue lists, and no others."""

from __future__ import annotations

import itertools

import pytest

from intake.models import STATUSES
from staff.workflow import (
    TRANSITIONS,
    TransitionError,
    allowed_transitions,
    can_transition,
    check_transition,
)

ALLOWED = {
    ("submitted", "accepted"),
    ("submitted", "declined"),
    ("submitted", "withdrawn"),
    ("accepted", "scheduled"),
    ("accepted", "withdrawn"),
    ("accepted", "declined"),
    ("scheduled", "in_progress"),
    ("scheduled", "withdrawn"),
    ("in_progress", "completed"),
}


@pytest.mark.parametrize(("source", "target"), list(itertools.product(STATUSES, STATUSES)))
def test_every_pair_of_statuses(source, target):
    expected = (source, target) in ALLOWED
    assert can_transition(source, target) is expected
    if expected:
        check_transition(source, target)
        assert target in allowed_transitions(source)
    else:
        with pytest.raises(TransitionError):
            check_transition(source, target)
        assert target not in allowed_transitions(source)


def test_staff_cannot_move_a_draft_and_final_statuses_stay():
    assert allowed_transitions("draft") == ()
    for final in ("declined", "withdrawn", "completed"):
        assert allowed_transitions(final) == ()


def test_nothing_moves_back_to_draft_or_submitted():
    for source, targets in TRANSITIONS.items():
        assert "draft" not in targets, source
        assert "submitted" not in targets, source


def test_unknown_statuses_are_refused():
    with pytest.raises(TransitionError):
        allowed_transitions("archived")
    with pytest.raises(TransitionError):
        check_transition("submitted", "archived")
    assert not can_transition("archived", "accepted")
