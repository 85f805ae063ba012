"""`exploration demo`: seeded, realistic data across every status, fast enough for 1,000."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from core.auth import StaffUser, verify_password
from intake.demo import DEMO_ADMIN_EMAIL, generate_rows
from intake.models import STATUSES, Exploration, Stakeholder
from surveys.models import Rating, Respondent


def count(app, model) -> int:
    with app.app_context():
        from core.db import db

        return db.scalar(select(func.count()).select_from(model))


def test_demo_creates_every_status_with_people_documents_and_answers(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--explorations", "16", "--respondents", "3"])
    assert result.exit_code == 0, result.output
    assert "Created 16 requests" in result.output
    assert count(app, Exploration) == 16
    assert count(app, Stakeholder) > 16
    with app.app_context():
        from core.db import db

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
        from core.db import db

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
        from core.db import db

        references = db.scalars(select(Exploration.reference)).all()
        from intake import service

        new = service.next_reference(int(max(r for r in references if r)[4:8]))
        assert new not in references
