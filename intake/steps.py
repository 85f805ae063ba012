"""A step page's GET and POST, written once.

Every step of the request form does the same things in the same order. GET: load the request
behind the private link (404 otherwise) and show the step while it can still be changed. POST:
honour the language button, read the form, refuse a locked step or a stale version with the
409 page (nothing is stored, what was typed is shown), validate, store what can be stored and
commit (a concurrent save caught by the version column is a 409 too), then answer: the next
page, the same page in the other language, or the page with its messages.

A step says only what differs, by overriding the methods of StepPage: its forms, its page,
what it stores, and where it leads.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from flask import redirect, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from core.db import db
from intake import service
from intake.flow import (
    carried_args,
    conflict_page,
    next_url,
    posted_submission_key,
    posted_version,
    quiet_missing,
    step_url,
    switch_language_if_asked,
)
from intake.forms import StepForm, storable_values
from intake.links import exploration_for_partner_token
from intake.models import Exploration


@dataclass
class StepPost:
    """One POST to a step: the request and its link, the validated form, whether the language
    button was pressed, and what the page is about within the request (the person changed)."""

    exploration: Exploration
    token: str
    form: StepForm
    valid: bool
    switching: bool
    subject: Any = None

    @functools.cached_property
    def storable(self) -> tuple[dict[str, Any], bool]:
        """(the values that can be stored, whether every typed value was among them), read
        from the form as validated (see intake.forms.storable_values)."""
        return storable_values(self.form, self.form.field_names())


class StepPage:
    """One step's page. Subclasses give `step` and the methods that raise NotImplementedError."""

    step: str

    # --- What a step says ---------------------------------------------------------------------

    def subject(self, exploration: Exploration, **view_args: Any) -> Any:
        """What the page is about within the request, from the URL (or 404); None by default."""
        return None

    def shown_form(self, exploration: Exploration, subject: Any) -> StepForm:
        """The form of a GET, filled with what is stored."""
        raise NotImplementedError

    def posted_form(self, exploration: Exploration | None, subject: Any) -> StepForm:
        """The form of a POST, read from the request."""
        raise NotImplementedError

    def render(
        self,
        exploration: Exploration | None,
        token: str | None,
        form: StepForm,
        subject: Any = None,
        status: int = 200,
    ) -> Any:
        raise NotImplementedError

    def refuse(self, post: StepPost) -> Any:
        """A response instead of saving (a post that cannot be stored), or None to save."""
        return None

    def save(self, post: StepPost) -> Any:
        """Store what can be stored in the request's session; the flow commits. What it
        returns is handed to answer()."""
        raise NotImplementedError

    def answer(self, post: StepPost, saved: Any) -> Any:
        """After the save: the same page in the other language when the button asked for it
        and everything typed was stored; the next step when the form was valid; otherwise
        the page again with its messages (400)."""
        _values, all_kept = post.storable
        if post.switching and all_kept:
            return redirect(step_url(self.step, post.token, **carried_args()))
        if post.valid and not post.switching:
            return redirect(next_url(post.exploration, self.step, post.token))
        if post.switching:
            quiet_missing(post.form)
        return self.render(post.exploration, post.token, post.form, post.subject, 400)

    # --- The flow -----------------------------------------------------------------------------

    def view(self, token: str, **view_args: Any) -> Any:
        """The page's view: GET shows the step, POST saves it."""
        exploration = exploration_for_partner_token(token)
        subject = self.subject(exploration, **view_args)
        if request.method != "POST":
            if not service.can_edit_step(exploration, self.step):
                return redirect(url_for("intake.partner_page", token=token))
            form = self.shown_form(exploration, subject)
            return self.render(exploration, token, form, subject)
        return self.post(exploration, token, subject)

    def post(self, exploration: Exploration, token: str, subject: Any) -> Any:
        switching = switch_language_if_asked()
        form = self.posted_form(exploration, subject)
        posted_submission_key()
        editable = service.can_edit_step(exploration, self.step)
        if not editable or posted_version() != exploration.version:
            form.validate()
            return conflict_page(form, exploration, token, self.step)
        post = StepPost(exploration, token, form, form.validate(), switching, subject)
        if form.malformed:  # not what a browser sends: store nothing, say what is wrong
            return self.render(exploration, token, form, subject, 400)
        refused = self.refuse(post)
        if refused is not None:
            return refused
        try:
            saved = self.save(post)
            db.commit()
        except StaleDataError:  # saved meanwhile by someone else: never a silent overwrite
            db.rollback()
            db.refresh(exploration)
            return conflict_page(form, exploration, token, self.step)
        return self.answer(post, saved)
