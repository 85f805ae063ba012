"""Languages: one URL per language (/en/..., /fr/...), Flask-Babel for interface strings, and
helpers for data files that keep English and French side by side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from flask import Flask, abort, g, has_request_context, request, url_for
from flask_babel import Babel, get_locale
from flask_babel import lazy_gettext as lazy_gettext  # re-exported: modules take `_l` from here
from werkzeug.routing import BuildError

LANGS = ("en", "fr")
LANG_NAMES = {"en": "English", "fr": "Français"}
# Characters that keep their meaning in a URL path or query and need no escaping.
_URL_SAFE = "/:@!$&'()*+,;=-._~"

babel = Babel()


def current_lang() -> str:
    """The page's language: from the URL, else the best match for the browser, else English."""
    lang = g.get("lang")
    if lang in LANGS:
        return lang
    if not has_request_context():  # a background job, unless it forces a locale
        return "en"
    first = request.path.strip("/").split("/", 1)[0]
    if first in LANGS:
        return first
    return request.accept_languages.best_match(LANGS) or "en"


def other_lang(lang: str | None = None) -> str:
    return "fr" if (lang or current_lang()) == "en" else "en"


def written_in(form_language: str | None) -> str:
    """The language of what a partner typed, for its `lang` mark: the language of the form
    they last saved (Exploration.form_language), English when it is not known."""
    return form_language if form_language in LANGS else "en"


def localized(text: Mapping[str, Any], lang: str | None = None) -> Any:
    """Pick one language from a {"en": ..., "fr": ...} mapping of the reference data."""
    return text[lang or current_lang()]


def toggle_url() -> str:
    """The same page in the other language, with the query string kept as it came.

    Pages of a blueprint are rebuilt with url_for; any other path (an error page, say) has
    its language prefix swapped, so a 404 page in English links to the 404 page in French.
    """
    target = other_lang()
    rule = request.url_rule
    path = None
    if request.endpoint and rule is not None and "lang" in rule.arguments:
        # Only the path comes from url_for: query arguments named like a URL part (?lang=)
        # would otherwise clash with it.
        try:
            path = url_for(request.endpoint, **{**(request.view_args or {}), "lang": target})
        except BuildError:
            path = None
    if path is None:
        path = f"/{target}/"
        current = request.path
        for lang in LANGS:
            if current == f"/{lang}" or current.startswith(f"/{lang}/"):
                path = f"/{target}" + current[len(lang) + 1 :]
                break
        path = request.script_root + quote(path, safe=_URL_SAFE)
    query = request.query_string.decode("utf-8", "replace")
    return f"{path}?{quote(query, safe=_URL_SAFE + '%?')}" if query else path


def init_i18n(app: Flask) -> None:
    # Flask-Babel installs `_`, `gettext` and `ngettext` in the templates (Jinja's i18n
    # extension, newstyle: values are filled in and escaped), translated as each page renders
    # in the language this selector picks for the request.
    babel.init_app(app, locale_selector=current_lang)

    @app.url_value_preprocessor
    def _pull_lang(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "lang" in values:
            lang = values.pop("lang")
            if lang not in LANGS:
                abort(404)
            g.lang = lang

    @app.url_defaults
    def _add_lang(endpoint: str, values: dict[str, Any]) -> None:
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.get("lang") or current_lang()

    app.jinja_env.globals.update(
        lang_names=LANG_NAMES, toggle_url=toggle_url, localized=localized, written_in=written_in
    )
    # Elision and "1er" in what templates write (imported here: core.labels reads the data
    # files, which need nothing of this module).
    from core.template_text import init_app as init_template_text

    init_template_text(app)

    @app.context_processor
    def _lang_context() -> dict[str, Any]:
        lang = str(get_locale() or "en")
        return {"lang": lang, "other_lang": other_lang(lang)}
