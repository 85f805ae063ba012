"""What the survey does with the database: open and close it, hand out links, store answers
and release them to the partner's results (which surveys.results reads). Views (partner,
respondent and staff) and exports call these functions.

Every function works in the current request's session (core.db.db) and leaves the commit to
the caller, so a change and its audit event are committed together (`with transaction(): ...`).

Opening, closing and reissuing the survey link change the exploration with a plain UPDATE that
does not bump `Exploration.version`: the survey's state is not part of the request the partner
edits, and a lead who opens the survey must not meet a conflict in another tab of the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from core.audit import record
from core.db import db
from core.timeutil import utcnow
from core.tokens import hash_token, looks_like_token, new_token
from intake.models import Exploration
from surveys import invitations
from surveys.framework import FRAMEWORK
from surveys.models import PracticeComment, Rating, Respondent

RESPONDENT_LEVELS = ("executive", "management", "working")
DONT_KNOW = "dont_know"

Cell = tuple[str, str]

# --- The survey link (partner lead and staff) -------------------------------------------------


def _set_survey_state(exploration: Exploration, **values: Any) -> None:
    db.execute(
        update(Exploration)
        .where(Exploration.id == exploration.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    for name, value in values.items():
        # Keep the loaded object in step without marking it dirty (no version bump).
        set_committed_value(exploration, name, value)


def open_survey(
    exploration: Exploration, *, actor_kind: str = "system", actor_id: int | None = None
) -> str | None:
    """Open the survey; create its link if it has none. Returns the new link token when one
    was created (show it now: only its hash is kept), else None."""
    token = None
    values: dict[str, Any] = {"survey_open": True}
    if exploration.survey_token_hash is None:
        token, values["survey_token_hash"] = new_token()
    if exploration.survey_open and token is None:
        return None
    _set_survey_state(exploration, **values)
    record(
        "survey_opened",
        actor_kind=actor_kind,
        actor_id=actor_id,
        exploration_id=exploration.id,
        detail="new_link" if token else None,
    )
    return token


def close_survey(
    exploration: Exploration, *, actor_kind: str = "system", actor_id: int | None = None
) -> None:
    """Close the survey: the link and every respondent's link stop accepting answers, and
    the invitations' addresses are dropped (no reminder can follow a closed survey). Every
    closing goes through here: the lead, staff, a withdrawal, the planning survey window."""
    if not exploration.survey_open:
        return
    _set_survey_state(exploration, survey_open=False)
    invitations.forget_all(exploration.id)
    record("survey_closed", actor_kind=actor_kind, actor_id=actor_id, exploration_id=exploration.id)


def reissue_survey_link(
    exploration: Exploration, *, actor_kind: str = "system", actor_id: int | None = None
) -> str:
    """Replace the survey link (the old one stops working at once) and return the new token.
    People who already started keep their own private links and answers."""
    token, token_hash = new_token()
    _set_survey_state(exploration, survey_token_hash=token_hash)
    record(
        "survey_link_reissued",
        actor_kind=actor_kind,
        actor_id=actor_id,
        exploration_id=exploration.id,
    )
    return token


def exploration_for_survey_token(token: str) -> Exploration | None:
    """The exploration a survey link opens, or None (unknown, malformed or replaced link)."""
    if not looks_like_token(token):
        return None
    return db.scalar(select(Exploration).where(Exploration.survey_token_hash == hash_token(token)))


# --- Respondents --------------------------------------------------------------------------------


def respondent_for_token(token: str) -> Respondent | None:
    """The respondent a private link opens, or None. Only the link's own answers load."""
    if not looks_like_token(token):
        return None
    return db.scalar(
        select(Respondent)
        .where(Respondent.token_hash == hash_token(token))
        .options(
            selectinload(Respondent.ratings),
            selectinload(Respondent.comments),
            joinedload(Respondent.exploration),  # one row: in the same query
        )
    )


def start_respondent(
    exploration: Exploration, functional_area: str | None, level: str | None
) -> tuple[Respondent, str]:
    """Create a respondent with their own private link; returns it with the link token."""
    token, token_hash = new_token()
    respondent = Respondent(
        exploration_id=exploration.id,
        token_hash=token_hash,
        functional_area=functional_area or None,
        level=level or None,
        ratings=[],
        comments=[],
    )
    db.add(respondent)
    db.flush()
    record(
        "survey_started",
        actor_kind="respondent_link",
        actor_id=respondent.id,
        exploration_id=exploration.id,
    )
    return respondent, token


def touch(respondent: Respondent) -> None:
    """Claim the respondent's row before changing answers: the UPDATE checks and bumps
    `version`, so a save based on an older version fails here (StaleDataError) before
    anything else is written."""
    respondent.updated_at = utcnow()
    db.flush()


