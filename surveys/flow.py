"""What every respondent page needs: the respondent and practice a URL opens, the order of the
pages, the closed and conflict pages, and the save of a page's answers, written once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.db import db, reading, transaction
from core.errors import bilingual_texts
from core.i18n import LANGS, current_lang, localized
from core.numbers import parse_int
from intake.reference import TOPICS
from surveys import service
from surveys.aggregation import OVERALL
from surveys.forms import NOT_GIVEN, Choice
from surveys.framework import FRAMEWORK, Practice
from surveys.models import Respondent
from surveys.text import respondent_level_name

# The respondent's pages in order: one per practice, the overall question, the review.
PAGE_KEYS: tuple[str, ...] = (*(p.id for p in FRAMEWORK.practices), OVERALL, "review")
ROLE_IDS: tuple[str, ...] = tuple(role.id for role in FRAMEWORK.roles)


# --- What a link opens ----------------------------------------------------------------------


def respondent_or_404(respondent_token: str) -> Respondent:
    respondent = service.respondent_for_token(respondent_token)
    if respondent is None:
        abort(404)
    return respondent


def answering(respondent_token: str) -> Respondent:
    """The respondent of an answer page (about, a practice, overall, review), read in a
    transaction that only reads, even on a POST. save_page ends it before saving in a short
    transaction of its own: on SQLite a save then holds the one write lock while it writes,
    not while the request reads and checks the form, so saves by many people do not queue
    behind each other's reading. The respondent's version column still refuses a save based
    on answers another tab changed in between (409)."""
    with reading():
        return respondent_or_404(respondent_token)


def practice_or_404(practice_id: str) -> Practice:
    practice = FRAMEWORK.practice_by_id.get(practice_id)
    if practice is None:
        abort(404)
    return practice


# --- Where the pages lead -------------------------------------------------------------------


def page_url(respondent_token: str, key: str) -> str:
    if key == OVERALL:
        return url_for("surveys.overall", respondent_token=respondent_token)
    if key == "review":
        return url_for("surveys.review", respondent_token=respondent_token)
    return url_for("surveys.practice", respondent_token=respondent_token, practice_id=key)


def page_near(respondent_token: str, key: str, step: int) -> str:
    """The URL of the page `step` pages after page `key` (-1: the previous page); the home page
    before the first and after the last."""
    position = PAGE_KEYS.index(key) + step
    if 0 <= position < len(PAGE_KEYS):
        return page_url(respondent_token, PAGE_KEYS[position])
    return url_for("surveys.respondent_home", respondent_token=respondent_token)


def switch_target() -> str | None:
    """The language the header toggle asked for, when the form was posted with it."""
    target = request.form.get("switch_lang")
    return target if target in LANGS else None


def same_page_in(lang: str) -> Response:
    args = dict(request.view_args or {})
    return redirect(url_for(request.endpoint or "", **args, lang=lang), code=303)


def after_save(respondent_token: str, key: str) -> Response:
    """Where a saved page leads: the same page in the other language, the respondent's home
    ("come back later"), or the next page."""
    target = switch_target()
    if target:
        return same_page_in(target)
    if request.form.get("action") == "later":
        flash(_("Your answers are saved. Use your private link to come back to them."), "success")
        return redirect(
            url_for("surveys.respondent_home", respondent_token=respondent_token), code=303
        )
    return redirect(page_near(respondent_token, key, 1), code=303)


# --- Choices of the "about you" form --------------------------------------------------------


def area_choices() -> list[tuple[str, str]]:
    return [(t.id, localized(t.name)) for t in TOPICS] + [(NOT_GIVEN, _("Prefer not to say"))]


def level_choices() -> list[tuple[str, str]]:
    levels = [(level, respondent_level_name(level)) for level in service.RESPONDENT_LEVELS]
    return [*levels, (NOT_GIVEN, _("Prefer not to say"))]


# --- Saved answers, closed and conflict pages -----------------------------------------------


def posted_version() -> int | None:
    return parse_int(request.form.get("version"))


def answers_view(respondent: Respondent) -> dict[str, Any]:
    """The respondent's stored answers arranged for the review and closed pages."""
    ratings = service.ratings_of(respondent)
    comments = service.comments_of(respondent)
    practices = []
    for practice in FRAMEWORK.practices:
        rows = []
        for role in FRAMEWORK.roles:
            key = (practice.id, role.id)
            rows.append({"role": role, "value": ratings.get(key, ""), "answered": key in ratings})
        practices.append(
            {"practice": practice, "rows": rows, "comment": comments.get(practice.id, "")}
        )
    if respondent.overall_dont_know:
        overall_value: Choice = None
    else:
        overall_value = respondent.overall_level or ""
    return {
        "practices": practices,
        "overall": overall_value,
        "overall_answered": service.overall_answered(respondent),
        "overall_comment": respondent.overall_comment or "",
    }


def closed_page(
    respondent: Respondent, key: str | None = None, typed: Mapping[str, Any] | None = None
) -> tuple[str, int]:
    """The closed-survey page: on GET the saved answers; on POST also what was just typed
    on page `key` (not saved), with 403."""
    status = 403 if request.method == "POST" else 200
    return (
        render_template(
            "surveys/closed.html",
            respondent=respondent,
            answers=answers_view(respondent),
            key=key,
            typed=typed or {},
        ),
        status,
    )


def conflict_page(respondent: Respondent, key: str, typed: Mapping[str, Any]) -> tuple[str, int]:
    """409: another tab saved first. Show what was typed, with a form to save it over the
    newer answers (carrying the current version) or a link to the saved answers."""
    db.rollback()
    with reading():
        fresh = db.get(Respondent, respondent.id)
    version = fresh.version if fresh is not None else respondent.version
    return (
        render_template(
            "surveys/conflict.html",
            code=409,
            blocks=bilingual_texts(409, current_lang()),
            key=key,
            typed=typed,
            version=version,
            action_url=request.url,
            reload_url=request.url,
        ),
        409,
    )


def save_page(
    respondent: Respondent,
    key: str,
    typed: Mapping[str, Any],
    version: int | None,
    *,
    refused: Callable[[], Any] | None,
    save: Callable[[], None],
    after: Callable[[], Any],
) -> Any:
    """The POST of a respondent's page, once its form is read, in the same order everywhere:
    a closed survey shows the saved answers and what was typed on page `key` (403, nothing
    stored); `refused` (the page with its messages, when what was posted cannot be stored)
    answers instead; a stale version is a 409 with what was typed; otherwise `save` runs in
    one transaction, and a save that another tab beat (the version column) is a 409 too.
    Then `after` answers."""
    if not respondent.exploration.survey_open:
        return closed_page(respondent, key, typed)
    if refused is not None:
        return refused()
    if version != respondent.version:
        return conflict_page(respondent, key, typed)
    db.commit()  # ends the reading transaction (see `answering`); nothing is pending
    try:
        with transaction():
            save()
    except (StaleDataError, IntegrityError):
        return conflict_page(respondent, key, typed)
    return after()
