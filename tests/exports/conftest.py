"""A small portfolio every export test can read back: explorations in several statuses, people
with accents, œ and syllabics, documents, submitted and unsubmitted survey answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask

from surveys.framework import FRAMEWORK
from tests.factory import make_exploration

PRACTICES = [p.id for p in FRAMEWORK.practices]
ROLES = [r.id for r in FRAMEWORK.roles]


@dataclass
class Portfolio:
    scheduled_id: int
    submitted_id: int
    completed_id: int
    draft_id: int
    declined_id: int


def seed_portfolio(app: Flask) -> Portfolio:
    from core.db import db

    with app.app_context():
        scheduled = make_exploration(
            db,
            reference="EXP-2026-0001",
            status="scheduled",
            agreed_start=date(2026, 9, 7),
            agreed_end=date(2026, 10, 2),
            respondents=[
                {
                    "default": 2,
                    "levels": {(PRACTICES[0], ROLES[0]): 1, (PRACTICES[0], ROLES[1]): None},
                    "comments": {
                        "open": "Nous travaillons en vase clos.",
                        "user_research": "Peu de recherche.",
                    },
                    "overall_comment": "Bonne volonté ᐃᓄᒃᑎᑐᑦ",
                },
                {"default": 4, "comments": {"open": "Ça s’améliore."}, "functional_area": "legal"},
                {"default": 3, "overall": None, "level": "executive"},
            ],
        )
        submitted = make_exploration(
            db,
            reference="EXP-2026-0002",
            status="submitted",
            department_code="other",
            department_other="Bureau de l’Œuvre nordique",
            people=[("Mary Qaqqaq", ("policy",))],
            documents={},
            to_confirm=(),
        )
        completed = make_exploration(
            db,
            reference="EXP-2026-0003",
            status="completed",
            agreed_start=date(2026, 3, 2),
            respondents=[{"default": 1}, {"default": 2}, {"default": 3, "submitted": False}],
        )
        draft = make_exploration(db, status="draft", people=[])
        declined = make_exploration(db, reference="EXP-2026-0005", status="declined", people=[])
        db.commit()
        return Portfolio(scheduled.id, submitted.id, completed.id, draft.id, declined.id)


@pytest.fixture
def portfolio(app: Flask) -> Portfolio:
    return seed_portfolio(app)
