"""The steps whose fields map onto the request's columns (organization, context, timing), the
documents checklist, and the start page. Step 2's first post creates the draft."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from core.db import db
from core.i18n import current_lang
from core.tokens import hash_token
from intake import service
from intake.blueprint import STEP_TITLES, TOTAL_STEPS, bp, link_misses_limited, posts_limited
from intake.flow import (
    hours_context,
    posted_submission_key,
    quiet_missing,
    render_step,
    resume_url,
    switch_language_if_asked,
)
from intake.forms import StepForm, storable_values
from intake.links import creation_token, find_by_partner_token
from intake.models import Exploration
from intake.people_forms import documents_form_class
from intake.reference import DOCUMENT_GROUPS, DOCUMENTS, TOPICS
from intake.step_forms import ContextForm, OrganizationForm, TimingForm
from intake.steps import StepPage, StepPost


def organization_form(**kwargs: Any) -> StepForm:
    return OrganizationForm(lang=current_lang(), **kwargs)


# The forms of the steps whose fields are the request's columns (also used by intake.check_views).
PLAIN_FORMS: dict[str, Callable[..., StepForm]] = {
    "organization": organization_form,
    "context": ContextForm,
    "timing": TimingForm,
}


class PlainStep(StepPage):
    """A step whose fields map one to one onto the request's columns."""

    def __init__(self, step: str, template: str) -> None:
        self.step = step
        self.template = template
        self.form = PLAIN_FORMS[step]

    def shown_form(self, exploration: Exploration, subject: Any) -> StepForm:
        return self.form(formdata=None, obj=exploration)

    def posted_form(self, exploration: Exploration | None, subject: Any) -> StepForm:
        return self.form()

    def render(
        self,
        exploration: Exploration | None,
        token: str | None,
        form: StepForm,
        subject: Any = None,
        status: int = 200,
    ) -> Any:
        # Only the timing step shows the estimate of the hours asked of the partner.
        extra = hours_context(exploration) if self.step == "timing" and exploration else {}
        return render_step(self.step, self.template, form, exploration, token, status, **extra)

    def save(self, post: StepPost) -> None:
        values, _all_kept = post.storable
        service.save_fields(post.exploration, values, self.step, current_lang())

    def create(self) -> Any:
        """Step 2, first post: the draft and its private link come to life here, unless there
        is nothing to store. A retried post (same key, same browser) finds its own draft."""
        switching = switch_language_if_asked()
        form = self.posted_form(None, None)
        key = posted_submission_key()
        valid = form.validate()
        if form.malformed:  # not what a browser sends: store nothing, say what is wrong
            return self.render(None, None, form, status=400)
        values, all_kept = storable_values(form, form.field_names())
        if all(value is None for value in values.values()):
            if switching and all_kept:
                return redirect(url_for("intake.organization_new"))
            if switching:
                quiet_missing(form)
            return self.render(None, None, form, status=400)
        token = creation_token(key)
        existing = find_by_partner_token(token)
        if existing is not None:
            return redirect(resume_url(existing, token))
        lang = current_lang()
        try:
            exploration = service.create_draft(hash_token(token), lang)
            service.save_fields(exploration, values, self.step, lang)
            db.commit()
        except IntegrityError:
            db.rollback()
            existing = find_by_partner_token(token)
            if existing is None:
                raise
            return redirect(resume_url(existing, token))
        return self.answer(StepPost(exploration, token, form, valid, switching), None)


PLAIN_STEPS = {
    "organization": PlainStep("organization", "intake/organization.html"),
    "context": PlainStep("context", "intake/context.html"),
    "timing": PlainStep("timing", "intake/timing.html"),
}


class DocumentsStep(StepPage):
    """The documents checklist: a status and a note per document."""

    step = "documents"

    def shown_form(self, exploration: Exploration, subject: Any) -> StepForm:
        return documents_form_class()(formdata=None, data=document_data(exploration))

    def posted_form(self, exploration: Exploration | None, subject: Any) -> StepForm:
        return documents_form_class()()

    def render(
        self,
        exploration: Exploration | None,
        token: str | None,
        form: StepForm,
        subject: Any = None,
        status: int = 200,
    ) -> Any:
        return render_step(
            "documents",
            "intake/documents.html",
            form,
            exploration,
            token,
            status,
            document_sections=service.document_sections(),
            document_groups=DOCUMENT_GROUPS,
        )

    def save(self, post: StepPost) -> None:
        """Store every document's status and note; a value that could not be read keeps
        what was stored."""
        values, _all_kept = post.storable
        before = document_data(post.exploration)
        per_document = {}
        for document in DOCUMENTS:
            status_name, note_name = f"doc_{document.id}_status", f"doc_{document.id}_note"
            status = values.get(status_name, before[status_name])
            note = values.get(note_name, before[note_name])
            per_document[document.id] = (status, note)
        service.save_documents(post.exploration, per_document, current_lang())


def document_data(exploration: Exploration) -> dict[str, Any]:
    rows = service.documents_by_id(exploration)
    data: dict[str, Any] = {}
    for document in DOCUMENTS:
        row = rows.get(document.id)
        data[f"doc_{document.id}_status"] = row.status if row else None
        data[f"doc_{document.id}_note"] = row.note if row else None
    return data


DOCUMENTS_STEP = DocumentsStep()


# --- Routes -------------------------------------------------------------------------------------


@bp.get("/<lang>/request/start")
def start() -> str:
    return render_template(
        "intake/start.html",
        step_title=STEP_TITLES["start"],
        total_steps=TOTAL_STEPS,
        topics=TOPICS,
        **hours_context(None),
    )


@bp.route("/<lang>/request/organization", methods=["GET", "POST"])
@posts_limited
def organization_new() -> Any:
    step = PLAIN_STEPS["organization"]
    if request.method == "POST":
        return step.create()
    return step.render(None, None, step.form(formdata=None))


@bp.route("/<lang>/request/<token>/organization", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def organization(token: str) -> Any:
    return PLAIN_STEPS["organization"].view(token)


@bp.route("/<lang>/request/<token>/context", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def context(token: str) -> Any:
    return PLAIN_STEPS["context"].view(token)


@bp.route("/<lang>/request/<token>/timing", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def timing(token: str) -> Any:
    return PLAIN_STEPS["timing"].view(token)


@bp.route("/<lang>/request/<token>/documents", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def documents(token: str) -> Any:
    return DOCUMENTS_STEP.view(token)
