"""The Jinja environment: each template is compiled once per language, with its fixed
interface text already translated.

Most of the text on a page is `{{ _("...") }}` with a literal message and nothing to fill in:
hundreds of them across the templates, dozens per page. At run time each is a gettext lookup,
two template calls and a markup check, about a tenth of the time spent on a form page. Here
the compiler replaces each one by its translation as plain template text, so the page pays
nothing for it. The result is what the run-time call gives (Jinja's "newstyle" gettext): the
catalogue's text, not escaped, `%%` read as `%`. Any other use of `_()` (with values to fill
in, as a macro argument, in an expression) is left to core.i18n.template_gettext at run time.

The language is the page's (g.lang, from the URL). Templates rendered without one (the
bilingual splash page, errors outside a language prefix) are compiled as they are written,
and their `_()` calls run as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Flask, g, has_app_context
from flask.templating import Environment as FlaskEnvironment
from flask_babel import force_locale, get_translations
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

# `{{ _("text") }}`, token by token.
_PATTERN = ("variable_begin", "name", "lparen", "string", "rparen", "variable_end")


class FixedTextTranslation(Extension):
    """Replaces `{{ _("literal") }}` by its translation in the environment's language."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        lang = getattr(self.environment, "page_lang", None)
        if lang is None:
            yield from stream
            return
        with force_locale(lang):
            catalogue = get_translations()
        window: list[Token] = []
        for token in stream:
            window.append(token)
            if len(window) < len(_PATTERN):
                continue
            translated = _fixed_text(window, catalogue)
            if translated is not None:
                yield Token(window[0].lineno, "data", translated)
                window.clear()
            else:
                yield window.pop(0)
        yield from window


def _fixed_text(tokens: list[Token], catalogue: Any) -> str | None:
    """The translation when `tokens` are `{{ _("literal") }}`, else None."""
    if tuple(token.type for token in tokens) != _PATTERN or tokens[1].value != "_":
        return None
    try:
        return str(catalogue.ugettext(tokens[3].value) % {})  # newstyle: always %-formatted
    except (KeyError, TypeError, ValueError):
        return None  # not a plain text after all: let the run-time call deal with it


def _page_lang() -> str | None:
    return g.get("lang") if has_app_context() else None


class LanguageEnvironment(FlaskEnvironment):
    """Flask's environment, with one compiled copy of each template per page language."""

    page_lang: str | None = None

    def __init__(self, app: Flask, **options: Any) -> None:
        super().__init__(app, **options)
        # Shared with the overlays (they copy this environment's attributes).
        self.by_language: dict[str, LanguageEnvironment] = {}

    def _load_template(self, name: str, globals: Any) -> Any:
        lang = _page_lang()
        if lang is None or lang == self.page_lang:
            return super()._load_template(name, globals)
        root = self.linked_to or self
        environment = self.by_language.get(lang)
        if environment is None:
            # A cache of its own: the root's templates are compiled without translations.
            environment = root.overlay(extensions=[FixedTextTranslation], cache_size=400)
            environment.page_lang = lang
            self.by_language[lang] = environment
        return environment._load_template(name, globals)


def init_templating(app: Flask) -> None:
    """Must run before anything touches app.jinja_env (Flask builds it on first use)."""
    app.jinja_environment = LanguageEnvironment
