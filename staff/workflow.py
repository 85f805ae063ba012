"""The request workflow: which status a staff member may move a request to, from where.

Pure data and functions, no Flask: the rules are tested on their own, and the request page
offers exactly the moves listed here. A draft belongs to the partner until they submit it;
declined, withdrawn and completed are final.
"""

from __future__ import annotations

from intake.models import STATUSES

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "submitted": ("accepted", "declined", "withdrawn"),
    "accepted": ("scheduled", "withdrawn", "declined"),
    "declined": (),
    "withdrawn": (),
    "scheduled": ("in_progress", "withdrawn"),
    "in_progress": ("completed",),
    "completed": (),
}

FINAL = frozenset(status for status, moves in TRANSITIONS.items() if not moves) - {"draft"}


class TransitionError(ValueError):
    """A move the workflow does not allow (the view answers with a form error)."""


def allowed_transitions(status: str) -> tuple[str, ...]:
    """Statuses a staff member may move a request in `status` to, in the order to offer them."""
    if status not in TRANSITIONS:
        raise TransitionError(f"unknown status {status!r}")
    return TRANSITIONS[status]


def can_transition(from_status: str, to_status: str) -> bool:
    return from_status in TRANSITIONS and to_status in TRANSITIONS[from_status]


def check_transition(from_status: str, to_status: str) -> None:
    """Raise TransitionError unless staff may move a request from `from_status` to `to_status`."""
    if to_status not in STATUSES:
        raise TransitionError(f"unknown status {to_status!r}")
    if not can_transition(from_status, to_status):
        raise TransitionError(f"{from_status} cannot become {to_status}")


# The table must name every status, and only known ones.
assert set(TRANSITIONS) == set(STATUSES), "workflow and STATUSES disagree"
