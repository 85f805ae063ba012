"""What the outcome does with the database: ratings, reconciliation, findings,
recommendations, the week-4 orders and publishing. Views, exports and the demo call these.

Every function works in the current session and leaves the commit to the caller, so a change
and its audit event are committed together. Rules that refuse a change raise `OutcomeError`
with a message for people, before anything is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.audit import record
from core.auth import StaffUser
from core.db import db
from core.i18n import lazy_gettext as _l
from core.timeutil import utcnow
from intake.models import Exploration
from outcome.compare import Cell, Comparison, Thresholds, compare
from outcome.models import CdsRating, Finding, Outcome, ReconciledRating
from planning.models import is_on_team, team_lead_id
from surveys import results as survey_results
from surveys.framework import FRAMEWORK

PUBLISHABLE_STATUSES = ("in_progress", "completed")
RATIONALE_MAX = 1000
TEXT_MAX = 4000
TITLE_MAX = 200


class OutcomeError(Exception):
    """A rule refused the change; `message` says why, for the person who asked."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


# --- Settings and rights -----------------------------------------------------------------------


def thresholds() -> Thresholds:
    config = current_app.config
    return Thresholds(
        blind_spot=float(config["OUTCOME_BLIND_SPOT_GAP"]),
        hidden_strength=float(config["OUTCOME_HIDDEN_STRENGTH_GAP"]),
    )


def min_respondents() -> int:
    return max(1, int(current_app.config["SURVEY_RESULTS_THRESHOLD"]))


def can_rate(user: StaffUser, exploration_id: int) -> bool:
    """Team members who may write (editors and admins) rate; nobody off the team does."""
    return user.can("editor") and is_on_team(exploration_id, user.id)


def can_write(user: StaffUser, exploration_id: int) -> bool:
    """Findings, recommendations, the workshop and publishing: editors on the team, admins."""
    return user.can("admin") or can_rate(user, exploration_id)


def can_reconcile(user: StaffUser, exploration_id: int) -> bool:
    """The team lead (an editor or admin), or any admin."""
    return user.can("admin") or (user.can("editor") and team_lead_id(exploration_id) == user.id)


def fingerprint(rows: Iterable[Any]) -> str:
    """A short digest of what a page showed, posted back with its form: if the stored rows
    changed meanwhile, the digest differs and the save is refused with the conflict page."""
    digest = hashlib.sha256(repr(sorted(repr(row) for row in rows)).encode("utf-8"))
    return digest.hexdigest()[:32]


def lock(exploration_id: int) -> None:
    """Serialize writers of one exploration's outcome (PostgreSQL locks the row; SQLite's
    writers are serialized already), so a fingerprint check and its write are one step."""
    db.execute(select(Exploration.id).where(Exploration.id == exploration_id).with_for_update())


def outcome_of(exploration_id: int, *, create: bool = False) -> Outcome | None:
    state = db.scalar(select(Outcome).where(Outcome.exploration_id == exploration_id))
    if state is None and create:
        state = Outcome(exploration_id=exploration_id)
        db.add(state)
        db.flush()
    return state


# --- Team members' ratings ----------------------------------------------------------------------

RatingValues = Mapping[Cell, tuple[int | None, str | None]]


def member_ratings(exploration_id: int, user_id: int) -> dict[Cell, CdsRating]:
    rows = db.scalars(
        select(CdsRating).where(
            CdsRating.exploration_id == exploration_id, CdsRating.staff_user_id == user_id
        )
    )
    return {(r.practice_id, r.role_id): r for r in rows}


def all_member_ratings(exploration_id: int) -> dict[int, dict[Cell, CdsRating]]:
    """Every member's ratings, by staff account id."""
    result: dict[int, dict[Cell, CdsRating]] = {}
    rows = db.scalars(
        select(CdsRating)
        .where(CdsRating.exploration_id == exploration_id)
        .options(selectinload(CdsRating.user))
    )
    for row in rows:
        result.setdefault(row.staff_user_id, {})[(row.practice_id, row.role_id)] = row
    return result


def ratings_fingerprint(ratings: Mapping[Cell, Any]) -> str:
    return fingerprint((cell, r.level, r.rationale) for cell, r in ratings.items())


