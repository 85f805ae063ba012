"""The survey's pages: the partner lead's survey page, the shared survey link, and each
respondent's own pages (one per practice, the overall question, review, confirmation).

Every page works without JavaScript. Every POST saves what was typed before doing anything
else it was asked (continue, come back later, switch language), and a save that cannot be
stored (a closed survey, a stale page, bad input) answers 4xx with the typed input shown again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.db import db, transaction
from core.errors import bilingual_texts
from core.i18n import LANGS, current_lang, localized
from core.security import limit_link_misses, limit_public_posts
from core.tokens import hash_token
from intake.links import exploration_for_partner_token
from intake.models import Exploration
from intake.reference import TOPIC_BY_ID, TOPICS
from surveys import service
from surveys.aggregation import OVERALL
from surveys.forms import (
    NOT_GIVEN,
    AboutForm,
    Choice,
    ChoiceError,
    ManageForm,
    OverallForm,
    PracticeForm,
    ReviewForm,
    choice_to_form_value,
    parse_choice,
    parse_grid,
    read_practice_comment,
)
from surveys.framework import FRAMEWORK, Practice
from surveys.models import Respondent

bp = Blueprint("surveys", __name__)

# Each page has its own budget of public POSTs per client address: colleagues behind one
# office address answer the same survey at the same time.
public_post_limit = limit_public_posts()
# Guessing links costs a try per miss: only answers that are 404 count, on every survey page
# together.
link_miss_limit = limit_link_misses("survey-link-miss")

SESSION_LINKS = "survey_links"


# --- Labels shared by the pages, the results macros and other blueprints --------------------


def respondent_level_name(level: str | None) -> str:
    names = {
        "executive": _("Executive"),
        "management": _("Management"),
        "working": _("Working level"),
    }
    return names.get(level or "", _("Not given"))


def functional_area_name(area: str | None) -> str:
    topic = TOPIC_BY_ID.get(area or "")
    return localized(topic.name) if topic else _("Not given")


def level_name(value: int | None) -> str:
    level = FRAMEWORK.level_by_value.get(value) if value is not None else None
    return localized(level.name) if level else localized(FRAMEWORK.dont_know)


def choice_text(value: Choice | None) -> str:
    """A stored answer as words: "3 - Experienced", "Don't know / not applicable", or
    "Not answered"."""
    if value == "":
        return _("Not answered")
    if value is None:
        return localized(FRAMEWORK.dont_know)
    return _("%(value)d – %(name)s", value=value, name=level_name(int(value)))


class SurveyText:
    """Labels for templates (the results macros are imported without the page context)."""

    framework = FRAMEWORK
    overall = OVERALL

    @staticmethod
    def practice(practice_id: str) -> str:
        if practice_id == OVERALL:
            return _("Overall question")
        return localized(FRAMEWORK.practice_by_id[practice_id].name)

    @staticmethod
    def role(role_id: str) -> str:
        return localized(FRAMEWORK.role_by_id[role_id].name)

    level = staticmethod(level_name)
    area = staticmethod(functional_area_name)
    respondent_level = staticmethod(respondent_level_name)
    choice = staticmethod(choice_text)

    @staticmethod
    def text(value: Mapping[str, str]) -> str:
        return localized(value)

    @staticmethod
    def lang() -> str:
        return current_lang()

    @staticmethod
    def number(value: float) -> str:
        """A median in the page's language: 2.5 in English, 2,5 in French."""
        return format_decimal(value, format="0.#")

    @staticmethod
    def date(value: datetime | None) -> str:
        return format_date(value, format="long") if value else ""


@bp.app_template_global("survey_text")
def _survey_text() -> SurveyText:
    return SurveyText()


# --- Loading what a link opens ------------------------------------------------------------------


def _respondent_or_404(respondent_token: str) -> Respondent:
    respondent = service.respondent_for_token(respondent_token)
    if respondent is None:
        abort(404)
    return respondent


def _practice_or_404(practice_id: str) -> Practice:
    practice = FRAMEWORK.practice_by_id.get(practice_id)
    if practice is None:
        abort(404)
    return practice


