"""The staff plan page and the partner's plan: team, agreement, the Scheduled rule, kickoff,
proposing and adjusting the schedule, bad input kept with its message, and conflicts."""

from __future__ import annotations

from datetime import date, datetime

from lxml import html as lxml_html
from sqlalchemy import select

from core.audit import AuditEvent
from core.db import db
from planning.models import Interview, Plan, team_of
from tests import factory
from tests.conftest import html, sign_in


def page(response):
    return lxml_html.fromstring(html(response))


def plan_url(made, lang="en") -> str:
    return f"/{lang}/staff/requests/{made.id}/plan"


def plan_version(app, made) -> int:
    with app.app_context():
        return db.scalar(select(Plan.version).where(Plan.exploration_id == made.id))


def post(client, app, made, path, data, lang="en"):
    data = {"plan_version": plan_version(app, made), **data}
    return client.submit(f"{plan_url(made, lang)}/{path}", data, form_url=plan_url(made, lang))


def interviews(app, made) -> list[Interview]:
    with app.app_context():
        rows = db.scalars(
            select(Interview)
            .where(Interview.exploration_id == made.id)
            .order_by(Interview.starts_at)
        ).all()
        db.expunge_all()
        return list(rows)


def test_scheduled_needs_dates_and_a_signed_agreement_and_says_what_is_missing(app, client):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "accepted")
    for lang, words in (("en", "agreed start date"), ("fr", "date de début convenue")):
        response = client.submit(
            f"/{lang}/staff/requests/{made.id}/status",
            {"status": "scheduled", "version": made.version},
            form_url=f"/{lang}/staff/requests/{made.id}",
        )
        assert response.status_code == 400
        error = page(response).xpath("string(//*[@id='status-error'])")
        assert words in error.lower(), error
    ready = factory.planned_exploration(app, signed=datetime(2026, 8, 1).date())
    response = client.submit(
        f"/en/staff/requests/{ready.id}/status",
        {"status": "scheduled", "version": ready.version},
        form_url=f"/en/staff/requests/{ready.id}",
    )
    assert response.status_code == 302


def test_staff_name_the_team_sign_the_agreement_set_the_kickoff_and_propose(app, client):
    user_id = sign_in(app, client, "editor", name="Renée Lavoie")
    other = factory.staff_account(app, "viewer", name="Ann Smith")
    made = factory.planned_exploration(app)
    assert client.get(plan_url(made)).status_code == 200

    response = post(client, app, made, "team", {"lead": user_id, "members": [other]})
    assert response.status_code == 302, html(response)[:2000]
    with app.app_context():
        assert [(m.staff_user_id, m.role) for m in team_of(made.id)] == [
            (user_id, "lead"),
            (other, "member"),
        ]

    response = post(
        client,
        app,
        made,
        "agreement",
        {"sent_on": "2026-08-01", "signed_on": "2026-08-10", "note": "Signée"},
    )
    assert response.status_code == 302
    response = post(
        client,
        app,
        made,
        "kickoff",
        {
            "time_zone": "America/Toronto",
            "kickoff_date": "2026-09-21",
            "kickoff_time": "10:00",
            "kickoff_minutes": "60",
            "morning_time": "10:00",
            "afternoon_time": "14:00",
        },
    )
    assert response.status_code == 302, html(response)[:3000]
    response = post(client, app, made, "propose", {})
    assert response.status_code == 302
    rows = interviews(app, made)
    assert len(rows) == 9
    assert rows[0].starts_at == datetime(2026, 9, 21, 18, 0)  # 14:00 in Toronto
    request_page = page(client.get(f"/en/staff/requests/{made.id}"))
    assert "Renée Lavoie" in request_page.xpath("string(//section[@aria-labelledby='plan'])")
    with app.app_context():
        actions = set(
            db.scalars(select(AuditEvent.action).where(AuditEvent.exploration_id == made.id))
        )
    assert {
        "plan.team_set",
        "plan.agreement_set",
        "plan.kickoff_set",
        "plan.schedule_proposed",
    } <= actions