def is_complete(ratings: Mapping[Cell, Any]) -> bool:
    return all(cell in ratings for cell in FRAMEWORK.cells)


def save_member_ratings(exploration_id: int, user_id: int, values: RatingValues) -> None:
    """Store one member's grid: cells in `values` are set, others removed."""
    stored = member_ratings(exploration_id, user_id)
    for cell, row in stored.items():
        if cell not in values:
            db.delete(row)
    for cell, (level, rationale) in values.items():
        row = stored.get(cell)
        if row is None:
            practice_id, role_id = cell
            db.add(
                CdsRating(
                    exploration_id=exploration_id,
                    staff_user_id=user_id,
                    practice_id=practice_id,
                    role_id=role_id,
                    level=level,
                    rationale=rationale or None,
                )
            )
        elif row.level != level or row.rationale != (rationale or None):
            row.level = level
            row.rationale = rationale or None
    record(
        "cds_ratings_saved",
        actor_kind="staff",
        actor_id=user_id,
        exploration_id=exploration_id,
        detail=f"cells:{len(values)}",
    )
    db.flush()


# --- The lead's reconciled rating ---------------------------------------------------------------


def reconciled(exploration_id: int) -> dict[Cell, ReconciledRating]:
    rows = db.scalars(
        select(ReconciledRating).where(ReconciledRating.exploration_id == exploration_id)
    )
    return {(r.practice_id, r.role_id): r for r in rows}


def reconciled_fingerprint(rows: Mapping[Cell, ReconciledRating]) -> str:
    return fingerprint((cell, r.level, r.rationale) for cell, r in rows.items())


def save_reconciled(exploration_id: int, user_id: int, values: RatingValues) -> None:
    """Store the reconciled grid; every rating needs its rationale (checked here too)."""
    if any(not (rationale or "").strip() for _level, rationale in values.values()):
        raise OutcomeError(_l("Give the reason for each reconciled rating."))
    stored = reconciled(exploration_id)
    for cell, row in stored.items():
        if cell not in values:
            db.delete(row)
    for cell, (level, rationale) in values.items():
        row = stored.get(cell)
        if row is None:
            db.add(
                ReconciledRating(
                    exploration_id=exploration_id,
                    practice_id=cell[0],
                    role_id=cell[1],
                    level=level,
                    rationale=rationale,
                    by_user_id=user_id,
                )
            )
        elif (row.level, row.rationale) != (level, rationale):
            row.level, row.rationale, row.by_user_id = level, rationale, user_id
    record(
        "cds_ratings_reconciled",
        actor_kind="staff",
        actor_id=user_id,
        exploration_id=exploration_id,
        detail=f"cells:{len(values)}",
    )
    db.flush()


def comparison(exploration_id: int) -> Comparison:
    """The self-assessment the partner can see (released answers only) beside CDS's
    reconciled rating: the comparison pages, the report and the workbook all use this."""
    results = survey_results.results_for(exploration_id, staff=False)
    cds = {cell: row.level for cell, row in reconciled(exploration_id).items()}
    return compare(results["aggregate"], cds, thresholds(), min_respondents=min_respondents())


# --- Findings -----------------------------------------------------------------------------------


def findings(exploration_id: int) -> dict[str, Finding]:
    rows = db.scalars(select(Finding).where(Finding.exploration_id == exploration_id))
    return {row.practice_id: row for row in rows}


def finding_fingerprint(finding: Finding | None) -> str:
    if finding is None:
        return fingerprint(())
    return fingerprint((finding.helps, finding.blocks, finding.role_ids))


def save_finding(
    exploration_id: int,
    practice_id: str,
    helps: str | None,
    blocks: str | None,
    role_ids: Iterable[str],
    user_id: int,
) -> None:
    row = findings(exploration_id).get(practice_id)
    roles = " ".join(r.id for r in FRAMEWORK.roles if r.id in set(role_ids))
    if row is None:
        row = Finding(exploration_id=exploration_id, practice_id=practice_id)
        db.add(row)
    row.helps, row.blocks, row.role_ids, row.by_user_id = helps, blocks, roles, user_id
    row.updated_at = utcnow()
    record(
        "finding_saved",
        actor_kind="staff",
        actor_id=user_id,
        exploration_id=exploration_id,
        detail=practice_id,
    )
    db.flush()
