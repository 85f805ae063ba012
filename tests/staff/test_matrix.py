"""The authorization matrix: anonymous visitors, a partner holding a private link, viewers,
editors and administrators against every staff route (and every export route), GET and POST.

Routes are read from app.url_map, so a new route that is not in EXPECTED fails the test
instead of escaping it. Exactly the allowed cells succeed, and a refused cell is either the
sign-in redirect (anonymous, partner) or 403 (a role too low), and its body holds no partner
data. Allowed POSTs carry valid data, so "succeeds" means the change really happened.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask, url_for
from sqlalchemy import func, select

from core.audit import AuditEvent
from core.auth import ROLE_RANK
from core.db import db
from tests import factory
from tests.staff.helpers import (
    PARTNER_TEXT,
    STAKEHOLDER_NAME,
    is_sign_in_redirect,
    make_request,
    post_sign_in,
    version_of,
)

PUBLIC = "public"
# Every route of the staff and exports blueprints, and the lowest role that may use it.
EXPECTED: dict[str, str] = {
    "staff.sign_in": PUBLIC,
    "staff.entry": PUBLIC,
    "staff.sign_out": "viewer",
    "staff.dashboard": "viewer",
    "staff.my_account": "viewer",
    "staff.change_password": "viewer",
    "staff.request_detail": "viewer",
    "staff.request_by_reference": "viewer",
    "staff.change_status": "editor",
    "staff.set_dates": "editor",
    "staff.add_note": "editor",
    "staff.revoke_partner_link": "editor",
    "staff.reissue_partner_link": "editor",
    "staff.survey_state": "editor",
    "staff.accounts": "admin",
    "staff.account_new": "admin",
    "staff.account_edit": "admin",
    "staff.account_password": "admin",
    "staff.audit_log": "admin",
    "staff.outbox": "admin",
    "staff.outbox_retry": "admin",
    "staff.retention_hold": "admin",
    "staff.retention_runs": "admin",
    "staff.retention_person": "admin",
    "exports.portfolio_workbook": "viewer",
    "exports.exploration_workbook": "viewer",
    "exports.exploration_pdf": "viewer",
    "exports.exploration_summary": "viewer",
    "exports.start_portfolio_export": "viewer",
    "exports.start_exploration_export": "viewer",
    "exports.job_page": "viewer",
    "exports.job_status": "viewer",
    "exports.cancel_job": "viewer",
    "exports.restart_job": "viewer",
    "exports.job_file": "viewer",
    "exports.my_exports": "viewer",
    "staff.scheduled_work": "admin",
}
BLUEPRINTS = ("staff.", "exports.")
WHO = ("anonymous", "partner", "viewer", "editor", "admin")
NEW_PASSWORD = "a matrix test passphrase"
LEAKS = [*PARTNER_TEXT.values(), STAKEHOLDER_NAME]


def guarded_rules(app: Flask) -> list[Any]:
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith(BLUEPRINTS)]


def test_every_staff_and_export_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in guarded_rules(app)}
    staff = {e for e in EXPECTED if e.startswith("staff.")}
    assert staff <= endpoints, f"routes gone: {staff - endpoints}"
    assert endpoints <= set(EXPECTED), (
        f"add these routes to the matrix: {endpoints - set(EXPECTED)}"
    )


@dataclass
class Cell:
    """One request of the matrix, with fresh data so that cells do not affect each other."""

    app: Flask
    who: str
    client: Any
    actor_id: int | None
    exploration: factory.Made
    target_id: int
    jobs: dict[str, int]

    def url(self, rule: Any) -> str:
        values = {
            "lang": "en",
            "exploration_id": self.exploration.id,
            "reference": self.exploration.reference,
            "ref": self.exploration.reference,
            "doc_lang": "en",
            "user_id": self.target_id,
            "message_id": failed_email_for(self.app, self.exploration.id),
            # An export job of the actor's own: running for cancel, done (with its file) else.
            "job_id": self.jobs["running" if rule.endpoint == "exports.cancel_job" else "done"],
        }
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"{rule.endpoint}: no test value for {unknown}"
        with self.app.test_request_context():
            url = url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})
        if self.who == "partner":
            url += ("&" if "?" in url else "?") + f"token={self.exploration.token}"
        return url

    def form_data(self, endpoint: str) -> dict[str, Any]:
        version = version_of(self.app, self.exploration.id)
        data: dict[str, dict[str, Any]] = {
            "staff.sign_in": {
                "email": factory.staff_email(self.app, self.target_id),
                "password": factory.PASSWORD,
            },
            "staff.change_password": {
                "current": factory.PASSWORD,
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
            "staff.change_status": {"version": version, "status": "accepted"},
            "staff.set_dates": {
                "version": version,
                "agreed_start": "2026-10-05",
                "agreed_end": "2026-10-30",
            },
            "staff.add_note": {"version": version, "body": "Une note"},
            "staff.revoke_partner_link": {"version": version},
            "staff.reissue_partner_link": {"version": version},
            "staff.survey_state": {"version": version, "action": "open"},
            "staff.account_new": {
                "email": f"new{self.target_id}@cds-snc.ca",
                "role": "viewer",
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
            "staff.account_edit": {"name": "Renamed", "role": "editor", "access": "active"},
            "staff.account_password": {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
            "staff.retention_hold": {"reason": "Plainte 2028-17"},
            "staff.retention_person": {"email": "person0@example.gc.ca", "action": "export"},
        }
        return {"csrf_token": self.csrf(), **data.get(endpoint, {})}

    def csrf(self) -> str:
        page = "/en/staff/sign-in" if self.who in ("anonymous", "partner") else "/en/staff/account"
        return self.client.csrf_token(page)

    def staff_events(self) -> int:
        with self.app.app_context():
            return db.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.actor_kind == "staff", AuditEvent.action.not_in(["sign_in"]))
            )


def failed_email_for(app: Flask, exploration_id: int) -> int:
    from tests.factory import failed_email

    with app.app_context():
        message_id = failed_email(db, exploration_id)
        db.commit()
        return message_id


def new_cell(app: Flask, who: str) -> Cell:
    exploration = make_request(app, "submitted")
    target_id = factory.staff_account(app, "viewer")
    client = app.test_client()
    actor_id = None
    if who in ROLE_RANK:
        actor_id = factory.staff_account(app, who)
        assert post_sign_in(client, factory.staff_email(app, actor_id)).status_code == 302
    elif who == "partner":
        own = client.get(f"/en/request/{exploration.token}/")
        assert own.status_code == 200  # the link works, for its own page
    return Cell(app, who, client, actor_id, exploration, target_id, make_jobs(app, actor_id))


def make_jobs(app: Flask, owner: int | None) -> dict[str, int]:
    """A done export job with its file and a running one, both the actor's."""
    from core.jobs import Job, files_dir
    from core.timeutil import utcnow

    app.config.setdefault("MATRIX_FILES", tempfile.mkdtemp(prefix="matrix-jobs-"))
    app.config["JOB_FILES_DIR"] = app.config["MATRIX_FILES"]
    made = {}
    with app.app_context():
        for state in ("done", "running"):
            job = Job(kind="portfolio_workbook", requested_by=owner, params={"lang": "en"})
            job.status, job.started_at, job.heartbeat_at = state, utcnow(), utcnow()
            db.add(job)
            db.flush()
            if state == "done":
                job.file_name, job.download_name = f"{job.id}-matrix.xlsx", "matrix.xlsx"
                job.expires_at = utcnow() + timedelta(hours=1)
                (files_dir(app) / job.file_name).write_bytes(b"PK")
            made[state] = job.id
        db.commit()
    return made


