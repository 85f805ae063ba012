"""The people to interview: the stakeholders step (who covers each interview topic) and the
page that adds or changes one person."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _

from core.i18n import current_lang
from core.numbers import parse_int
from intake import service
from intake.blueprint import bp, link_misses_limited, posts_limited
from intake.check_views import missing_topic_message, missing_topics
from intake.flow import carried_args, next_url, render_step, step_url
from intake.forms import StepForm
from intake.models import Exploration, Stakeholder
from intake.people_forms import PersonForm, stakeholders_form_class
from intake.reference import TOPIC_BY_ID, TOPICS
from intake.steps import StepPage, StepPost

PERSON_FIELDS = ("name", "title", "daily_role", "involvement", "frequency", "email", "language")


def parse_action(raw: str) -> tuple[str, str | None, int | None]:
    """The pressed button: continue | save | new:<topic> | add:<topic> | remove:<id>:<topic>."""
    parts = raw.split(":")
    kind = parts[0]
    if kind in ("continue", "save") and len(parts) == 1:
        return kind, None, None
    if kind in ("new", "add") and len(parts) == 2 and parts[1] in TOPIC_BY_ID:
        return kind, parts[1], None
    person_id = parse_int(parts[1]) if len(parts) == 3 else None
    if kind == "remove" and person_id is not None and parts[2] in TOPIC_BY_ID:
        return kind, parts[2], person_id
    abort(400)


def posted_action() -> tuple[str, str | None, int | None]:
    return parse_action(request.form.get("action", "continue"))


class StakeholdersStep(StepPage):
    """Who covers each interview topic: people named already, "to be confirmed", and the
    buttons that add, link or remove a person (each saves the page first)."""

    step = "stakeholders"

    def form(self, exploration: Exploration, **kwargs: Any) -> StepForm:
        by_topic = service.people_by_topic(exploration)
        form_class = stakeholders_form_class(list(exploration.stakeholders), by_topic)
        return form_class(**kwargs)

    def shown_form(self, exploration: Exploration, subject: Any) -> StepForm:
        tbc = service.to_be_confirmed(exploration)
        return self.form(
            exploration, formdata=None, data={f"tbc_{t.id}": t.id in tbc for t in TOPICS}
        )

    def posted_form(self, exploration: Exploration | None, subject: Any) -> StepForm:
        assert exploration is not None
        return self.form(exploration)

    def render(
        self,
        exploration: Exploration | None,
        token: str | None,
        form: StepForm,
        subject: Any = None,
        status: int = 200,
    ) -> Any:
        assert exploration is not None
        return render_step(
            "stakeholders",
            "intake/stakeholders.html",
            form,
            exploration,
            token,
            status,
            topics=TOPICS,
            people_by_topic=service.people_by_topic(exploration),
            involvement_labels=service.INVOLVEMENT_LABELS,
        )

    def refuse(self, post: StepPost) -> Any:
        posted_action()  # a button a page never shows: 400
        return None

    def save(self, post: StepPost) -> None:
        exploration, form = post.exploration, post.form
        kind, action_topic, person_id = posted_action()
        for topic in TOPICS:
            tbc_field = form[f"tbc_{topic.id}"]
            service.set_to_be_confirmed(exploration, topic.id, bool(tbc_field.data))
            existing = form[f"existing_{topic.id}"]
            if existing.data and not existing.errors:
                person = service.find_stakeholder(exploration, parse_int(existing.data) or 0)
                if person is not None:
                    service.link_person(exploration, person, topic.id)
        if kind == "remove" and action_topic and person_id is not None:
            person = service.find_stakeholder(exploration, person_id)
            if person is not None:
                service.unlink_person(exploration, person, action_topic)
        service.touch(exploration, "stakeholders", current_lang())
        service.record(
            "request.saved",
            actor_kind=service.PARTNER,
            exploration_id=exploration.id,
            detail="stakeholders",
        )

    def with_errors(self, exploration: Exploration, errors: dict[str, list[Any]]) -> StepForm:
        """The page's form as stored now, with these messages on its fields."""
        form = self.shown_form(exploration, None)
        for name, messages in errors.items():
            form[name].errors = list(messages)
        return form

    def answer(self, post: StepPost, saved: Any) -> Any:
        exploration, token = post.exploration, post.token
        if not post.valid:
            # Only a choice that is not in the list can be wrong here; show it with the rest saved.
            errors = {f.name: f.errors for f in post.form if f.errors}
            return self.render(exploration, token, self.with_errors(exploration, errors), None, 400)
        if post.switching:
            return redirect(step_url("stakeholders", token, **carried_args()))
        kind, action_topic, _person_id = posted_action()
        if kind == "new":
            return redirect(url_for("intake.person_new", token=token, topic=action_topic))
        if kind in ("add", "remove", "save"):
            anchor = f"topic-{action_topic}" if action_topic else None
            return redirect(step_url("stakeholders", token, **carried_args(), _anchor=anchor))
        missing = missing_topics(exploration)
        if missing:
            errors = {f"tbc_{topic_id}": [missing_topic_message(topic_id)] for topic_id in missing}
            return self.render(exploration, token, self.with_errors(exploration, errors), None, 400)
        return redirect(next_url(exploration, "stakeholders", token))


