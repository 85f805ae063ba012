"""A test-only blueprint with a form, so the security baseline (CSRF, body size, methods,
cookies, redirects) can be checked on a real form before, and whatever, the feature blueprints
exist. Register it on a test app before its first request: `app.register_blueprint(probe.bp)`.

Its text is deliberately not translated: it is never part of the service.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template_string, request, url_for
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import InputRequired

from core.forms import BaseForm, max_length

bp = Blueprint("probe", __name__)

FORM_URL = "/{lang}/probe/form"
POST_ONLY_URL = "/{lang}/probe/post-only"

TEMPLATE = """{% extends "base.html" %}
{% from "components/fields.html" import text_input, submit %}
{% from "components/error_summary.html" import error_summary %}
{% block title %}Probe form{% endblock %}
{% block content %}
<h1>Probe form</h1>
{{ error_summary(form) }}
{% if saved %}<p class="notice success" role="status">Saved: {{ saved }}</p>{% endif %}
<form method="post" action="{{ url_for('probe.form') }}" novalidate>
  {{ form.csrf_token }}
  {{ text_input(form.name, hint="Up to 20 characters.") }}
  {{ submit("Save") }}
</form>
{% endblock %}
"""


class ProbeForm(BaseForm):
    name = StringField("Name", validators=[InputRequired("Enter a name."), max_length(20)])


@bp.route("/<lang>/probe/form", methods=["GET", "POST"])
def form() -> Response | tuple[str, int]:
    probe_form = ProbeForm()
    if probe_form.validate_on_submit():
        return redirect(url_for("probe.form", saved=probe_form.name.data), code=303)
    status = 400 if probe_form.errors else 200
    return render_template_string(
        TEMPLATE, form=probe_form, saved=request.args.get("saved")
    ), status


@bp.post("/<lang>/probe/post-only")
def post_only() -> Response:
    return redirect(url_for("probe.form"), code=303)


@bp.get("/<lang>/probe/boom")
def boom() -> Response:
    """An unexpected error, to check that nobody ever sees a stack trace."""
    raise RuntimeError("probe: an unexpected failure with a secret detail")
