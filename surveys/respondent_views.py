"""A respondent's own pages behind their private link: home, about you, one page per
practice, the overall question, review and submit, and the confirmation.

Each answer page reads its form, then saves through surveys.flow.save_page, so a closed survey,
bad input, a stale page and a save another tab beat are answered the same way everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.i18n import localized
from surveys import service
from surveys.aggregation import OVERALL
from surveys.blueprint import bp, link_misses_limited, posts_limited
from surveys.flow import (
    ROLE_IDS,
    after_save,
    answering,
    answers_view,
    area_choices,
    closed_page,
    level_choices,
    page_near,
    posted_version,
    practice_or_404,
    respondent_or_404,
    same_page_in,
    save_page,
    switch_target,
)
from surveys.forms import (
    AboutForm,
    Choice,
    ChoiceError,
    OverallForm,
    PracticeForm,
    ReviewForm,
    choice_to_form_value,
    parse_choice,
    parse_grid,
)
from surveys.framework import FRAMEWORK, Practice
from surveys.models import Respondent
from surveys.text import SurveyText


@bp.get("/<lang>/survey/r/<respondent_token>/")
@link_misses_limited
def respondent_home(respondent_token: str) -> Any:
    respondent = respondent_or_404(respondent_token)
    if not respondent.exploration.survey_open:
        return closed_page(respondent)
    ratings = service.ratings_of(respondent)
    sections = []
    for practice in FRAMEWORK.practices:
        answered = sum((practice.id, role.id) in ratings for role in FRAMEWORK.roles)
        state = (
            "complete"
            if answered == len(FRAMEWORK.roles)
            else ("started" if answered else "not_started")
        )
        sections.append(
            {
                "name": localized(practice.name),
                "url": url_for(
                    "surveys.practice", respondent_token=respondent_token, practice_id=practice.id
                ),
                "state": state,
            }
        )
    sections.append(
        {
            "name": _("Overall question"),
            "url": url_for("surveys.overall", respondent_token=respondent_token),
            "state": "complete" if service.overall_answered(respondent) else "not_started",
        }
    )
    next_url = next(
        (s["url"] for s in sections if s["state"] != "complete"),
        url_for("surveys.review", respondent_token=respondent_token),
    )
    return render_template(
        "surveys/respondent_home.html",
        respondent=respondent,
        private_url=url_for(
            "surveys.respondent_home", respondent_token=respondent_token, _external=True
        ),
        sections=sections,
        next_url=next_url,
        started=request.args.get("started") == "1",
    )


@bp.route("/<lang>/survey/r/<respondent_token>/about", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def about(respondent_token: str) -> Any:
    respondent = answering(respondent_token)
    back = url_for("surveys.review", respondent_token=respondent_token)
    if request.method == "GET":
        if not respondent.exploration.survey_open:
            return closed_page(respondent)
        form = AboutForm(
            data={"functional_area": respondent.functional_area, "level": respondent.level}
        ).localize(area_choices(), level_choices())
        return render_template(
            "surveys/about.html", respondent=respondent, form=form, back_url=back
        )
    form = AboutForm().localize(area_choices(), level_choices())
    valid = form.validate()
    version = posted_version()
    area, level = form.cleaned()

    def refused() -> Any:
        if version is None:
            abort(400)
        page = render_template(
            "surveys/about.html", respondent=respondent, form=form, back_url=back
        )
        return page, 400

    def after() -> Any:
        target = switch_target()
        return same_page_in(target) if target else redirect(back, code=303)

    return save_page(
        respondent,
        "about",
        {"functional_area": area, "level": level},
        version,
        refused=refused if not valid or version is None else None,
        save=lambda: service.save_about(respondent, area, level),
        after=after,
    )


def practice_page(
    respondent: Respondent,
    respondent_token: str,
    practice: Practice,
    values: Mapping[str, Choice],
    form: PracticeForm,
    errors: Mapping[str, str],
) -> str:
    summary = [
        (f"rating-{role.id}-1", errors[role.id]) for role in FRAMEWORK.roles if role.id in errors
    ]
    summary += [
        (field_id, message) for field_id, message in form.error_list if field_id != "version"
    ]
    if "version" in errors:
        summary.append(("survey-form", errors["version"]))
    return render_template(
        "surveys/practice.html",
        respondent=respondent,
        practice=practice,
        number=list(FRAMEWORK.practices).index(practice) + 1,
        total=len(FRAMEWORK.practices),
        values={role_id: choice_to_form_value(v) for role_id, v in values.items()},
        form=form,
        errors=errors,
        summary=summary,
        previous_url=page_near(respondent_token, practice.id, -1),
        version=respondent.version,
    )


def practice_errors(
    respondent: Respondent, values: Mapping[str, Choice], malformed: list[str], version: int | None
) -> dict[str, str]:
    """Messages by role id (and "version"): an answer that is not a choice of the page, a
    question left blank once submitted, a post without its version."""
    errors: dict[str, str] = {
        role_id: _("Choose one of the levels, or “Don’t know / not applicable”.")
        for role_id in malformed
    }
    if respondent.submitted_at is not None:
        for role_id in ROLE_IDS:
            if values[role_id] == "" and role_id not in errors:
                errors[role_id] = _(
                    "You already submitted your answers: choose a level, or “Don’t know / not "
                    "applicable”."
                )
    if version is None:
        errors["version"] = _(
            "Part of this page was missing when it was sent. Check your answers below and save "
            "again."
        )
    return errors


@bp.route("/<lang>/survey/r/<respondent_token>/practice/<practice_id>", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def practice(respondent_token: str, practice_id: str) -> Any:
    respondent = answering(respondent_token)
    practice = practice_or_404(practice_id)
    if request.method == "GET":
        if not respondent.exploration.survey_open:
            return closed_page(respondent)
        stored = service.ratings_of(respondent)
        values: dict[str, Choice] = {
            role_id: stored.get((practice.id, role_id), "") for role_id in ROLE_IDS
        }
        form = PracticeForm(
            data={
                "comment": service.comments_of(respondent).get(practice.id, ""),
                "version": respondent.version,
            }
        )
        return practice_page(respondent, respondent_token, practice, values, form, {})

    values, malformed = parse_grid(request.form, list(ROLE_IDS))
    form = PracticeForm()
    form.validate()
    version = posted_version()
    comment = form.comment.data or ""
    errors = practice_errors(respondent, values, malformed, version)

    def refused() -> Any:
        form.form_errors.append(_("Check your answers."))
        page = practice_page(respondent, respondent_token, practice, values, form, errors)
        return page, 400

    return save_page(
        respondent,
        practice.id,
        {"practice": practice, "values": values, "comment": comment},
        version,
        refused=refused if errors or form.comment.errors else None,
        save=lambda: service.save_practice(respondent, practice.id, values, comment),
        after=lambda: after_save(respondent_token, practice.id),
    )


@bp.route("/<lang>/survey/r/<respondent_token>/overall", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def overall(respondent_token: str) -> Any:
    respondent = answering(respondent_token)

    def page(form: OverallForm, value: Choice, error: str | None) -> str:
        return render_template(
            "surveys/overall.html",
            respondent=respondent,
            form=form,
            value=choice_to_form_value(value),
            error=error,
            previous_url=page_near(respondent_token, OVERALL, -1),
            version=respondent.version,
        )

    if request.method == "GET":
        if not respondent.exploration.survey_open:
            return closed_page(respondent)
        value: Choice = None if respondent.overall_dont_know else (respondent.overall_level or "")
        form = OverallForm(
            data={"comment": respondent.overall_comment or "", "version": respondent.version}
        )
        return page(form, value, None)

    form = OverallForm()
    form.validate()
    version = posted_version()
    error = None
    try:
        value = parse_choice(request.form, "overall")
    except ChoiceError:
        value = ""
        error = _("Choose one of the levels, or “Don’t know / not applicable”.")
    if error is None and value == "" and respondent.submitted_at is not None:
        error = _(
            "You already submitted your answers: choose a level, or “Don’t know / not applicable”."
        )

    def refused() -> Any:
        form.form_errors.append(_("Check your answers."))
        return page(form, value, error), 400

    return save_page(
        respondent,
        OVERALL,
        {"overall": value, "comment": form.comment.data or ""},
        version,
        refused=refused if error or form.comment.errors or version is None else None,
        save=lambda: service.save_overall(respondent, value, form.comment.data),
        after=lambda: after_save(respondent_token, OVERALL),
    )


def missing_links(respondent: Respondent, respondent_token: str) -> list[tuple[str, str]]:
    """(url, message) for every unanswered question, linking to its first radio button."""
    links = []
    for practice_id, role_id in service.missing_cells(respondent):
        url = url_for(
            "surveys.practice", respondent_token=respondent_token, practice_id=practice_id
        )
        links.append(
            (
                f"{url}#rating-{role_id}-1",
                _(
                    "Answer “%(role)s” for “%(practice)s”",
                    role=SurveyText.role(role_id),
                    practice=SurveyText.practice(practice_id),
                ),
            )
        )
    if not service.overall_answered(respondent):
        url = url_for("surveys.overall", respondent_token=respondent_token)
        links.append((f"{url}#overall-1", _("Answer the overall question")))
    return links


@bp.route("/<lang>/survey/r/<respondent_token>/review", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def review(respondent_token: str) -> Any:
    respondent = answering(respondent_token)

    def page(form: ReviewForm, status: int = 200) -> tuple[str, int]:
        body = render_template(
            "surveys/review.html",
            respondent=respondent,
            form=form,
            answers=answers_view(respondent),
            missing=missing_links(respondent, respondent_token),
            show_errors=status >= 400,
            version=respondent.version,
            about_url=url_for("surveys.about", respondent_token=respondent_token),
            previous_url=url_for("surveys.overall", respondent_token=respondent_token),
        )
        return body, status

    if request.method == "GET":
        if not respondent.exploration.survey_open:
            return closed_page(respondent)
        return page(ReviewForm(data={"version": respondent.version}))

    form = ReviewForm()
    complete = service.is_complete(respondent)

    def submit() -> None:
        if complete:  # otherwise nothing is stored, and the page says what is missing
            service.submit(respondent)

    def after() -> Any:
        if complete:
            return redirect(url_for("surveys.done", respondent_token=respondent_token), code=303)
        form.form_errors.append(_("Answer every question before you submit."))
        return page(form, 400)

    version = posted_version()
    return save_page(
        respondent,
        "review",
        {},
        version,
        refused=(lambda: abort(400)) if version is None else None,
        save=submit,
        after=after,
    )


@bp.get("/<lang>/survey/r/<respondent_token>/done")
@link_misses_limited
def done(respondent_token: str) -> Any:
    respondent = respondent_or_404(respondent_token)
    if respondent.submitted_at is None:
        return redirect(url_for("surveys.review", respondent_token=respondent_token))
    return render_template(
        "surveys/done.html",
        respondent=respondent,
        private_url=url_for(
            "surveys.respondent_home", respondent_token=respondent_token, _external=True
        ),
    )
