"""Staff downloads (workbooks, PDF summaries), the HTML summary, and `exploration export ...`.

Every route needs a signed-in staff account (viewers included: reading is their job). A
workbook is built into an anonymous temporary file and streamed back from there: memory stays
flat, the file disappears when the response is closed, and nothing is kept on disk. Each
download is recorded in the audit log (codes only).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import IO, Any

import click
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.cli import AppGroup

from core.audit import record
from core.auth import role_required
from core.db import db
from core.i18n import LANGS, current_lang
from core.timeutil import today
from exports.data import workbook_data
from exports.filters import FilterError, filter_from_args, portfolio_query_args
from exports.labels import Labels
from exports.pdf import build_pdf
from exports.portfolio import PortfolioFilter, count_portfolio
from exports.rows import Scope
from exports.safe_text import strip_controls
from exports.summary import find_exploration_id, load_summary
from exports.workbook import build_workbook, exploration_title, portfolio_title
from intake.models import STATUSES
from intake.reference import DOCUMENTS, TOPICS, WEEKS
from surveys.aggregation import OVERALL
from surveys.framework import FRAMEWORK

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
REFERENCE = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{1,6}$")

bp = Blueprint("exports", __name__)


@bp.app_template_filter("printable")
def printable(value: Any) -> str:
    """User text for a page: control characters removed (invalid in HTML), None as ""."""
    return strip_controls(str(value)) if value is not None else ""


def _exploration_or_404(ref: str) -> int:
    reference = ref.strip().upper()
    if not REFERENCE.match(reference):
        abort(404)
    exploration_id = find_exploration_id(db, reference)
    if exploration_id is None:
        abort(404)
    return exploration_id


def _audit(action: str, exploration_id: int | None, detail: str) -> None:
    """Record a download once the file is built. The read transaction ends first, so that on
    SQLite the insert starts its own write transaction (and waits for the lock if needed)."""
    db.commit()
    record(
        action,
        actor_kind="staff",
        actor_id=g.staff.id,
        exploration_id=exploration_id,
        detail=detail,
    )
    db.commit()


def _send_workbook(scope: Scope, lang: str, title: str, filename: str) -> Any:
    """Build into an unnamed temporary file (deleted when closed), then stream it back.

    A workbook is a zip written at the end, so nothing can be sent before it is complete:
    the build runs inside the request. At 1,000 explorations it takes tens of seconds, so the
    server's worker timeout must allow for it (see the README's deployment notes)."""
    spool: IO[bytes] = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    try:
        build_workbook(workbook_data(db, scope), lang, spool, title=title)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = send_file(
        spool, mimetype=XLSX, as_attachment=True, download_name=filename, max_age=0
    )
    return response


@bp.get("/<lang>/staff/exports/portfolio.xlsx")
@role_required("viewer")
def portfolio_workbook() -> Any:
    """The portfolio workbook for a filter (the dashboard's query string), built in the request
    only while it is small (DIRECT_EXPORT_MAX explorations, under a second): for scripts and
    old links. Larger ones are jobs."""
    try:
        filters = filter_from_args(request.args)
    except FilterError:
        abort(400)
    if count_portfolio(db, filters) > current_app.config["DIRECT_EXPORT_MAX"]:
        # Too large to build inside a request: the dashboard, with the same filter, has the
        # button that builds it as a job (exports.job_views).
        return redirect(url_for("staff.dashboard", **portfolio_query_args(filters)), code=303)
    lang = current_lang()
    _ = Labels(lang)
    filename = f"explorations-portfolio-{today().isoformat()}-{lang}.xlsx"
    response = _send_workbook(Scope(filters), lang, portfolio_title(_), filename)
    _audit("export_portfolio", None, f"xlsx:{lang}")
    return response


@bp.get("/<lang>/staff/exports/<ref>.xlsx")
@role_required("viewer")
def exploration_workbook(ref: str) -> Any:
    exploration_id = _exploration_or_404(ref)
    reference = ref.strip().upper()
    lang = current_lang()
    filename = f"exploration-{reference}-{lang}.xlsx"
    title = exploration_title(Labels(lang), reference)
    response = _send_workbook(Scope.one(exploration_id), lang, title, filename)
    _audit("export_workbook", exploration_id, f"xlsx:{lang}")
    return response


@bp.get("/<lang>/staff/exports/<ref>-<any(en,fr):doc_lang>.pdf")
@role_required("viewer")
def exploration_pdf(ref: str, doc_lang: str) -> Any:
    exploration_id = _exploration_or_404(ref)
    summary = load_summary(db, exploration_id)
    if summary is None:  # deleted between the two queries
        abort(404)
    body = build_pdf(summary, doc_lang, generated=today())
    _audit("export_pdf", exploration_id, f"pdf:{doc_lang}")
    response = current_app.response_class(body, mimetype=PDF)
    reference = ref.strip().upper()
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"exploration-{reference}-{doc_lang}.pdf"
    )
    return response


@bp.get("/<lang>/staff/requests/<ref>/summary")
@role_required("viewer")
def exploration_summary(ref: str) -> Any:
    """The PDF's content as an accessible web page (a PDF from reportlab has no tags)."""
    exploration_id = _exploration_or_404(ref)
    summary = load_summary(db, exploration_id)
    if summary is None:
        abort(404)
    lang = current_lang()
    labels = Labels(lang)
    return render_template(
        "exports/summary.html",
        s=summary,
        labels=labels,
        level_list=", ".join(f"{level.value} {level.name[lang]}" for level in FRAMEWORK.levels),
        comment_topics=[(p.id, labels.practice(p.id)) for p in FRAMEWORK.practices]
        + [(OVERALL, labels("Overall question"))],
        hours=summary.hours,
        topics=TOPICS,
        documents=DOCUMENTS,
        weeks=WEEKS,
        framework=FRAMEWORK,
        overall_topic=OVERALL,
        request_url=url_for("staff.request_detail", exploration_id=exploration_id),
        dashboard_url=url_for("staff.dashboard"),
        reference=summary.request.reference,
    )


# Command line -------------------------------------------------------------------------------------
export_cli = AppGroup("export", help="Write workbooks and PDF summaries to files.")


@export_cli.command("workbook")
@click.option("--ref", "reference", help="One exploration (its reference, e.g. EXP-2026-0042).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only explorations with this status (repeatable). Default: every status but draft.",
)
@click.option("--lang", type=click.Choice(LANGS), required=True, help="Language of the workbook.")
@click.option(
    "--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True
)
def workbook_command(
    reference: str | None, statuses: tuple[str, ...], lang: str, out: Path
) -> None:
    """Write the portfolio workbook (or one exploration's, with --ref) to OUT."""
    _ = Labels(lang)
    if reference:
        if statuses:
            raise click.UsageError("--ref and --status cannot be used together.")
        exploration_id = find_exploration_id(db, reference.strip().upper())
        if exploration_id is None:
            raise click.ClickException(f"No exploration has the reference {reference!r}.")
        scope = Scope.one(exploration_id)
        title = exploration_title(_, reference.strip().upper())
    else:
        scope = Scope(PortfolioFilter(statuses=statuses, sort="reference", descending=False))
        title = portfolio_title(_)
    _write_atomically(
        out, lambda handle: build_workbook(workbook_data(db, scope), lang, handle, title=title)
    )
    click.echo(f"Wrote {out}")


@export_cli.command("pdf")
@click.argument("reference")
@click.option("--lang", type=click.Choice(LANGS), required=True, help="Language of the summary.")
@click.option(
    "--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True
)
def pdf_command(reference: str, lang: str, out: Path) -> None:
    """Write the PDF summary of the exploration REFERENCE to OUT."""
    exploration_id = find_exploration_id(db, reference.strip().upper())
    summary = load_summary(db, exploration_id) if exploration_id is not None else None
    if summary is None:
        raise click.ClickException(f"No exploration has the reference {reference!r}.")
    body = build_pdf(summary, lang, generated=today())
    _write_atomically(out, lambda handle: handle.write(body))
    click.echo(f"Wrote {out}")


def _write_atomically(out: Path, write: Any) -> None:
    """Write next to OUT and rename, so a failed export never leaves half a file behind."""
    out = out.expanduser()
    if not out.parent.is_dir():
        raise click.ClickException(f"The folder {str(out.parent)!r} does not exist.")
    with tempfile.NamedTemporaryFile(
        dir=out.parent, prefix=f".{out.name}.", delete=False
    ) as handle:
        temporary = Path(handle.name)
        try:
            write(handle)
        except BaseException:
            handle.close()
            temporary.unlink(missing_ok=True)
            raise
    temporary.replace(out)


def init_app(app: Flask) -> None:
    app.cli.add_command(export_cli)


# The export jobs' routes, on this blueprint.
from exports import job_views  # noqa: E402, F401
