"""`exploration demo` shows the plan: teams, signed agreements, kickoffs, schedules with some
interviews held and one partner's "not available"."""

from __future__ import annotations

from sqlalchemy import select

from core.db import db
from intake.models import Exploration
from planning.models import Interview, Plan, TeamMember


def test_demo_plans_every_dated_exploration(app):
    result = app.test_cli_runner().invoke(
        args=["demo", "--explorations", "16", "--respondents", "0"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        dated = db.scalars(
            select(Exploration.id).where(
                Exploration.status.in_(("scheduled", "in_progress", "completed"))
            )
        ).all()
        plans = {p.exploration_id: p for p in db.scalars(select(Plan))}
        assert dated and set(dated) <= set(plans)
        assert all(plans[i].agreement_signed_on and plans[i].kickoff_at for i in dated)
        assert set(db.scalars(select(TeamMember.exploration_id))) >= set(dated)
        interviews = db.scalars(select(Interview)).all()
        assert {i.exploration_id for i in interviews} >= set(dated)
        assert any(i.held for i in interviews)
        assert sum(i.partner_unavailable for i in interviews) == 1
