"""Starting exports as jobs, their progress page, their files, and "My exports".

The start buttons POST (CSRF) and answer at once with a redirect to the progress page: the
request only inserts the job row and hands it to the runner. The progress page works without
JavaScript: it shows where the work is (a <progress> element labelled with "x of y") and a
"Check again" link; it does not reload itself (a timed reload is an axe `meta-refresh`
failure and takes a screen reader back to the top of the page). With JavaScript,
static/js/job-progress.js asks the JSON status every two seconds, moves the bar, and loads the
page again once, when the job ends, to show the download link.

A job, its status and its file are for the staff member who asked, and for admins; anyone
else gets 404, as for a job that does not exist.
"""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    g,
    get_template_attribute,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy import select

from core import jobs
from core.audit import record
from core.auth import role_required
from core.db import db
from core.i18n import LANGS, current_lang
from core.jobs import Job
from exports.filters import FilterError, filter_from_args
from exports.jobs import (
    EXPLORATION_WORKBOOK,
    PORTFOLIO_WORKBOOK,
    SUMMARIES_ZIP,
    filter_params,
    params_filter,
)
from exports.views import _exploration_or_404, bp

MY_EXPORTS_SHOWN = 50
MEDIA_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}


def _start(kind: str, params: dict[str, Any], exploration_id: int | None = None) -> Any:
    job = jobs.start(db, kind, requested_by=g.staff.id, params=params)
    record(
        "export_job",
        actor_kind="staff",
        actor_id=g.staff.id,
        exploration_id=exploration_id,
        detail=f"{kind}:{params.get('lang')}",
    )
    db.commit()
    return redirect(url_for("exports.job_page", job_id=job.id))


@bp.post("/<lang>/staff/exports/portfolio")
@role_required("viewer")
def start_portfolio_export() -> Any:
    """The dashboard's buttons: its filter is this URL's query string; `what` says which file,
    `doc_lang` the summaries' language (the workbook is in the page's language)."""
    try:
        filters = filter_from_args(request.args)
    except FilterError:
        abort(400)
    what = request.form.get("what", "workbook")
    if what == "workbook":
        return _start(PORTFOLIO_WORKBOOK, {**filter_params(filters), "lang": current_lang()})
    doc_lang = request.form.get("doc_lang", current_lang())
    if what != "summaries" or doc_lang not in LANGS:
        abort(400)
    return _start(SUMMARIES_ZIP, {**filter_params(filters), "lang": doc_lang})


@bp.post("/<lang>/staff/exports/<ref>/workbook-job")
@role_required("viewer")
def start_exploration_export(ref: str) -> Any:
    exploration_id = _exploration_or_404(ref)
    params = {"exploration_id": exploration_id, "lang": current_lang()}
    return _start(EXPLORATION_WORKBOOK, params, exploration_id)


def _own_job_or_404(job_id: int) -> Job:
    job = db.get(Job, job_id)
    if job is None or (job.requested_by != g.staff.id and not g.staff.can("admin")):
        abort(404)
    return jobs.check_stalled(db, job)


def describe(job: Job) -> dict[str, Any]:
    """What the page and the JSON status say about a job (numbers; the words are the page's)."""
    return {
        "id": job.id,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "step": job.step,
        "steps": job.steps,
        "percent": job.percent,
        "error": job.error,
        # The page's sentence for it ("Sheet 3 of 9: 450 of 1,000 explorations"), so that the
        # script shows the same words as the page.
        "where": str(get_template_attribute("exports/_job_words.html", "where")(job)).strip()
        if job.total
        else None,
    }


@bp.get("/<lang>/staff/exports/jobs/<int:job_id>")
@role_required("viewer")
def job_page(job_id: int) -> Any:
    job = _own_job_or_404(job_id)
    return render_template(
        "exports/job.html",
        staff_user=g.staff,
        job=job,
        has_file=jobs.file_path(job) is not None,
        kind_filter=_filter_summary(job),
    )


def _filter_summary(job: Job) -> bool:
    """Whether the export covers a filtered part of the portfolio (said on the page)."""
    if job.kind == EXPLORATION_WORKBOOK:
        return False
    try:
        filters = params_filter(job.params or {})
    except FilterError:
        return False
    return bool(filters.statuses or filters.department or filters.search or filters.start_from)


@bp.get("/<lang>/staff/exports/jobs/<int:job_id>/status")
@role_required("viewer")
def job_status(job_id: int) -> Any:
    return describe(_own_job_or_404(job_id))


@bp.post("/<lang>/staff/exports/jobs/<int:job_id>/cancel")
@role_required("viewer")
def cancel_job(job_id: int) -> Any:
    job = _own_job_or_404(job_id)
    if job.active:
        jobs.cancel(db, job)
        record(
            "export_cancel",
            actor_kind="staff",
            actor_id=g.staff.id,
            exploration_id=(job.params or {}).get("exploration_id"),
            detail=job.kind,
        )
        db.commit()
    return redirect(url_for("exports.job_page", job_id=job.id))


@bp.post("/<lang>/staff/exports/jobs/<int:job_id>/again")
@role_required("viewer")
def restart_job(job_id: int) -> Any:
    """The same export again, as a new job (a failed, cancelled or expired one stays listed)."""
    job = _own_job_or_404(job_id)
    exploration_id = (job.params or {}).get("exploration_id")
    return _start(job.kind, dict(job.params or {}), exploration_id)


@bp.get("/<lang>/staff/exports/jobs/<int:job_id>/file")
@role_required("viewer")
def job_file(job_id: int) -> Any:
    job = _own_job_or_404(job_id)
    path = jobs.file_path(job)
    if path is None:
        abort(404)
    db.commit()  # end the read: on SQLite the audit insert then waits for the lock if needed
    record(
        "export_download",
        actor_kind="staff",
        actor_id=g.staff.id,
        exploration_id=(job.params or {}).get("exploration_id"),
        detail=f"{job.kind}:{(job.params or {}).get('lang')}",
    )
    db.commit()
    return send_file(
        path,
        mimetype=MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
        as_attachment=True,
        download_name=job.download_name or path.name,
        max_age=0,
    )


@bp.get("/<lang>/staff/exports/mine")
@role_required("viewer")
def my_exports() -> Any:
    rows = db.scalars(
        select(Job)
        .where(Job.requested_by == g.staff.id)
        .order_by(Job.created_at.desc(), Job.id.desc())
        .limit(MY_EXPORTS_SHOWN)
    ).all()
    for job in rows:
        jobs.check_stalled(db, job)
    return render_template("exports/my_exports.html", jobs=rows, staff_user=g.staff)
