"""`exploration demo`: seeded, realistic data across every status, fast enough for 1,000."""

from __future__ import annotations

import re

import lxml.html
import pytest
from sqlalchemy import delete, func, inspect, select
from sqlalchemy.exc import IntegrityError

from core.auth import StaffUser, verify_password
from core.db import Base, db
from core.tokens import hash_token
from demo.bulk import bulk_insert, foreign_keys_checked_at_the_end
from demo.seed import SURVEY_OPEN, generate_rows
from demo.store import DEMO_ADMIN_EMAIL, insert_demo
from intake.models import STATUSES, DocumentStatus, Exploration, Stakeholder
from surveys.models import Rating, Respondent
from surveys.results import results_for
from tests.conftest import make_test_app


def count(app, model) -> int:
    with app.app_context():
        return db.scalar(select(func.count()).select_from(model))


def test_demo_creates_every_status_with_people_documents_and_answers(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--explorations", "16", "--respondents", "3"])
    assert result.exit_code == 0, result.output
    assert "Created 16 requests" in result.output
    assert count(app, Exploration) == 16
    assert count(app, Stakeholder) > 16
    with app.app_context():
        statuses = set(db.scalars(select(Exploration.status)))
        assert statuses == set(STATUSES)
        drafts = db.scalar(
            select(func.count()).select_from(Exploration).where(Exploration.status == "draft")
        )
        references = db.scalars(
            select(Exploration.reference).where(Exploration.status != "draft")
        ).all()
        assert all(re.fullmatch(r"EXP-\d{4}-\d{4}", r) for r in references)
        assert len(set(references)) == len(references)
        assert db.scalar(select(Exploration.reference).where(Exploration.status == "draft")) is None
    # Respondents only for requests past draft, each with the full 6 x 3 grid.
    assert count(app, Respondent) == (16 - drafts) * 3
    assert count(app, Rating) == count(app, Respondent) * 18


def test_demo_creates_an_admin_once_and_prints_the_password_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "--explorations", "2", "--respondents", "0"])
    match = re.search(r"password: (\S+)", first.output)
    assert match, first.output
    with app.app_context():
        admin = db.scalars(select(StaffUser)).one()
        assert admin.email == DEMO_ADMIN_EMAIL and admin.role == "admin"
        assert verify_password(admin, match.group(1))
    second = runner.invoke(args=["demo", "--explorations", "2", "--respondents", "0"])
    assert "password" not in second.output
    assert count(app, StaffUser) == 1
    assert count(app, Exploration) == 4


def test_if_empty_does_nothing_when_requests_exist(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "--explorations", "3", "--respondents", "1"])
    result = runner.invoke(args=["demo", "--explorations", "5", "--if-empty"])
    assert result.exit_code == 0
    assert "already exist" in result.output
    assert count(app, Exploration) == 3


def test_same_seed_same_data():
    first = generate_rows(30, 4, seed=7)
    second = generate_rows(30, 4, seed=7)
    other = generate_rows(30, 4, seed=8)
    fixed = {"created_at", "updated_at", "submitted_at", "preferred_start", "latest_start"}

    def content(rows):
        return [{k: v for k, v in e.items() if k not in fixed} for e in rows.explorations]

    assert content(first) == content(second)
    assert [p for _i, p, _t in first.stakeholders] == [p for _i, p, _t in second.stakeholders]
    assert content(first) != content(other)


def test_names_cover_accents_ligatures_and_syllabics():
    rows = generate_rows(200, 0, seed=2026)
    names = " ".join(p["name"] for _i, p, _t in rows.stakeholders)
    names += " ".join(e["lead_name"] for e in rows.explorations)
    assert re.search("[éèêëàçôîïû]", names)
    assert "œ" in names.lower()
    assert re.search("[\u1400-\u167f]", names)  # Unified Canadian Aboriginal Syllabics


