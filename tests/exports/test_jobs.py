"""Exports as background jobs, run here by the embedded runner (a thread of the app): the
dashboard's buttons answer at once with a progress page, the page works without JavaScript,
the file is the requester's (and admins'), cancel, a stalled job, expiry, and the scheduled
work and its record."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import timedelta

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from core import jobs
from core.db import db
from core.job_runners import runner
from core.jobs import Job, ScheduledRun
from core.timeutil import utcnow
from tests.conftest import html, sign_in
from tests.exports.readback import read_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def app(app, tmp_path):
    app.config["JOB_FILES_DIR"] = str(tmp_path / "exports")
    return app


MINE = "/en/staff/exports/mine"


def start(client, lang="en", query="", **form) -> tuple[int, float]:
    """Press a dashboard button; return the job id and how long the answer took."""
    token = client.csrf_token(MINE)
    started = time.perf_counter()
    response = client.post(
        f"/{lang}/staff/exports/portfolio{query}",
        data={"csrf_token": token, "what": "workbook", **form},
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, html(response)[:300]
    job_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    return job_id, elapsed


def finish(app, job_id: int) -> Job:
    runner(app).wait(job_id, 60)
    with app.app_context():
        return db.get(Job, job_id)


def test_the_dashboard_offers_the_exports_as_buttons_with_its_filter(app, client, portfolio):
    sign_in(app, client, "viewer")
    page = lxml_html.fromstring(html(client.get("/en/staff/?status=scheduled&sort=reference")))
    forms = page.xpath("//form[@method='post'][.//input[@name='what']]")
    assert [f.xpath(".//input[@name='what']/@value")[0] for f in forms] == [
        "workbook",
        "summaries",
    ]
    assert "status=scheduled" in forms[0].get("action")
    assert page.xpath("//a[contains(@href, '/en/staff/exports/mine')]")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_portfolio_workbook_job_answers_at_once_then_offers_its_file(
    app, client, portfolio, lang
):
    sign_in(app, client, "viewer")
    job_id, elapsed = start(client, lang)
    assert elapsed < 1.0  # 0.2 s on an idle machine: see the J1 figures line
    job = finish(app, job_id)
    assert job.status == "done" and job.total == 4 and job.percent == 100

    page = lxml_html.fromstring(html(client.get(f"/{lang}/staff/exports/jobs/{job_id}")))
    link = page.xpath("//a[contains(@href, '/file')]")[0]
    response = client.get(link.get("href"))
    assert response.status_code == 200 and response.mimetype == XLSX
    sheets = read_workbook(response.get_data())
    assert next(iter(sheets)) == ("Requests" if lang == "en" else "Demandes")
    assert job.download_name.endswith(f"-{lang}.xlsx")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_request_page_prepares_its_workbook_as_a_job(app, client, portfolio, lang):
    sign_in(app, client, "viewer")
    url = f"/{lang}/staff/requests/{portfolio.scheduled_id}"
    page = lxml_html.fromstring(html(client.get(url)))
    [form] = page.xpath("//form[contains(@action, '/workbook-job')]")
    button = {
        "en": "Prepare the workbook in the background",
        "fr": "Préparer le classeur en arrière-plan",
    }
    assert form.xpath("normalize-space(.//button)") == button[lang]
    response = client.submit(form.get("action"), form_url=url)
    assert response.status_code == 302, html(response)[:300]
    job_id = int(response.location.rstrip("/").split("/")[-1])
    job = finish(app, job_id)
    assert job.status == "done" and job.kind == "exploration_workbook"
    assert job.download_name == f"exploration-EXP-2026-0001-{lang}.xlsx"
    sheets = read_workbook(client.get(f"/{lang}/staff/exports/jobs/{job_id}/file").get_data())
    requests = "Requests" if lang == "en" else "Demandes"
    reference = "Reference" if lang == "en" else "Référence"
    assert sheets[requests].column(reference) == ["EXP-2026-0001"]


def test_the_job_follows_the_dashboard_filter(app, client, portfolio):
    sign_in(app, client, "viewer")
    job_id, _ = start(client, query="?status=completed&sort=reference&dir=asc")
    job = finish(app, job_id)
    assert job.total == 1
    sheets = read_workbook(client.get(f"/en/staff/exports/jobs/{job_id}/file").get_data())
    assert sheets["Requests"].column("Reference") == ["EXP-2026-0003"]


def test_the_summaries_come_as_one_zip_of_pdfs_in_the_chosen_language(app, client, portfolio):
    sign_in(app, client, "viewer")
    job_id, _ = start(client, what="summaries", doc_lang="fr")
    job = finish(app, job_id)
    assert job.status == "done"
    body = client.get(f"/en/staff/exports/jobs/{job_id}/file").get_data()
    names = sorted(zipfile.ZipFile(io.BytesIO(body)).namelist())
    assert names == [f"exploration-EXP-2026-000{n}-fr.pdf" for n in (1, 2, 3, 5)]


def test_a_bad_filter_or_language_is_a_400(app, client, portfolio):
    sign_in(app, client, "viewer")
    token = client.csrf_token(MINE)
    assert client.post("/en/staff/exports/portfolio?sort=nope", data={"csrf_token": token})
    for query, form in (("?sort=nope", {}), ("", {"what": "summaries", "doc_lang": "de"})):
        response = client.post(
            f"/en/staff/exports/portfolio{query}", data={"csrf_token": token, **form}
        )
        assert response.status_code == 400


def test_the_progress_page_works_without_javascript(app, client, portfolio):
    user_id = sign_in(app, client, "viewer")
    with app.app_context():
        job = Job(kind="portfolio_workbook", requested_by=user_id, params={"lang": "en"})
        job.status, job.done, job.total, job.step, job.steps = "running", 3, 4, 2, 9
        job.started_at = job.heartbeat_at = utcnow()
        db.add(job)
        db.commit()
        job_id = job.id
    page = lxml_html.fromstring(html(client.get(f"/en/staff/exports/jobs/{job_id}")))
    bar = page.xpath("//progress")[0]
    assert page.xpath(f"//label[@for='{bar.get('id')}']")
    assert bar.get("value") == "19" and bar.text_content().strip() == "19% done"
    assert "Sheet 2 of 9: 3 of 4 explorations" in page.text_content()
    assert not page.xpath("//meta[@http-equiv]")
    assert page.xpath("//a[text()='Check again']/@href") == [f"/en/staff/exports/jobs/{job_id}"]
    status = client.get(f"/en/staff/exports/jobs/{job_id}/status").get_json()
    assert status["status"] == "running" and status["percent"] == 19
    assert status["where"] == "Sheet 2 of 9: 3 of 4 explorations"

    # Cancel: the running job is asked to stop at its next progress report.
    client.submit(
        f"/en/staff/exports/jobs/{job_id}/cancel", form_url=f"/en/staff/exports/jobs/{job_id}"
    )
    with app.app_context():
        assert db.get(Job, job_id).cancel_requested


def test_only_the_requester_and_admins_see_a_job(app, client, portfolio):
    sign_in(app, client, "viewer")
    job_id, _ = start(client)
    finish(app, job_id)
    urls = [f"/en/staff/exports/jobs/{job_id}{tail}" for tail in ("", "/status", "/file")]
    other = app.test_client()
    sign_in(app, other, "editor")
    assert [other.get(url).status_code for url in urls] == [404, 404, 404]
    admin = app.test_client()
    sign_in(app, admin, "admin")
    assert [admin.get(url).status_code for url in urls] == [200, 200, 200]


def test_a_queued_job_cancelled_never_runs(app, client, portfolio):
    user_id = sign_in(app, client, "viewer")
    with app.app_context():
        job = Job(kind="portfolio_workbook", requested_by=user_id, params={"lang": "en"})
        db.add(job)
        db.commit()
        job_id = job.id
    client.submit(
        f"/en/staff/exports/jobs/{job_id}/cancel", form_url=f"/en/staff/exports/jobs/{job_id}"
    )
    assert jobs.perform(job_id, app) == "cancelled"
    page = html(client.get(f"/en/staff/exports/jobs/{job_id}"))
    assert "The export was cancelled. No file was kept." in page


def test_a_stalled_job_fails_and_can_be_started_again(app, client, portfolio):
    user_id = sign_in(app, client, "viewer")
    with app.app_context():
        long_ago = utcnow() - timedelta(seconds=app.config["JOB_STALL_SECONDS"] + 5)
        job = Job(kind="portfolio_workbook", requested_by=user_id, params={"lang": "en"})
        job.status, job.started_at, job.heartbeat_at = "running", long_ago, long_ago
        db.add(job)
        db.commit()
        job_id = job.id
    page = html(client.get(f"/en/staff/exports/jobs/{job_id}"))
    assert "The export stopped before it finished. No file was kept." in page
    assert client.get(f"/en/staff/exports/jobs/{job_id}/file").status_code == 404
    again = client.submit(
        f"/en/staff/exports/jobs/{job_id}/again", form_url=f"/en/staff/exports/jobs/{job_id}"
    )
    new_id = int(again.headers["Location"].split("/")[-1])
    assert new_id != job_id and finish(app, new_id).status == "done"


def test_the_sweep_expires_files_and_removes_partial_ones(app, client, portfolio):
    sign_in(app, client, "viewer")
    job_id, _ = start(client)
    job = finish(app, job_id)
    folder = jobs.files_dir(app)
    partial = folder / ".partial-999-abc"
    partial.write_bytes(b"half a file")
    old = time.time() - app.config["JOB_STALL_SECONDS"] - 10
    import os

    os.utime(partial, (old, old))
    with app.app_context():
        db.get(Job, job_id).expires_at = utcnow() - timedelta(minutes=1)
        db.commit()
        counts = jobs.run_scheduled("jobs.sweep", app)
        assert jobs.run_scheduled("jobs.sweep", app) is None  # once per period
        run = db.scalars(select(ScheduledRun)).one()
    assert counts["expired"] == 1 and counts["files_removed"] == 1
    assert run.status == "ok" and run.counts == counts
    assert not (folder / job.file_name).exists() and not partial.exists()
    assert client.get(f"/en/staff/exports/jobs/{job_id}/file").status_code == 404
    assert "This file has expired" in html(client.get(f"/en/staff/exports/jobs/{job_id}"))


def test_admins_see_the_scheduled_work_and_its_runs(app, client, portfolio):
    with app.app_context():
        jobs.run_scheduled("jobs.sweep", app)
    sign_in(app, client, "admin")
    page = lxml_html.fromstring(html(client.get("/en/staff/scheduled-work")))
    assert "jobs.sweep" in page.text_content()
    assert page.xpath("//caption[text()='The last 1 run']")
    viewer = app.test_client()
    sign_in(app, viewer, "editor")
    assert viewer.get("/en/staff/scheduled-work").status_code == 403


def test_my_exports_lists_only_mine(app, client, portfolio):
    sign_in(app, client, "viewer")
    job_id, _ = start(client)
    finish(app, job_id)
    other = app.test_client()
    sign_in(app, other, "editor")
    start(other)
    page = lxml_html.fromstring(html(client.get("/fr/staff/exports/mine")))
    rows = page.xpath("//tbody/tr")
    assert len(rows) == 1
    assert rows[0].xpath(".//a/@href") == [f"/fr/staff/exports/jobs/{job_id}"]


def test_a_task_that_only_reads_does_not_stall_the_record_of_its_run(app):
    """A task may leave its session's transaction open (a read, no commit). On SQLite that
    transaction holds the write lock, and the run's record, written next in the same thread,
    used to wait for it until the busy timeout, and every other writer with it."""
    from core.scheduled import SCHEDULES

    @jobs.scheduled("test.count", every=timedelta(minutes=5))
    def count(now):
        return {"runs": len(db.scalars(select(ScheduledRun.id)).all())}

    try:
        assert jobs.run_scheduled("test.count", app) == {"runs": 1}
        with app.app_context():
            run = db.scalars(select(ScheduledRun).where(ScheduledRun.name == "test.count")).one()
        assert run.status == "ok" and run.counts == {"runs": 1}
    finally:
        SCHEDULES.pop("test.count", None)


@pytest.mark.app_config(DIRECT_EXPORT_MAX=3)
def test_a_large_portfolio_is_not_built_inside_a_get(app, client, portfolio):
    """Past DIRECT_EXPORT_MAX explorations the old GET link leads to the dashboard's button."""
    sign_in(app, client, "viewer")
    response = client.get("/en/staff/exports/portfolio.xlsx?sort=reference&dir=asc")
    assert response.status_code == 303
    assert response.location.startswith("/en/staff/?")
    small = client.get("/en/staff/exports/portfolio.xlsx?status=completed")
    assert small.status_code == 200 and small.mimetype == XLSX


def test_a_module_registers_its_scheduled_task_and_each_run_is_recorded(app):
    """How the outbox retry and the retention purge wire themselves in."""
    from core.db import get_database
    from core.scheduled import SCHEDULES, due_schedules

    calls = []

    @jobs.scheduled("test.deliver", every=timedelta(minutes=5))
    def deliver(now):
        calls.append(now)
        return {"sent": 2, "failed": 0}

    try:
        with app.app_context(), get_database().sessionmaker() as session:
            assert {"jobs.sweep", "test.deliver"} <= set(due_schedules(session, utcnow()))
        assert jobs.run_scheduled("test.deliver", app) == {"sent": 2, "failed": 0}
        assert jobs.run_scheduled("test.deliver", app) is None  # the same period: not again
        with app.app_context(), get_database().sessionmaker() as session:
            assert "test.deliver" not in due_schedules(session, utcnow())
            run = session.scalars(
                select(ScheduledRun).where(ScheduledRun.name == "test.deliver")
            ).one()
        assert len(calls) == 1 and run.status == "ok" and run.finished_at is not None
    finally:
        SCHEDULES.pop("test.deliver", None)
