"""Bilingual error pages for every error a user can meet, and no stack trace ever.

The page speaks the language of the URL first and the other official language second. If the
request is so broken that the normal layout cannot be rendered (an untrusted Host header, for
example, leaves no URL adapter), a plain bilingual page is returned instead.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import force_locale, gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
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
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Error {code} - Exploration - CDS</title></head><body><main>"
        f"<h1>Error {code}</h1><p>The request could not be processed.</p>"
        f'<div lang="fr"><h2>Erreur {code}</h2><p>La demande n’a pas pu être traitée.</p></div>'
        "</main></body></html>"
    )


def render_error(code: int, **context: object) -> tuple[str, int]:
    try:
        primary = current_lang()
    except Exception:
        primary = "en"
    try:
        return (
            render_template(
                "core/error.html", code=code, blocks=bilingual_texts(code, primary), **context
            ),
            code,
        )
    except Exception:
        log.exception("error page could not be rendered")
        return _plain_page(code), code


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
    def _database_unavailable(error: OperationalError):  # type: ignore[no-untyped-def]
        log.warning("database unavailable: %s", type(error.orig).__name__)
        return render_error(503)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
        if isinstance(error, HTTPException):
            return _http_error(error)
        log.exception("unhandled error on %s %s", request.method, request.url_rule)
        return render_error(InternalServerError.code)