def test_demo_follows_existing_reference_numbers(client, app):
    """Demo numbers continue after real ones, and real ones continue after the demo's."""
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "--explorations", "8", "--respondents", "0"])
    with app.app_context():
        references = db.scalars(select(Exploration.reference)).all()
        from intake import service

        new = service.next_reference(int(max(r for r in references if r)[4:8]))
        assert new not in references


def links_in(output: str) -> dict[str, str]:
    """The private links a run printed, by status."""
    pattern = r"Private link of a request in status (\w+): (/en/request/[\w-]+/)"
    return dict(re.findall(pattern, output))


def test_demo_twice_adds_requests_with_their_own_numbers_and_links(client, app):
    """Run after `make run` (which ran it once), the command adds a new batch."""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "--explorations", "16", "--respondents", "3"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        first_ids = set(db.scalars(select(Exploration.id)))
    second = runner.invoke(args=["demo", "--explorations", "16", "--respondents", "3"])
    assert second.exit_code == 0, second.output
    assert "Created 16 requests" in second.output
    assert count(app, Exploration) == 32
    assert count(app, Respondent) == 2 * (16 - 2) * 3
    with app.app_context():
        references = db.scalars(
            select(Exploration.reference).where(Exploration.reference.is_not(None))
        ).all()
        assert len(references) == len(set(references)) == 2 * (16 - 2)
        names = {
            run: db.scalars(select(Exploration.lead_name).where(in_run)).all()
            for run, in_run in (
                ("first", Exploration.id.in_(first_ids)),
                ("second", Exploration.id.not_in(first_ids)),
            )
        }
    assert names["first"] != names["second"], "the second batch repeats the first"

    links = links_in(second.output)
    assert set(links) == set(STATUSES), second.output
    assert not set(links.values()) & set(links_in(first.output).values())
    for status, path in links.items():
        token = path.split("/")[3]
        with app.app_context():
            exploration = db.scalars(
                select(Exploration).where(Exploration.partner_token_hash == hash_token(token))
            ).one()
            assert exploration.id not in first_ids
            assert exploration.status == status
        response = client.get(path)
        assert response.status_code == 200, path
        page = lxml.html.fromstring(response.get_data(as_text=True))
        assert page.xpath("//dd/span[contains(@class, 'tag')]/@class") == [f"tag status-{status}"]
        shown = [r.text_content() for r in page.xpath("//dd[@class='reference']")]
        assert shown == ([exploration.reference] if exploration.reference else [])


def test_if_empty_still_does_nothing_on_a_second_run(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "--if-empty", "--explorations", "4"]).exit_code == 0
    again = runner.invoke(args=["demo", "--if-empty", "--explorations", "4"])
    assert again.exit_code == 0
    assert again.output == "Requests already exist: no demo data added.\n"
    assert count(app, Exploration) == 4


def test_demo_shows_every_stage_of_the_lifecycle_and_the_survey(client, app):
    result = app.test_cli_runner().invoke(args=["demo", "--explorations", "24"])
    assert result.exit_code == 0, result.output
    threshold = app.config["SURVEY_RESULTS_THRESHOLD"]
    with app.app_context():
        explorations = db.scalars(select(Exploration)).all()
        partner = {e.id: results_for(e.id, staff=False) for e in explorations}
    by_status = {s: [e for e in explorations if e.status == s] for s in STATUSES}
    assert all(by_status.values())
    for exploration in explorations:
        results = partner[exploration.id]
        if exploration.status == "draft":
            assert exploration.survey_token_hash is None and not exploration.survey_open
            assert results["submitted"] == results["in_progress"] == 0
            continue
        assert exploration.survey_token_hash
        assert exploration.survey_open == (exploration.status in SURVEY_OPEN)
        assert (exploration.agreed_start is not None) == (
            exploration.status in ("scheduled", "in_progress", "completed")
        )
        if exploration.status == "submitted":
            # A survey just opened: some answers, not yet enough for the partner to see results.
            assert results["submitted"] == threshold - 1 and results["in_progress"] > 0
            assert not results["visible"]
    for status in ("accepted", "scheduled", "in_progress", "completed"):
        assert any(partner[e.id]["visible"] for e in by_status[status]), status

    # The printed survey link and a colleague's link open their pages.
    survey = re.search(r"Survey link of an open survey: (/en/survey/[\w-]+)\n", result.output)
    colleague = re.search(
        r"Private link of a survey respondent: (/en/survey/r/[\w-]+/)\n", result.output
    )
    assert survey and colleague, result.output
    welcome = lxml.html.fromstring(client.get(survey.group(1)).get_data(as_text=True))
    assert welcome.xpath("//form[@method='post']")
    assert client.get(colleague.group(1)).status_code == 200