def allowed(endpoint: str, who: str) -> bool:
    need = EXPECTED[endpoint]
    if need == PUBLIC:
        return True
    return who in ROLE_RANK and ROLE_RANK[who] >= ROLE_RANK[need]


def check_success(cell: Cell, rule: Any, method: str, response: Any, before: int) -> str | None:
    """None when the cell really succeeded, else why not."""
    status, location = response.status_code, response.location or ""
    endpoint = rule.endpoint
    if endpoint == "staff.sign_out":
        if not (status == 302 and cell.client.get("/en/staff/").status_code == 302):
            return "sign-out did not end the session"
        return None if cell.staff_events() == before + 1 else "sign-out not recorded"
    refused = status not in (200, 302) or (status == 302 and "/staff/sign-in" in location)
    # Anonymous visitors of the sign-in page and of /staff/ are meant to land on sign-in.
    lands_on_sign_in = endpoint in ("staff.sign_in", "staff.entry") and cell.who in (
        "anonymous",
        "partner",
    )
    if refused and not lands_on_sign_in:
        return f"expected success, got {status} {location}"
    if method == "POST" and endpoint != "staff.sign_in" and cell.staff_events() <= before:
        return "the change was not made (no audit event)"
    return None


def check_refusal(cell: Cell, response: Any, before: int) -> str | None:
    body = response.get_data(as_text=True)
    leaked = [text for text in LEAKS if text in body]
    if leaked:
        return f"refused response leaks {leaked}"
    if cell.who in ("anonymous", "partner"):
        if not is_sign_in_redirect(response):
            return f"expected the sign-in redirect, got {response.status_code} {response.location}"
    elif response.status_code != 403:
        return f"expected 403, got {response.status_code}"
    if cell.staff_events() != before:
        return "a refused request changed something"
    if version_of(cell.app, cell.exploration.id) != cell.exploration.version:
        return "a refused request changed the request"
    return None


@pytest.mark.parametrize("who", WHO)
def test_the_matrix(app, who):
    problems = []
    cells = 0
    shared = new_cell(app, who)  # for requests that must not change anything
    for rule in guarded_rules(app):
        for method in ("GET", "POST"):
            changes = method == "POST" and method in rule.methods and allowed(rule.endpoint, who)
            cell = new_cell(app, who) if changes else shared
            url = cell.url(rule)
            before = cell.staff_events()
            if method == "POST":
                response = cell.client.post(url, data=cell.form_data(rule.endpoint))
            else:
                response = cell.client.get(url)
            cells += 1
            where = f"{who} {method} {rule.endpoint} ({url})"
            if method not in rule.methods:
                body = response.get_data(as_text=True)
                if response.status_code != 405 or any(text in body for text in LEAKS):
                    problems.append(f"{where}: expected a bare 405, got {response.status_code}")
                continue
            if allowed(rule.endpoint, who):
                problem = check_success(cell, rule, method, response, before)
            else:
                problem = check_refusal(cell, response, before)
            if problem:
                problems.append(f"{where}: {problem}")
    assert cells >= 2 * len([e for e in EXPECTED if e.startswith("staff.")])
    assert problems == [], "\n".join(problems)


def test_a_partner_link_opens_nothing_in_the_staff_area(app):
    """Even with the partner's own token in the URL, in a cookie session that used the link."""
    cell = new_cell(app, "partner")
    for path in ("/en/staff/", f"/en/staff/requests/{cell.exploration.id}", "/en/staff/audit"):
        response = cell.client.get(f"{path}?token={cell.exploration.token}")
        assert is_sign_in_redirect(response), path
        assert not any(text in response.get_data(as_text=True) for text in LEAKS)
