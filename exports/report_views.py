"""Downloading the final report: staff at any time (every staff role reads), the partner lead
from their private link once staff published it. PDF in either language, and the web page
(the accessible twin) in the page's language. Each download is an audit event."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, render_template, url_for

from core.audit import record
from core.auth import role_required
from core.db import db
from core.i18n import current_lang
from core.timeutil import today
from exports.labels import Labels
from exports.report_data import ReportData, load_report
from exports.report_pdf import build_report_pdf
from exports.report_text import (
    cell_lines,
    flag_legend,
    group_title,
    method_paragraphs,
    not_shown_reason,
    participation_lines,
    summary_lines,
)
from intake.links import exploration_for_partner_token
from intake.models import Exploration
from outcome import recommending
from outcome.blueprint import link_misses_limited
from surveys.framework import FRAMEWORK

bp = Blueprint("report", __name__)
PDF = "application/pdf"


def _pdf_response(data: ReportData, doc_lang: str) -> Any:
    body = build_report_pdf(data, doc_lang, generated=today())
    response = current_app.response_class(body, mimetype=PDF)
    response.headers.set(
        "Content-Disposition",
        "attachment",
        filename=f"final-report-{data.reference}-{doc_lang}.pdf",
    )
    return response


def _html(data: ReportData, back_url: str, pdf_urls: list[tuple[str, str]]) -> str:
    lang = current_lang()
    labels = Labels(lang)
    return render_template(
        "exports/report.html",
        d=data,
        labels=labels,
        framework=FRAMEWORK,
        cell_lines=lambda cell: cell_lines(cell, data.comparison.self_shown, labels),
        group_title=lambda group: group_title(group, labels),
        legend=flag_legend(data.comparison, labels),
        reason=not_shown_reason(data, labels),
        summary=summary_lines(data, labels),
        approach=participation_lines(data, labels),
        method=method_paragraphs(data, labels),
        back_url=back_url,
        pdf_urls=pdf_urls,
    )


def _staff_report(exploration_id: int) -> ReportData:
    exploration = db.get(Exploration, exploration_id)
    if exploration is None or exploration.status == "draft":
        abort(404)
    data = load_report(db, exploration_id)
    assert data is not None
    return data


def _audit(action: str, exploration_id: int, detail: str, *, staff: bool) -> None:
    db.commit()
    record(
        action,
        actor_kind="staff" if staff else "partner_link",
        actor_id=g.staff.id if staff else None,
        exploration_id=exploration_id,
        detail=detail,
    )
    db.commit()


@bp.get("/<lang>/staff/requests/<int:exploration_id>/report-<any(en,fr):doc_lang>.pdf")
@role_required("viewer")
def staff_pdf(exploration_id: int, doc_lang: str) -> Any:
    data = _staff_report(exploration_id)
    response = _pdf_response(data, doc_lang)
    _audit("export_report", exploration_id, f"pdf:{doc_lang}", staff=True)
    return response


@bp.get("/<lang>/staff/requests/<int:exploration_id>/report")
@role_required("viewer")
def staff_html(exploration_id: int) -> Any:
    data = _staff_report(exploration_id)
    pdfs = [
        (x, url_for("report.staff_pdf", exploration_id=exploration_id, doc_lang=x))
        for x in ("en", "fr")
    ]
    return _html(data, url_for("outcome.overview", exploration_id=exploration_id), pdfs)


def _published(token: str) -> ReportData:
    """The partner's report, or 404 until it is published (as if it did not exist)."""
    exploration = exploration_for_partner_token(token)
    if not recommending.is_published(exploration.id):
        abort(404)
    data = load_report(db, exploration.id)
    assert data is not None
    return data


@bp.get("/<lang>/request/<token>/report-<any(en,fr):doc_lang>.pdf")
@link_misses_limited
def partner_pdf(token: str, doc_lang: str) -> Any:
    data = _published(token)
    response = _pdf_response(data, doc_lang)
    exploration = exploration_for_partner_token(token)
    _audit("export_report", exploration.id, f"pdf:{doc_lang}", staff=False)
    return response


@bp.get("/<lang>/request/<token>/report")
@link_misses_limited
def partner_html(token: str) -> Any:
    data = _published(token)
    pdfs = [(x, url_for("report.partner_pdf", token=token, doc_lang=x)) for x in ("en", "fr")]
    return _html(data, url_for("intake.partner_page", token=token), pdfs)
