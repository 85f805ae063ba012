"""The export progress page in real Chromium, both languages: the dashboard's button opens it at
once, it is accessible (axe) and valid (vnu) while the job runs and when it is ready, the script
moves the bar without a reload, and without JavaScript "Check again" shows the news."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.auth import StaffUser
from core.jobs import Job
from core.timeutil import utcnow
from tests.browser.conftest import assert_accessible, assert_valid_html
from tests.browser.test_exports import signed_in


@pytest.fixture(autouse=True)
def job_files(live_server, tmp_path):
    live_server.app.config["JOB_FILES_DIR"] = str(tmp_path)


def _running_job(live_server, page) -> int:
    """A job in the middle of its work, for the page's running state."""
    from core.db import db

    with live_server.app.app_context():
        user = db.scalars(select(StaffUser).order_by(StaffUser.id.desc())).first()
        now = utcnow()
        job = Job(kind="portfolio_workbook", requested_by=user.id, params={"lang": "en"})
        job.status, job.done, job.total, job.step, job.steps = "running", 2, 8, 3, 9
        job.started_at = job.heartbeat_at = now
        db.add(job)
        db.commit()
        return job.id


def _move(live_server, job_id: int, done: int) -> None:
    from core.db import db

    with live_server.app.app_context():
        job = db.get(Job, job_id)
        job.done, job.heartbeat_at = done, utcnow()
        db.commit()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_download_workbook_gives_a_progress_page_then_the_file(
    page,
    live_server,
    lang,
):
    signed_in(page, live_server)
    page.goto(f"/{lang}/staff/")
    name = "Download workbook" if lang == "en" else "Télécharger le classeur"
    page.get_by_role("button", name=re.compile(name)).click()
    page.wait_for_url(re.compile(rf"/{lang}/staff/exports/jobs/\d+$"))
    link = page.locator("a[href$='/file']")
    link.wait_for(timeout=30_000)  # the script reloads the page when the job is done
    assert_accessible(page)
    assert_valid_html(page)
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_running_job_page_is_accessible_and_moves_without_a_reload(page, live_server, lang):
    signed_in(page, live_server)
    job_id = _running_job(live_server, page)
    page.goto(f"/{lang}/staff/exports/jobs/{job_id}")
    bar = page.locator("progress")
    assert bar.get_attribute("value") == "25"
    assert_accessible(page)
    assert_valid_html(page)
    _move(live_server, job_id, 6)
    page.wait_for_function("document.querySelector('progress').value == 30", timeout=10_000)
    assert "6" in page.locator("#job-where").inner_text()


def test_without_javascript_check_again_shows_the_news(js_off_page, live_server):
    signed_in(js_off_page, live_server)
    job_id = _running_job(live_server, js_off_page)
    js_off_page.goto(f"/en/staff/exports/jobs/{job_id}")
    _move(live_server, job_id, 8)
    with js_off_page.expect_navigation():
        js_off_page.get_by_role("link", name="Check again").click()
    assert "Sheet 3 of 9: 8 of 8 explorations" in js_off_page.locator("main").inner_text()
    assert js_off_page.locator("progress").get_attribute("value") == "33"