def test_bad_times_get_a_message_next_to_the_field_in_both_languages_and_keep_the_input(
    app, client
):
    sign_in(app, client, "editor")
    made = factory.planned_exploration(app, kickoff=True)
    with app.test_request_context():
        from intake.models import Exploration
        from planning import service

        service.propose_schedule(db.get(Exploration, made.id), service.ensure_plan(made.id), None)
        db.commit()
    rows = interviews(app, made)
    first, last = rows[0], rows[-1]  # the last is topic 9, whose person is also on topic 7
    cases = [
        (
            {"day": "2026-09-26", "start_time": "10:00", "end_time": "11:00"},
            "day",
            ("weekend", "fin de semaine"),
        ),
        (
            {"day": "2026-09-29", "start_time": "10:00", "end_time": "11:00"},
            "day",
            ("week 2", "semaine 2"),
        ),
        (
            {"day": "2026-09-22", "start_time": "11:00", "end_time": "10:00"},
            "end_time",
            ("after the start", "après le début"),
        ),
    ]
    clash = {"day": "2026-09-24", "start_time": "14:00", "end_time": "15:00"}  # topic 7's slot
    cases = [(first, *case) for case in cases] + [
        (last, clash, "start_time", ("two interviews", "deux entrevues"))
    ]
    for target, data, field, words in cases:
        for lang, word in zip(("en", "fr"), words, strict=True):
            prefixed = {f"i{target.id}-{k}": v for k, v in data.items()}
            response = post(client, app, made, f"interviews/{target.id}/time", prefixed, lang)
            assert response.status_code == 400, (data, lang)
            tree = page(response)
            message = tree.xpath(f"string(//*[@id='i{target.id}-{field}-error'])")
            assert word in message, (data, lang, message)
            assert tree.xpath(f"//input[@id='i{target.id}-day']/@value") == [data["day"]]
            assert tree.xpath("//*[contains(@class,'error-summary')]")


def test_a_disabled_account_cannot_join_the_team(app, client):
    sign_in(app, client, "editor")
    disabled = factory.staff_account(app, "viewer", name="Paul Absent", active=False)
    made = factory.planned_exploration(app)
    response = post(client, app, made, "team", {"lead": disabled})
    assert response.status_code == 400
    assert "disabled" in page(response).xpath("string(//*[@id='lead-error'])")


def test_a_stale_plan_page_gets_the_conflict_page_with_what_was_typed(app, client):
    sign_in(app, client, "editor")
    made = factory.planned_exploration(app)
    version = plan_version(app, made)
    post(client, app, made, "agreement", {"signed_on": "2026-08-10"})
    response = client.submit(
        f"{plan_url(made)}/agreement",
        {"plan_version": version, "note": "Texte important"},
        form_url=plan_url(made),
    )
    assert response.status_code == 409
    assert "Texte important" in html(response)


def test_the_spring_forward_hour_and_a_holiday_are_refused_next_to_the_field(app, client):
    sign_in(app, client, "editor")
    # Week 2 holds Monday March 8, 2027 (clocks go forward Sunday March 14, 2:00).
    made = factory.planned_exploration(app, start=date(2027, 3, 1), end=date(2027, 3, 26))
    base = {
        "time_zone": "America/Toronto",
        "kickoff_minutes": "60",
        "morning_time": "10:00",
        "afternoon_time": "14:00",
    }
    response = post(
        client,
        app,
        made,
        "kickoff",
        {
            **base,
            "kickoff_date": "2027-03-08",
            "kickoff_time": "10:00",
            "survey_close_date": "2027-03-14",
            "survey_close_time": "02:30",
        },
        "fr",
    )
    assert response.status_code == 400
    tree = page(response)
    assert "n’existe pas" in tree.xpath("string(//*[@id='survey_close_time-error'])")
    assert tree.xpath("//input[@id='survey_close_time']/@value") == ["02:30"]
    good_friday = factory.planned_exploration(app, start=date(2026, 3, 23), end=date(2026, 4, 17))
    response = post(
        client,
        app,
        good_friday,
        "kickoff",
        {**base, "kickoff_date": "2026-04-03", "kickoff_time": "10:00"},
    )
    assert response.status_code == 400
    assert "Good Friday" in page(response).xpath("string(//*[@id='kickoff_date-error'])")
