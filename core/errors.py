"""Bilingual error pages for every error a user can meet, and no stack trace ever.

The page speaks the language of the URL first and the other official language second. If the
request is so broken that the normal layout cannot be rendered (an untrusted Host header, for
example, leaves no URL adapter), the same bilingual text is shown in a minimal layout that
builds no URL.
"""

from __future__ import annotations

import logging

from flask import (
    Flask,
    current_app,
    has_request_context,
    render_template,
    render_template_string,
    request,
)
from flask.globals import request_ctx
from flask_babel import force_locale, gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from core.i18n import LANGS, current_lang

log = logging.getLogger(__name__)

HANDLED = (400, 403, 404, 405, 409, 413, 429, 500, 503)


def error_text(code: int) -> tuple[str, str]:
    """Title and explanation for an error, in the current forced locale."""
    texts = {
        400: (
            gettext("Your request could not be processed"),
            gettext(
                "Something in the request was missing or not valid. If you were filling in a "
                "form, go back, reload the page and try again."
            ),
        ),
        403: (
            gettext("You do not have access to this page"),
            gettext("Your account does not allow this action. Ask an administrator if needed."),
        ),
        404: (
            gettext("We could not find that page"),
            gettext(
                "The address may be mistyped, or the link may have been replaced or withdrawn. "
                "If you followed a private link, ask the person who sent it for a new one."
            ),
        ),
        405: (
            gettext("This action is not allowed here"),
            gettext("The page cannot be used this way. Go back and use the buttons on the page."),
        ),
        409: (
            gettext("This information was changed by someone else"),
            gettext("Someone saved a newer version while you were working."),
        ),
        413: (
            gettext("What you sent is too large"),
            gettext("Shorten your answers and try again."),
        ),
        429: (
            gettext("Too many attempts"),
            gettext("Please wait a minute before you try again."),
        ),
        500: (
            gettext("Something went wrong on our side"),
            gettext("Please try again later. Nothing you sent before this page was lost."),
        ),
        503: (
            gettext("The service is briefly unavailable"),
            gettext("Please try again in a few minutes."),
        ),
    }
    return texts.get(code, texts[500])


def bilingual_texts(code: int, primary: str) -> list[dict[str, str]]:
    """The error's title and text in the page's language first, then the other one."""
    blocks = []
    for lang in (primary, *(x for x in LANGS if x != primary)):
        with force_locale(lang):
            title, body = error_text(code)
            blocks.append(
                {
                    "lang": lang,
                    "title": title,
                    "body": body,
                    "code_label": gettext("Error %(code)d", code=code),
                    "home": gettext("Go to the home page"),
                }
            )
    return blocks


def _plain_page(code: int) -> str:
    """The last resort, when even the template engine fails: no catalogue, no layout."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Error {code} - Exploration - CDS</title></head><body><main>"
        f"<h1>Error {code}</h1><p>The request could not be processed.</p>"
        f'<div lang="fr"><h2>Erreur {code}</h2><p>La demande n’a pas pu être traitée.</p></div>'
        "</main></body></html>"
    )


def _can_build_urls() -> bool:
    """False when the request never got a URL adapter (an untrusted Host header, for one):
    then url_for fails, and so would the normal layout."""
    return has_request_context() and request_ctx.url_adapter is not None


def render_error(code: int, **context: object) -> tuple[str, int]:
    """The bilingual error page for `code`, in the URL's language first."""
    try:
        primary = current_lang()
    except Exception:
        primary = "en"
    blocks = bilingual_texts(code, primary)
    if _can_build_urls():
        try:
            return (
                render_template("core/error.html", code=code, blocks=blocks, **context),
                code,
            )
        except Exception:
            log.exception("error page could not be rendered with the layout")
    try:
        return (
            render_template(
                "core/error_minimal.html",
                code=code,
                blocks=blocks,
                static_root=current_app.static_url_path,
            ),
            code,
        )
    except Exception:
        log.exception("minimal error page could not be rendered")
        return _plain_page(code), code


# The 503 page of a form posted while the database is down: the error text, then what was
# typed (so nothing is lost) and a button that sends the same fields again.
UNAVAILABLE_TEMPLATE = """{% extends "core/error.html" %}
{% block error_extra %}
<h2>{{ texts.heading }}</h2>
<p>{{ texts.body }}</p>
{% if shown %}
<dl class="typed-answers">
{% for name, value in shown %}<dt>{{ name }}</dt><dd>{{ value }}</dd>
{% endfor %}</dl>
{% endif %}
<form method="post" action="{{ action }}" novalidate>
{% for name, value in fields %}<input type="hidden" name="{{ name }}" value="{{ value }}">
{% endfor %}<button class="button" type="submit">{{ texts.button }}</button>
</form>
{% endblock %}"""
# Fields a person did not type: carried again by the button, not listed.
_NOT_TYPED = {"csrf_token", "submission_key", "version", "switch_lang", "action"}


def database_unavailable() -> tuple[str, int, dict[str, str]]:
    """A bilingual 503. When a form was posted, the page keeps what was typed, so a
    database restart or a full disk never costs a person their answers."""
    headers = {"Retry-After": "30"}
    fields: list[tuple[str, str]] = []
    if request.method == "POST" and _can_build_urls():
        try:
            fields = [(name, value) for name, value in request.form.items(multi=True)]
        except Exception:  # an unreadable body has nothing to keep
            fields = []
    if not fields:
        body, code = render_error(503)
        return body, code, headers
    shown = [
        (name.replace("_", " ").replace("-", " "), value)
        for name, value in fields
        if name not in _NOT_TYPED and value.strip()
    ]
    try:
        body = render_template_string(
            UNAVAILABLE_TEMPLATE,
            code=503,
            blocks=bilingual_texts(503, current_lang()),
            fields=fields,
            shown=shown,
            texts={
                "heading": gettext("Your answers are not saved yet"),
                "body": gettext(
                    "Nothing you typed is lost: it is below. When the service is back, "
                    "send it again."
                ),
                "button": gettext("Send again"),
            },
            action=request.script_root + request.full_path.rstrip("?"),
        )
    except Exception:
        log.exception("503 page with the typed answers could not be rendered")
        body, _code = render_error(503)
    return body, 503, headers


def init_errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        if code not in HANDLED:
            return error
        body, status = render_error(code)
        response = app.make_response((body, status))
        if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(_error: CSRFError):  # type: ignore[no-untyped-def]
        return render_error(400)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_unavailable(error: DBAPIError):  # type: ignore[no-untyped-def]
        log.warning("database unavailable: %s", type(error.orig).__name__)
        return database_unavailable()

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
        if isinstance(error, HTTPException):
            return _http_error(error)
        log.exception("unhandled error on %s %s", request.method, request.url_rule)
        return render_error(InternalServerError.code)
