"""The partner's plan in their time zone and language, "not available" seen by staff, and the
.ics calendars read back by two calendar libraries."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from lxml import html as lxml_html

from core.db import db
from intake.models import Exploration
from planning import service
from tests import factory
from tests.conftest import html, sign_in
from tests.planning.test_plan_pages import interviews, plan_url, post

VANCOUVER = ZoneInfo("America/Vancouver")
REQUIRED_EVENT = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE")


def scheduled(app):
    made = factory.planned_exploration(
        app, "scheduled", kickoff=True, signed=datetime(2026, 8, 1).date()
    )
    with app.test_request_context():
        service.propose_schedule(db.get(Exploration, made.id), service.ensure_plan(made.id), None)
        db.commit()
    return made


def read(body: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar.get("PRODID")
    for event in calendar.walk("VEVENT"):
        for name in REQUIRED_EVENT:
            assert name in event, name
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    return calendar


def test_the_lead_sees_the_plan_in_vancouver_time_and_in_french(app, client):
    made = scheduled(app)
    url = f"/fr/request/{made.token}/"
    response = client.submit(
        f"/fr/request/{made.token}/plan/time-zone", {"time_zone": "America/Vancouver"}, form_url=url
    )
    assert response.status_code == 302
    tree = lxml_html.fromstring(html(client.get(url)))
    section = tree.xpath("string(//section[@aria-labelledby='plan'])")
    assert "Heure du Pacifique (Vancouver)" in section
    assert "))" not in section  # the zone follows the time, not in parentheses of its own
    # The kickoff, 10:00 in Toronto, for an hour; a time's spaces are no-break ones.
    assert "de 07\u00a0h\u00a000 à 08\u00a0h\u00a000" in section
    assert "11\u00a0h\u00a000" in section  # the first interview, 14:00 in Toronto
    assert "Réunion de lancement" in section


def test_not_available_is_shown_to_staff(app, client):
    made = scheduled(app)
    first = interviews(app, made)[0]
    url = f"/en/request/{made.token}/"
    response = client.submit(
        f"/en/request/{made.token}/plan/interviews/{first.id}/availability",
        {f"a{first.id}-unavailable": "yes", f"a{first.id}-note": "En congé ce jour-là"},
        form_url=url,
    )
    assert response.status_code == 302
    sign_in(app, client, "viewer")
    request_page = html(client.get(f"/en/staff/requests/{made.id}"))
    assert "En congé ce jour-là" in request_page
    assert "En congé ce jour-là" in html(client.get(plan_url(made)))


def test_the_week_calendar_has_the_kickoff_and_every_interview_and_no_private_link(app, client):
    made = scheduled(app)
    response = client.get(f"/fr/request/{made.token}/plan/week-2.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data()
    assert made.token.encode() not in body
    calendar = read(body)
    events = calendar.walk("VEVENT")
    assert len(events) == 10  # the kickoff and nine interviews
    assert "réunion de lancement" in str(events[0]["SUMMARY"])
    assert events[0]["SUMMARY"].params["LANGUAGE"] == "fr"
    # A second library reads the same file and finds the same ten occurrences.
    found = recurring_ical_events.of(calendar).between(datetime(2026, 9, 21), datetime(2026, 9, 26))
    assert len(found) == 10
    assert found[0]["DTSTART"].dt == datetime(2026, 9, 21, 10, tzinfo=ZoneInfo("America/Toronto"))


def test_uids_are_stable_and_sequence_rises_on_every_change(app, client):
    made = scheduled(app)
    staff_id = sign_in(app, client, "editor")
    assert staff_id
    before = read(client.get(f"/en/staff/requests/{made.id}/plan/week-2.ics").get_data())
    last = interviews(app, made)[-1]
    one = read(client.get(f"/en/staff/requests/{made.id}/plan/interviews/{last.id}.ics").get_data())
    assert [e["UID"] for e in one.walk("VEVENT")] == [last.uid]
    moved = {
        f"i{last.id}-day": "2026-09-25",
        f"i{last.id}-start_time": "15:30",
        f"i{last.id}-end_time": "16:30",
    }
    assert post(client, app, made, f"interviews/{last.id}/time", moved).status_code == 302
    after = read(client.get(f"/en/staff/requests/{made.id}/plan/week-2.ics").get_data())
    uids = lambda cal: [str(e["UID"]) for e in cal.walk("VEVENT")]  # noqa: E731
    assert sorted(uids(before)) == sorted(uids(after))
    old = {str(e["UID"]): e for e in before.walk("VEVENT")}
    new = {str(e["UID"]): e for e in after.walk("VEVENT")}
    assert new[last.uid]["SEQUENCE"] == old[last.uid]["SEQUENCE"] + 1
    assert new[last.uid]["DTSTART"].dt.hour == 15
    cancel = post(client, app, made, f"interviews/{last.id}/cancel", {})
    assert cancel.status_code == 302
    cancelled = read(client.get(f"/en/staff/requests/{made.id}/plan/week-2.ics").get_data())
    event = {str(e["UID"]): e for e in cancelled.walk("VEVENT")}[last.uid]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == new[last.uid]["SEQUENCE"] + 1