# The respondent's pages in order: one per practice, the overall question, the review.
PAGE_KEYS: tuple[str, ...] = (*(p.id for p in FRAMEWORK.practices), OVERALL, "review")
ROLE_IDS: tuple[str, ...] = tuple(role.id for role in FRAMEWORK.roles)


def _page_url(respondent_token: str, key: str) -> str:
    if key == OVERALL:
        return url_for("surveys.overall", respondent_token=respondent_token)
    if key == "review":
        return url_for("surveys.review", respondent_token=respondent_token)
    return url_for("surveys.practice", respondent_token=respondent_token, practice_id=key)


def _page_near(respondent_token: str, key: str, step: int) -> str:
    """The URL of the page `step` pages after page `key` (-1: the previous page); the home page
    before the first and after the last. Only that URL is built: a save's redirect is the most
    frequent answer of the service."""
    position = PAGE_KEYS.index(key) + step
    if 0 <= position < len(PAGE_KEYS):
        return _page_url(respondent_token, PAGE_KEYS[position])
    return url_for("surveys.respondent_home", respondent_token=respondent_token)


def _switch_target() -> str | None:
    """The language the header toggle asked for, when the form was posted with it."""
    target = request.form.get("switch_lang")
    return target if target in LANGS else None


def _same_page_in(lang: str) -> Response:
    args = dict(request.view_args or {})
    return redirect(url_for(request.endpoint or "", **args, lang=lang), code=303)


def _area_choices() -> list[tuple[str, str]]:
    return [(t.id, localized(t.name)) for t in TOPICS] + [(NOT_GIVEN, _("Prefer not to say"))]


def _level_choices() -> list[tuple[str, str]]:
    levels = [(level, respondent_level_name(level)) for level in service.RESPONDENT_LEVELS]
    return [*levels, (NOT_GIVEN, _("Prefer not to say"))]


def _closed(
    respondent: Respondent, key: str | None = None, typed: Mapping[str, Any] | None = None
) -> tuple[str, int]:
    """The closed-survey page: on GET the saved answers; on POST also what was just typed
    on page `key` (not saved), with 403."""
    status = 403 if request.method == "POST" else 200
    return (
        render_template(
            "surveys/closed.html",
            respondent=respondent,
            answers=_answers_view(respondent),
            key=key,
            typed=typed or {},
        ),
        status,
    )


def _answers_view(respondent: Respondent) -> dict[str, Any]:
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


# --- The partner lead's survey page ---------------------------------------------------------


def _remembered_link(exploration: Exploration) -> str | None:
    """The survey link created in this browser session, while it is still the current one
    (only its hash is stored, so it can be shown again only where it was created)."""
    token = (session.get(SESSION_LINKS) or {}).get(str(exploration.id))
    if token and exploration.survey_token_hash == hash_token(token):
        return token
    return None


def _remember_link(exploration: Exploration, token: str) -> None:
    links = dict(session.get(SESSION_LINKS) or {})
    links[str(exploration.id)] = token
    session[SESSION_LINKS] = links


