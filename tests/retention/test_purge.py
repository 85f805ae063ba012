"""The schedule, run on SQLite and PostgreSQL: what is due goes (drafts whole, closed
explorations' personal information), what is held or not due stays whole, aggregates do not
move, and a second run has nothing left to do."""

from __future__ import annotations

from sqlalchemy import select

from core.db import db
from core.labels import REMOVED
from intake.models import Exploration, StatusChange
from retention.models import RetentionPurge, RetentionRun
from retention.run import run_retention
from surveys.models import Respondent
from tests import factory
from tests.retention.helpers import (
    FRESH_DRAFT,
    LATELY,
    LONG_AGO,
    NOW,
    OLD_DRAFT,
    RESPONDENTS,
    aggregates,
    database_rows,
    personal_values,
)


def _portfolio(app):
    return {
        # No lead email: deleted at N days (a lead with an email is told first: test_notice).
        "old_draft": factory.aged_exploration(app, "draft", changed_at=OLD_DRAFT, lead_email=None),
        "fresh_draft": factory.aged_exploration(app, "draft", changed_at=FRESH_DRAFT),
        "due": factory.aged_exploration(
            app, "completed", changed_at=LONG_AGO, respondents=RESPONDENTS
        ),
        "declined": factory.aged_exploration(app, "declined", changed_at=LONG_AGO),
        "recent": factory.aged_exploration(app, "completed", changed_at=LATELY),
        "held": factory.aged_exploration(
            app, "withdrawn", changed_at=LONG_AGO, respondents=RESPONDENTS
        ),
        "running": factory.aged_exploration(app, "in_progress", changed_at=LONG_AGO),
    }


def test_what_is_due_goes_and_the_rest_stays_whole(app):
    made = _portfolio(app)
    factory.hold(app, made["held"].id)
    with app.app_context():
        before = {name: personal_values(m.id) for name, m in made.items()}
        figures_before = aggregates(made["due"].id)
        history_before = db.scalars(
            select(StatusChange.to_status).where(StatusChange.exploration_id == made["due"].id)
        ).all()

    with app.app_context():
        report = run_retention(NOW)

    assert report.counts["drafts"] == 1
    assert report.explorations == 3  # the old draft, the due completed one, the declined one
    assert report.held == [made["held"].reference]
    with app.app_context():
        assert db.get(Exploration, made["old_draft"].id) is None
        for name in ("fresh_draft", "recent", "held", "running"):
            assert personal_values(made[name].id) == before[name], name
        for name in ("due", "declined"):
            values = personal_values(made[name].id)
            assert values and all(v == REMOVED for v in values), (name, values)
            assert db.get(RetentionPurge, made[name].id) is not None
        due = db.get(Exploration, made["due"].id)
        # What stays: reference, department, status, dates, history, document statuses.
        assert due.reference == made["due"].reference
        assert due.department_code == "esdc" and due.status == "completed"
        assert due.service_name == "Prestations d’assurance-emploi"
        assert {d.status for d in due.documents} == {
            "shared",
            "will_share",
            "not_available",
            "not_applicable",
        }
        assert (
            db.scalars(
                select(StatusChange.to_status).where(StatusChange.exploration_id == due.id)
            ).all()
            == history_before
        )
        # Every private link stops working.
        assert due.partner_token_hash is None and due.survey_token_hash is None
        assert aggregates(made["due"].id) == figures_before
        run = db.scalar(select(RetentionRun))
        assert run.finished_at is not None and run.counts == dict(report.counts)
        assert REMOVED not in run.counts_json and "Élodie" not in run.counts_json


def test_a_second_run_changes_nothing(app):
    made = _portfolio(app)
    factory.hold(app, made["held"].id)
    with app.app_context():
        run_retention(NOW)
    after_first = database_rows(app)
    with app.app_context():
        second = run_retention(NOW)
    after_second = database_rows(app)
    assert second.explorations == 0 and not second.counts
    assert second.held == [made["held"].reference]  # still held, still said
    for table in after_first:
        if table != "retention_runs":
            assert after_second[table] == after_first[table], table


def test_a_lifted_hold_lets_the_next_run_purge(app):
    made = factory.aged_exploration(app, "completed", changed_at=LONG_AGO)
    factory.hold(app, made.id)
    with app.app_context():
        assert run_retention(NOW).held == [made.reference]
        from retention.holds import lift_hold

        lift_hold(made.id, factory.staff_account(app, "admin"))
        db.commit()
        report = run_retention(NOW)
    assert report.explorations == 1 and not report.held


def test_a_dry_run_counts_kinds_and_changes_nothing(app):
    made = _portfolio(app)
    before = database_rows(app)
    with app.app_context():
        dry = run_retention(NOW, dry_run=True)
    after = database_rows(app)
    for table in before:
        if table != "retention_runs":
            assert after[table] == before[table], table
    with app.app_context():
        real = run_retention(NOW)
    assert dry.counts == real.counts and dry.explorations == real.explorations
    assert dry.counts["stakeholders"] == 3 * 3 * 5  # three closed and due, 3 people, 5 fields
    del made


def test_the_command_prints_kinds_and_counts_never_values(app, monkeypatch):
    factory.aged_exploration(app, "completed", changed_at=LONG_AGO, respondents=RESPONDENTS)
    factory.aged_exploration(app, "draft", changed_at=OLD_DRAFT, lead_email=None)
    monkeypatch.setattr("retention.run.utcnow", lambda: NOW)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Dry run" in dry.output and "contacts: would remove 5" in dry.output
    assert "drafts: would remove 1" in dry.output
    for value in ("Élodie", "elodie", "613-555", "Léa", "Marie-Ève", "Note sur", "Bravo"):
        assert value not in dry.output
    real = runner.invoke(args=["retention", "run"])
    assert real.exit_code == 0 and "contacts: removed 5" in real.output
    again = runner.invoke(args=["retention", "run"])
    assert "explorations: 0" in again.output
    with app.app_context():
        assert (
            db.scalar(
                select(Respondent.overall_comment).where(Respondent.overall_comment.is_not(None))
            )
            == REMOVED
        )
