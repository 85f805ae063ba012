"""Planning in real Chromium, in both languages: staff set the agreed dates, name the team lead,
sign the agreement, save the kickoff, propose the week-2 schedule and move one interview; the
partner's lead then reads the plan in Vancouver time and downloads the week's calendar, which
parses with icalendar. Every page visited passes axe and the W3C checker."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from core.labels import Labels
from tests import factory
from tests.browser.conftest import assert_accessible, assert_valid_html, sign_in

START, END = "2026-09-14", "2026-10-09"  # week 2: Monday 2026-09-21 to Friday 2026-09-25
MOVED_DAY, MOVED_START, MOVED_END = "2026-09-21", "15:30", "16:30"  # Toronto time
MOVED_UTC = datetime(2026, 9, 21, 19, 30, tzinfo=UTC)


def check(page) -> None:
    assert_accessible(page)
    assert_valid_html(page)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_staff_plan_the_exploration_and_the_lead_sees_it_in_vancouver_time(
    page, live_server, lang, tmp_path: Path
):
    app = live_server.app
    _ = Labels(lang)
    editor = factory.staff_account(app, "editor", name=f"Dominique Tremblay {lang}")
    made = factory.exploration(app, "accepted", people=factory.NINE_TOPIC_PEOPLE, to_confirm=())

    page.goto(f"/{lang}/staff/sign-in")
    check(page)
    sign_in(page, factory.staff_email(app, editor), lang=lang)
    page.wait_for_url(f"**/{lang}/staff/")
    check(page)

    # The agreed dates, on the request page.
    page.goto(f"/{lang}/staff/requests/{made.id}")
    check(page)
    page.get_by_label(_("Agreed start date")).fill(START)
    page.get_by_label(_("Agreed end date")).fill(END)
    page.get_by_role("button", name=_("Save dates")).click()
    page.wait_for_load_state()
    check(page)

    # The plan page: the team lead, the signed agreement, the kickoff (its default: the first
    # morning of week 2), then the proposed schedule.
    open_plan = _("Open the plan: team, agreement, kickoff and interviews")
    page.get_by_role("link", name=open_plan).click()
    page.wait_for_url(f"**/{lang}/staff/requests/{made.id}/plan")
    check(page)
    page.get_by_label(_("Team lead")).select_option(label=f"Dominique Tremblay {lang}")
    page.get_by_role("button", name=_("Save the team")).click()
    page.wait_for_url("**/plan#team")
    assert _("Team saved.") in page.content()
    check(page)
    page.get_by_label(_("Agreement signed on")).fill("2026-08-10")
    page.get_by_role("button", name=_("Save the agreement")).click()
    page.wait_for_url("**/plan#agreement")
    check(page)
    assert page.get_by_label(_("Kickoff date")).input_value() == "2026-09-21"
    page.get_by_role("button", name=_("Save the kickoff and times")).click()
    page.wait_for_url("**/plan#kickoff")
    check(page)
    page.get_by_role("button", name=_("Propose a schedule")).click()
    page.wait_for_url("**/plan#interviews")
    interviews = page.locator("section[aria-labelledby=interviews] .interview")
    assert interviews.count() == 9
    check(page)

    # Move the first interview (Monday afternoon) to 15:30.
    first = interviews.first
    first.get_by_label(_("Day")).fill(MOVED_DAY)
    first.get_by_label(_("Starts at")).fill(MOVED_START)
    first.get_by_label(_("Ends at")).fill(MOVED_END)
    first.get_by_role("button", name=_("Move"), exact=True).click()
    page.wait_for_url(re.compile(r".*/plan#interview-\d+$"))
    assert _("Interview moved.") in page.content()
    moved_id = page.url.rsplit("-", 1)[1]
    moved = page.locator(f"#interview-{moved_id}")
    assert _.time(datetime(2026, 9, 21, 15, 30)) in moved.inner_text()
    check(page)

    # The dashboard: "My explorations" (I lead this one), its interviews in the readiness.
    page.goto(f"/{lang}/staff/")
    page.get_by_label(_("My explorations")).check()
    page.get_by_label(_("Agreement"), exact=True).select_option("signed")
    page.get_by_role("button", name=_("Apply filters")).click()
    page.wait_for_url(re.compile(r".*/staff/\?.*mine=1.*"))
    (row,) = page.locator("#requests tbody tr").all()
    assert made.reference in row.inner_text()
    assert squash(_("%(scheduled)d scheduled, %(held)d held", scheduled=9, held=0)) in squash(
        row.inner_text()
    )
    check(page)

    # The HTML summary has the plan, the moved interview in the exploration's zone.
    page.goto(f"/{lang}/staff/requests/{made.reference}/summary")
    summary = squash(page.locator("section[aria-labelledby=plan]").inner_text())
    assert f"Dominique Tremblay {lang}" in summary
    assert squash(_.time(datetime(2026, 9, 21, 15, 30))) in summary
    check(page)

    # The partner's lead, on their private page (no staff session: cookies cleared), in their
    # language and Vancouver time.
    page.context.clear_cookies()
    partner = page
    partner.goto(f"/{lang}/request/{made.token}/")
    check(partner)
    partner.get_by_label(_("Show the times in")).select_option("America/Vancouver")
    partner.get_by_role("button", name=_("Show the times")).click()
    partner.wait_for_url("**#plan")
    check(partner)
    plan = squash(partner.locator("section[aria-labelledby=plan]").inner_text())
    assert _.time_zone("America/Vancouver") in plan
    assert f"Dominique Tremblay {lang}" in plan
    assert squash(_.time(datetime(2026, 9, 21, 7, 0))) in plan  # the kickoff, 10:00 in Toronto
    moved_row = squash(partner.locator(f"#interview-{moved_id}").inner_text())
    assert squash(_.time(datetime(2026, 9, 21, 12, 30))) in moved_row  # 15:30 in Toronto

    link = partner.get_by_role("link", name=_("Add week 2 to your calendar (.ics)"))
    with partner.expect_download() as download_info:
        link.click()
    # A download fires no "response" event and skips routes: the same URL fetched with the
    # browser context's own request client (its cookies) gives the headers it was sent.
    fetched = partner.context.request.get(link.get_attribute("href"))
    assert fetched.status == 200
    assert fetched.headers["content-type"].startswith("text/calendar")
    assert "attachment" in fetched.headers["content-disposition"]
    download = download_info.value
    assert download.suggested_filename == f"{made.reference}-week-2.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    body = saved.read_bytes()
    assert made.token.encode() not in body
    calendar = icalendar.Calendar.from_ical(body)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 10  # the kickoff and nine interviews
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    starts = {event.decoded("DTSTART").astimezone(UTC) for event in events}
    assert MOVED_UTC in starts
    assert datetime(2026, 9, 21, 14, 0, tzinfo=UTC) in starts  # the kickoff
    # The moved interview's entry was updated: its SEQUENCE rose.
    assert max(int(event["SEQUENCE"]) for event in events) >= 1
    again = icalendar.Calendar.from_ical(fetched.body())
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {str(e["UID"]) for e in events}
