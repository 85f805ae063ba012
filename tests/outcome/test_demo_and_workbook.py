"""The demo shows the outcome at every stage, and every page and export of it opens; the
workbooks carry the Assessment, the Recommendations, the groups, the About legend and, per
exploration, the 6 x 3 map."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from core.db import db
from exports.data import workbook_data
from exports.rows import Scope
from exports.workbook import build_workbook
from intake.models import Exploration
from outcome import recommending, service
from outcome.compare import member_cells
from outcome.models import Outcome, Recommendation
from surveys.framework import FRAMEWORK
from tests import factory
from tests.conftest import html, sign_in
from tests.exports.readback import read_workbook
from tests.outcome.helpers import team, text_of


def test_the_demo_has_ratings_disagreements_drafts_and_published_reports(app, client):
    result = app.test_cli_runner().invoke(
        args=["demo", "--explorations", "24", "--respondents", "4"]
    )
    assert result.exit_code == 0, result.output
    sign_in(app, client, "viewer")
    with app.app_context():
        in_progress = db.scalars(
            select(Exploration.id).where(Exploration.status == "in_progress")
        ).all()
        completed = db.scalars(
            select(Exploration.id).where(Exploration.status == "completed")
        ).all()
        disagreeing = [
            eid
            for eid in in_progress
            if any(
                c.disagree
                for c in member_cells(
                    {
                        uid: {cell: r.level for cell, r in grid.items()}
                        for uid, grid in service.all_member_ratings(eid).items()
                    }
                )
            )
        ]
        assert len(disagreeing) == 1
        assert all(recommending.recommendations(eid) for eid in in_progress)
        published = db.scalars(
            select(Outcome.exploration_id).where(Outcome.published_at.is_not(None))
        ).all()
        assert set(published) == set(completed)
    for eid in [*in_progress, *completed]:
        assert client.get(f"/en/staff/requests/{eid}/outcome").status_code == 200
        assert client.get(f"/fr/staff/requests/{eid}/report").status_code == 200
    assert client.get(f"/fr/staff/requests/{completed[0]}/report-fr.pdf").status_code == 200
    assert client.get("/en/staff/recommendations").status_code == 200
    # A finished exploration's report counts its interviews held and its colleagues invited.
    report = text_of(html(client.get(f"/en/staff/requests/{completed[0]}/report")))
    assert "held: 0" not in report and "not recorded" not in report
    assert re.search(r"held: [1-9]", report) and re.search(r"invited by email: [1-9]", report)


def test_the_exploration_workbook_has_the_assessment_and_the_map(app):
    t = team(app, respondents=[{"default": 4}] * 3)
    factory.cds_ratings(app, t.exploration.id, {("open", "leadership"): 2}, default=4)
    factory.recommendation(app, t.exploration.id, '=HYPERLINK("x")', carrier="with_cds")
    with app.test_request_context():
        buffer = io.BytesIO()
        build_workbook(workbook_data(db, Scope.one(t.exploration.id)), "en", buffer, title="T")
        with_cds = db.scalars(select(Recommendation)).one().with_cds
    sheets = read_workbook(buffer.getvalue())
    assessment = sheets["Assessment"]
    assert len(assessment.rows) == 18
    row = assessment.rows[
        assessment.column("Role or structure").index("Leadership and coherent direction") + 6
    ]
    assert row[assessment.header.index("Flag")] == "Blind spot (+2)"
    assert sheets["Recommendations"].column("Title") == ['=HYPERLINK("x")'] and with_cds
    picture = sheets["Assessment map"]
    assert picture.header[1:] == [r.name["en"] for r in FRAMEWORK.roles]
    assert len(picture.rows) == 6
    assert "Blind spot (+2)" in picture.rows[2][1]
    about = sheets["About"].column("Term")
    assert "Blind spot" in about and "Hidden strength" in about and "Not enough evidence" in about
