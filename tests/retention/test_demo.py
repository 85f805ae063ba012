"""`exploration demo` shows the retention schedule at each stage: a purged request, one the
request page warns about, one on hold, and the run."""

from __future__ import annotations

from lxml import html as lxml_html
from sqlalchemy import select

from core.db import db
from core.labels import REMOVED
from intake.models import Exploration
from retention.models import RetentionHold, RetentionPurge, RetentionRun
from retention.schedule import CLOSED
from tests.conftest import html, sign_in


def test_the_demo_shows_each_stage_of_the_schedule(app, client):
    result = app.test_cli_runner().invoke(args=["demo", "--explorations", "24"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        purged = db.scalars(select(RetentionPurge.exploration_id)).one()
        assert db.get(Exploration, purged).lead_name == REMOVED
        hold = db.scalars(select(RetentionHold)).one()
        assert hold.set_by_id is not None and hold.lifted_at is None
        run = db.scalars(select(RetentionRun)).one()
        assert run.explorations == 1 and run.counts["contacts"] > 0
        closed = db.scalars(
            select(Exploration.id).where(Exploration.status.in_(CLOSED)).order_by(Exploration.id)
        ).all()
    sign_in(app, client, "admin")
    texts = {
        i: lxml_html.fromstring(html(client.get(f"/en/staff/requests/{i}"))).text_content()
        for i in closed
    }
    assert "removed under the retention schedule" in texts[purged]
    assert "On hold" in texts[hold.exploration_id]
    assert sum("Findings and recommendations are kept" in t for t in texts.values()) == 1
    assert (
        "Lead and sponsor"
        in lxml_html.fromstring(html(client.get("/en/staff/retention"))).text_content()
    )