def test_demo_on_a_database_without_tables_says_so_in_one_line(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    result = app.test_cli_runner().invoke(args=["demo", "--explorations", "2"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1, result.output
    assert "no demo data added" in result.output and "Traceback" not in result.output


def test_demo_answers_reach_the_partner_in_whole_release_steps(app):
    """The demo's survey answers are released as the service releases them: in steps of K."""
    from sqlalchemy import func, select

    from core.db import db
    from surveys.models import Respondent

    result = app.test_cli_runner().invoke(args=["demo", "--explorations", "12"])
    assert result.exit_code == 0, result.output
    threshold = app.config["SURVEY_RESULTS_THRESHOLD"]
    with app.app_context():
        rows = db.execute(
            select(
                Respondent.exploration_id,
                func.count(Respondent.submitted_at),
                func.count(Respondent.released_at),
            ).group_by(Respondent.exploration_id)
        ).all()
    assert any(released for _id, _submitted, released in rows)
    for _id, submitted, released in rows:
        assert released == (submitted // threshold) * threshold


def foreign_keys(app) -> list[tuple]:
    engine = app.extensions["exploration.db"].engine
    found = inspect(engine)
    return sorted(
        (table, key["name"], tuple(key["constrained_columns"]), key["options"].get("ondelete"))
        for table in found.get_table_names()
        for key in found.get_foreign_keys(table)
    )


def test_a_load_keeps_every_foreign_key_and_its_cascade(app, tmp_path):
    before = foreign_keys(app)
    assert (
        len(before) > 20
        and (
            "stakeholders",
            "fk_stakeholders_exploration_id_explorations",
            ("exploration_id",),
            "CASCADE",
        )
        in before
    )
    result = app.test_cli_runner().invoke(args=["demo", "--explorations", "12"])
    assert result.exit_code == 0, result.output
    assert foreign_keys(app) == before
    # The models are left as they were: a database made from them still has every key.
    fresh = make_test_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    Base.metadata.create_all(fresh.extensions["exploration.db"].engine)
    assert [key[:3] for key in foreign_keys(fresh)] == [key[:3] for key in before]
    with app.app_context():
        first = db.scalars(select(Exploration.id).order_by(Exploration.id)).first()
        assert db.scalar(select(func.count()).where(Stakeholder.exploration_id == first))
        db.execute(delete(Exploration).where(Exploration.id == first))
        db.commit()
        assert not db.scalar(select(func.count()).where(Stakeholder.exploration_id == first))


def test_a_row_without_its_parent_fails_the_whole_load(app):
    engine = app.extensions["exploration.db"].engine
    before = foreign_keys(app)
    with (
        pytest.raises(IntegrityError),
        engine.begin() as connection,
        foreign_keys_checked_at_the_end(connection),
    ):
        insert_demo(connection, generate_rows(2, 1, seed=1))
        orphan = {"exploration_id": 999_999, "document_id": "org-chart", "status": "shared"}
        bulk_insert(connection, DocumentStatus.__table__, [orphan])
    assert count(app, Exploration) == 0
    assert count(app, DocumentStatus) == 0
    assert foreign_keys(app) == before