@bp.route("/<lang>/request/<token>/survey", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def manage(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    if request.method == "POST":
        form = ManageForm()
        action = form.action.data if form.validate() else None
        if action not in {"open", "close", "reissue"}:
            abort(400)
        new_token = None
        with transaction():
            if action == "open":
                new_token = service.open_survey(exploration, actor_kind="partner_link")
            elif action == "close":
                service.close_survey(exploration, actor_kind="partner_link")
            else:
                new_token = service.reissue_survey_link(exploration, actor_kind="partner_link")
        if new_token:
            _remember_link(exploration, new_token)
        messages = {
            "open": _("The survey is open."),
            "close": _("The survey is closed. Nobody can change answers until you reopen it."),
            "reissue": _("Here is the new survey link. The old link no longer works."),
        }
        flash(messages[action], "success")
        return redirect(url_for("surveys.manage", token=token), code=303)

    link_token = _remembered_link(exploration)
    return render_template(
        "surveys/manage.html",
        exploration=exploration,
        form=ManageForm(),
        survey_url=(
            url_for("surveys.welcome", survey_token=link_token, _external=True)
            if link_token
            else None
        ),
        results=service.results_for(exploration.id, staff=False),
        partner_url=url_for("intake.partner_page", token=token)
        if "intake.partner_page" in current_app.view_functions
        else None,
    )


# --- The shared survey link -----------------------------------------------------------------


@bp.route("/<lang>/survey/<survey_token>", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def welcome(survey_token: str) -> Any:
    exploration = service.exploration_for_survey_token(survey_token)
    if exploration is None:
        abort(404)
    if request.method == "GET":
        # The language toggle on this page carries the choices made so far in the query.
        form = AboutForm(formdata=request.args if request.args else None)
        form.localize(_area_choices(), _level_choices())
        if request.args:
            form.validate()
            form.csrf_token.errors = []
            if form.errors:
                form = AboutForm(formdata=None).localize(_area_choices(), _level_choices())
        return render_template("surveys/welcome.html", exploration=exploration, form=form)

    form = AboutForm().localize(_area_choices(), _level_choices())
    valid = form.validate()
    if not exploration.survey_open:
        return render_template("surveys/welcome.html", exploration=exploration, form=form), 403
    target = _switch_target()
    if target and valid:
        query = {
            key: value
            for key, value in (
                ("functional_area", form.functional_area.data),
                ("level", form.level.data),
            )
            if value
        }
        return redirect(
            url_for("surveys.welcome", survey_token=survey_token, lang=target, **query), code=303
        )
    if not valid:
        return render_template("surveys/welcome.html", exploration=exploration, form=form), 400
    with transaction():
        _respondent, respondent_token = service.start_respondent(exploration, *form.cleaned())
    return redirect(
        url_for("surveys.respondent_home", respondent_token=respondent_token, started=1), code=303
    )


# --- A respondent's own pages -----------------------------------------------------------------


@bp.get("/<lang>/survey/r/<respondent_token>/")
@link_miss_limit
def respondent_home(respondent_token: str) -> Any:
    respondent = _respondent_or_404(respondent_token)
    if not respondent.exploration.survey_open:
        return _closed(respondent)
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
@link_miss_limit
@public_post_limit
def about(respondent_token: str) -> Any:
    respondent = _respondent_or_404(respondent_token)
    back = url_for("surveys.review", respondent_token=respondent_token)
    if request.method == "GET":
        if not respondent.exploration.survey_open:
            return _closed(respondent)
        form = AboutForm(
            data={"functional_area": respondent.functional_area, "level": respondent.level}
        ).localize(_area_choices(), _level_choices())
        return render_template(
            "surveys/about.html", respondent=respondent, form=form, back_url=back
        )
    form = AboutForm().localize(_area_choices(), _level_choices())
    valid = form.validate()
    version = _posted_version()
    area, level = form.cleaned()
    typed = {"functional_area": area, "level": level}
    if not respondent.exploration.survey_open:
        return _closed(respondent, "about", typed)
    if not valid or version is None:
        if version is None:
            abort(400)
        return render_template(
            "surveys/about.html", respondent=respondent, form=form, back_url=back
        ), 400
    if version != respondent.version:
        return _conflict(respondent, "about", typed)
    try:
        with transaction():
            service.save_about(respondent, *form.cleaned())
    except (StaleDataError, IntegrityError):
        return _conflict(respondent, "about", typed)
    target = _switch_target()
    if target:
        return _same_page_in(target)
    return redirect(back, code=303)


def _posted_version() -> int | None:
    raw = request.form.get("version", "")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 10 else None


def _practice_context(
    respondent: Respondent,
    respondent_token: str,
    practice: Practice,
    values: Mapping[str, Choice],
    form: PracticeForm,
    errors: Mapping[str, str],
) -> dict[str, Any]:
    previous = _page_near(respondent_token, practice.id, -1)
    summary = [
        (f"rating-{role.id}-1", errors[role.id]) for role in FRAMEWORK.roles if role.id in errors
    ]
    summary += [
        (field_id, message) for field_id, message in form.error_list if field_id != "version"
    ]
    if "version" in errors:
        summary.append(("survey-form", errors["version"]))
    return {
        "respondent": respondent,
        "practice": practice,
        "number": list(FRAMEWORK.practices).index(practice) + 1,
        "total": len(FRAMEWORK.practices),
        "values": {role_id: choice_to_form_value(v) for role_id, v in values.items()},
        "form": form,
        "errors": errors,
        "summary": summary,
        "previous_url": previous,
        "version": respondent.version,
    }


@bp.route("/<lang>/survey/r/<respondent_token>/practice/<practice_id>", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def practice(respondent_token: str, practice_id: str) -> Any:
    if request.method == "POST":
        saved = _quick_practice_save(respondent_token, practice_id)
        if saved is not None:
            return saved
    respondent = _respondent_or_404(respondent_token)
    practice = _practice_or_404(practice_id)
    role_ids = [role.id for role in FRAMEWORK.roles]
    if request.method == "GET":
        if not respondent.exploration.survey_open:
            return _closed(respondent)
        stored = service.ratings_of(respondent)
        values: dict[str, Choice] = {
            role_id: stored.get((practice.id, role_id), "") for role_id in role_ids
        }
        form = PracticeForm(
            data={
                "comment": service.comments_of(respondent).get(practice.id, ""),
                "version": respondent.version,
            }
        )
        context = _practice_context(respondent, respondent_token, practice, values, form, {})
        return render_template("surveys/practice.html", **context)

    values, malformed = parse_grid(request.form, role_ids)
    form = PracticeForm()
    form.validate()
    version = _posted_version()
    typed = {"practice": practice, "values": values, "comment": form.comment.data or ""}
    if not respondent.exploration.survey_open:
        return _closed(respondent, practice.id, typed)
    errors: dict[str, str] = {}
    for role_id in malformed:
        errors[role_id] = _("Choose one of the levels, or “Don’t know / not applicable”.")
    if respondent.submitted_at is not None:
        for role_id in role_ids:
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
    if errors or form.comment.errors:
        form.form_errors.append(_("Check your answers."))
        context = _practice_context(respondent, respondent_token, practice, values, form, errors)
        return render_template("surveys/practice.html", **context), 400
    if version != respondent.version:
        return _conflict(respondent, practice.id, typed)
    try:
        with transaction():
            saved = service.save_practice(
                respondent_token, version, practice.id, values, form.comment.data
            )
    except IntegrityError:
        saved = False
    if not saved:  # another tab saved this version first
        return _conflict(respondent, practice.id, typed)
    return _after_save(respondent_token, practice.id)


def _quick_practice_save(respondent_token: str, practice_id: str) -> Response | None:
    """Save a practice page the short way when the POST is what the page sends: answers read
    with plain code, the comment read without WTForms, and the save done by a few statements
    that claim the respondent's row by its posted version (service.save_practice).
    Returns the redirect once the save is committed.

    Returns None, having stored nothing, for anything else: an unknown page or link, a
    malformed answer, a comment PracticeForm might refuse, a missing version, a closed survey,
    a stale version, a submitted respondent leaving a question blank, a post that is not a
    plain form. The full path then handles the POST as it always did: the 404, the page with
    its messages (400), the closed page (403) or the conflict page (409). A refused post costs
    at most one UPDATE that matched nothing more than before."""
    practice = FRAMEWORK.practice_by_id.get(practice_id)
    version = _posted_version()
    # PracticeForm reads the files and JSON of a post too; a page never sends them.
    if practice is None or version is None or request.files or not request.form:
        return None
    values, malformed = parse_grid(request.form, ROLE_IDS)
    comment = read_practice_comment(request.form)
    if malformed or not comment.valid:
        return None
    try:
        with transaction():
            saved = service.save_practice(
                respondent_token, version, practice.id, values, comment.text
            )
    except IntegrityError:
        return None  # rolled back, nothing stored: the full path decides, as it always did
    return _after_save(respondent_token, practice.id) if saved else None


def _after_save(respondent_token: str, key: str) -> Response:
    target = _switch_target()
    if target:
        return _same_page_in(target)
    if request.form.get("action") == "later":
        flash(_("Your answers are saved. Use your private link to come back to them."), "success")
        return redirect(
            url_for("surveys.respondent_home", respondent_token=respondent_token), code=303
        )
    return redirect(_page_near(respondent_token, key, 1), code=303)


@bp.route("/<lang>/survey/r/<respondent_token>/overall", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def overall(respondent_token: str) -> Any:
    respondent = _respondent_or_404(respondent_token)
    previous = _page_near(respondent_token, OVERALL, -1)
    if request.method == "GET":
        if not respondent.exploration.survey_open:
            return _closed(respondent)
        value: Choice = None if respondent.overall_dont_know else (respondent.overall_level or "")
        form = OverallForm(
            data={"comment": respondent.overall_comment or "", "version": respondent.version}
        )
        return render_template(
            "surveys/overall.html",
            respondent=respondent,
            form=form,
            value=choice_to_form_value(value),
            error=None,
            previous_url=previous,
            version=respondent.version,
        )

    form = OverallForm()
    form.validate()
    version = _posted_version()
    error = None
    try:
        value = parse_choice(request.form, "overall")
    except ChoiceError:
        value = ""
        error = _("Choose one of the levels, or “Don’t know / not applicable”.")
    typed = {"overall": value, "comment": form.comment.data or ""}
    if not respondent.exploration.survey_open:
        return _closed(respondent, OVERALL, typed)
    if error is None and value == "" and respondent.submitted_at is not None:
        error = _(
            "You already submitted your answers: choose a level, or “Don’t know / not applicable”."
        )
    if error or form.comment.errors or version is None:
        form.form_errors.append(_("Check your answers."))
        return render_template(
            "surveys/overall.html",
            respondent=respondent,
            form=form,
            value=choice_to_form_value(value),
            error=error,
            previous_url=previous,
            version=respondent.version,
        ), 400
    if version != respondent.version:
        return _conflict(respondent, OVERALL, typed)
    try:
        with transaction():
            service.save_overall(respondent, value, form.comment.data)
    except (StaleDataError, IntegrityError):
        return _conflict(respondent, OVERALL, typed)
    return _after_save(respondent_token, OVERALL)


def _missing_links(respondent: Respondent, respondent_token: str) -> list[tuple[str, str]]:
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
@link_miss_limit
@public_post_limit
def review(respondent_token: str) -> Any:
    respondent = _respondent_or_404(respondent_token)
    form = (
        ReviewForm(data={"version": respondent.version})
        if request.method == "GET"
        else ReviewForm()
    )
    show_errors = False
    if request.method == "POST":
        version = _posted_version()
        if not respondent.exploration.survey_open:
            return _closed(respondent, "review")
        if version is None:
            abort(400)
        if version != respondent.version:
            return _conflict(respondent, "review", {})
        if service.is_complete(respondent):
            try:
                with transaction():
                    service.submit(respondent)
            except (StaleDataError, IntegrityError):
                return _conflict(respondent, "review", {})
            return redirect(url_for("surveys.done", respondent_token=respondent_token), code=303)
        show_errors = True
        form.form_errors.append(_("Answer every question before you submit."))
    elif not respondent.exploration.survey_open:
        return _closed(respondent)
    missing = _missing_links(respondent, respondent_token)
    return render_template(
        "surveys/review.html",
        respondent=respondent,
        form=form if show_errors else ReviewForm(data={"version": respondent.version}),
        answers=_answers_view(respondent),
        missing=missing,
        show_errors=show_errors,
        version=respondent.version,
        about_url=url_for("surveys.about", respondent_token=respondent_token),
        previous_url=url_for("surveys.overall", respondent_token=respondent_token),
    ), (400 if show_errors else 200)


@bp.get("/<lang>/survey/r/<respondent_token>/done")
@link_miss_limit
def done(respondent_token: str) -> Any:
    respondent = _respondent_or_404(respondent_token)
    if respondent.submitted_at is None:
        return redirect(url_for("surveys.review", respondent_token=respondent_token))
    return render_template(
        "surveys/done.html",
        respondent=respondent,
        private_url=url_for(
            "surveys.respondent_home", respondent_token=respondent_token, _external=True
        ),
    )


# --- Conflicts ----------------------------------------------------------------------------------


def _conflict(respondent: Respondent, key: str, typed: Mapping[str, Any]) -> tuple[str, int]:
    """409: another tab saved first. Show what was typed, with a form to save it over the
    newer answers (carrying the current version) or a link to the saved answers."""
    db.rollback()
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