def save_about(respondent: Respondent, functional_area: str | None, level: str | None) -> None:
    respondent.functional_area = functional_area or None
    respondent.level = level or None
    touch(respondent)


def ratings_of(respondent: Respondent) -> dict[Cell, int | None]:
    """Answered cells: a level 1-4, or None for "don't know". Unanswered cells are absent."""
    return {(r.practice_id, r.role_id): r.level for r in respondent.ratings}


def comments_of(respondent: Respondent) -> dict[str, str]:
    return {c.practice_id: c.comment for c in respondent.comments}


def save_practice(
    respondent: Respondent,
    practice_id: str,
    values: Mapping[str, int | str | None],
    comment: str | None,
) -> None:
    """Store one practice page. `values` maps role id to a level 1-4, None ("don't know") or
    "" (not answered: any earlier answer is removed); an empty comment removes the stored one.

    The respondent's row is claimed first (touch): a save based on an older version fails
    there with StaleDataError, before any answer is written. Answers that are changed keep
    their rows (and ids)."""
    touch(respondent)
    ratings = {r.role_id: r for r in respondent.ratings if r.practice_id == practice_id}
    for role in FRAMEWORK.roles:
        value = values.get(role.id, "")
        rating = ratings.get(role.id)
        if value == "":
            if rating is not None:
                respondent.ratings.remove(rating)
        elif rating is None:
            level = value if isinstance(value, int) else None
            respondent.ratings.append(Rating(practice_id=practice_id, role_id=role.id, level=level))
        else:
            rating.level = value if isinstance(value, int) else None
    stored = next((c for c in respondent.comments if c.practice_id == practice_id), None)
    if comment and stored is not None:
        stored.comment = comment
    elif comment:
        respondent.comments.append(PracticeComment(practice_id=practice_id, comment=comment))
    elif stored is not None:
        respondent.comments.remove(stored)
    db.flush()


def save_overall(respondent: Respondent, value: int | str | None, comment: str | None) -> None:
    """Store the overall question: a level 1-4, None ("don't know") or "" (not answered)."""
    respondent.overall_level = value if isinstance(value, int) else None
    respondent.overall_dont_know = value is None
    respondent.overall_comment = comment or None
    touch(respondent)


def overall_answered(respondent: Respondent) -> bool:
    return respondent.overall_level is not None or bool(respondent.overall_dont_know)


def missing_cells(respondent: Respondent) -> list[Cell]:
    """Grid cells still unanswered, in reading order."""
    answered = ratings_of(respondent)
    return [cell for cell in FRAMEWORK.cells if cell not in answered]


def is_complete(respondent: Respondent) -> bool:
    return not missing_cells(respondent) and overall_answered(respondent)


def submit(respondent: Respondent) -> None:
    """Mark the answers as submitted (they count in the results from now on). Raises
    ValueError if anything is unanswered: the caller shows what is missing."""
    if not is_complete(respondent):
        raise ValueError("unanswered questions")
    again = respondent.submitted_at is not None
    if not again:
        respondent.submitted_at = utcnow()
    touch(respondent)
    db.flush()
    release_results(respondent.exploration_id)
    invitations.forget_answered(respondent.exploration_id)  # the invitation needs them no more
    record(
        "survey_submitted",
        actor_kind="respondent_link",
        actor_id=respondent.id,
        exploration_id=respondent.exploration_id,
        detail="again" if again else "first",
    )


# --- Results ------------------------------------------------------------------------------------
#
# What the partner sees is released in steps, so that no answer can be singled out by
# comparing two visits. The rule: every set of answers the partner's results are made of holds
# at least K = SURVEY_RESULTS_THRESHOLD people's submitted answers, and each new release adds at
# least K more. So any result the partner saw, and the difference between any two, combines at
# least K people's answers. Submissions wait, unreleased, until K of them are waiting (staff
# see them at once); answers submitted after the last release of a closed survey stay out.


def release_results(exploration_id: int) -> int:
    """Release the waiting submitted answers into the partner's results when at least K are
    waiting; returns how many were released (0 or at least K)."""
    threshold = max(1, int(current_app.config["SURVEY_RESULTS_THRESHOLD"]))
    # One release at a time per exploration: two concurrent submissions must not each release
    # part of one batch (PostgreSQL locks the row; SQLite's writers are serialized already).
    db.execute(select(Exploration.id).where(Exploration.id == exploration_id).with_for_update())
    waiting = list(
        db.scalars(
            select(Respondent.id).where(
                Respondent.exploration_id == exploration_id,
                Respondent.submitted_at.is_not(None),
                Respondent.released_at.is_(None),
            )
        )
    )
    if len(waiting) < threshold:
        return 0
    db.execute(
        update(Respondent)
        .where(Respondent.id.in_(waiting))
        .values(released_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return len(waiting)