class PersonStep(StepPage):
    """Add a person to interview, or change or remove one (the subject)."""

    step = "stakeholders"

    def subject(self, exploration: Exploration, **view_args: Any) -> Stakeholder | None:
        person_id = view_args.get("person_id")
        if person_id is None:
            return None
        person = service.find_stakeholder(exploration, person_id)
        if person is None:
            abort(404)
        return person

    def shown_form(self, exploration: Exploration, subject: Any) -> StepForm:
        if subject is not None:
            data = {name: getattr(subject, name) for name in PERSON_FIELDS}
            data["topics"] = service.topic_ids(subject)
            return PersonForm(formdata=None, data=data)
        if request.args.get("topic") in TOPIC_BY_ID:
            return PersonForm(formdata=None, data={"topics": [request.args["topic"]]})
        return PersonForm(formdata=None)

    def posted_form(self, exploration: Exploration | None, subject: Any) -> StepForm:
        return PersonForm()

    def render(
        self,
        exploration: Exploration | None,
        token: str | None,
        form: StepForm,
        subject: Any = None,
        status: int = 200,
    ) -> Any:
        assert exploration is not None and token is not None
        if subject is not None:
            action = url_for("intake.person_edit", token=token, person_id=subject.id)
            title = _("Change a person’s details")
        else:
            action = url_for("intake.person_new", token=token, **carried_args())
            title = _("Add a person to interview")
        return render_step(
            "stakeholders",
            "intake/person.html",
            form,
            exploration,
            token,
            status,
            person=subject,
            step_title=title,
            back_url=(
                step_url("stakeholders", token)
                if exploration.status == "draft"
                else url_for("intake.partner_page", token=token)
            ),
            action_url=action,
            topics=TOPICS,
        )

    @staticmethod
    def deleting(post: StepPost) -> bool:
        return request.form.get("action") == "delete" and post.subject is not None

    def refuse(self, post: StepPost) -> Any:
        """A person is stored whole or not at all (a removal needs no valid fields)."""
        if post.valid or self.deleting(post):
            return None
        return self.render(post.exploration, post.token, post.form, post.subject, 400)

    def save(self, post: StepPost) -> Stakeholder | None:
        exploration, lang = post.exploration, current_lang()
        if self.deleting(post):
            service.remove_person(exploration, post.subject)
            service.touch(exploration, "stakeholders", lang)
            return None
        values = {name: (post.form[name].data or None) for name in PERSON_FIELDS}
        topics = post.form.topics.data
        return service.save_person(exploration, post.subject, values, topics, lang)

    def answer(self, post: StepPost, saved: Any) -> Any:
        exploration, token = post.exploration, post.token
        draft = exploration.status == "draft"
        if saved is None:  # removed
            if draft:
                return redirect(step_url("stakeholders", token))
            return redirect(
                url_for("intake.partner_page", token=token, _anchor="answers-stakeholders")
            )
        if post.switching:
            return redirect(url_for("intake.person_edit", token=token, person_id=saved.id))
        if draft:
            first_topic = service.topic_ids(saved)[0]
            return redirect(step_url("stakeholders", token, _anchor=f"topic-{first_topic}"))
        return redirect(url_for("intake.partner_page", token=token, _anchor="answers-stakeholders"))


STAKEHOLDERS_STEP = StakeholdersStep()
PERSON_STEP = PersonStep()


@bp.route("/<lang>/request/<token>/stakeholders", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def stakeholders(token: str) -> Any:
    return STAKEHOLDERS_STEP.view(token)


@bp.route("/<lang>/request/<token>/stakeholders/new", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def person_new(token: str) -> Any:
    return PERSON_STEP.view(token)


@bp.route("/<lang>/request/<token>/stakeholders/<int:person_id>", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def person_edit(token: str, person_id: int) -> Any:
    return PERSON_STEP.view(token, person_id=person_id)
