"""Languages: one URL per language (/en/..., /fr/...), Flask-Babel for interface strings, and
helpers for data files that keep English and French side by side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, abort, g, request, url_for
from flask_babel import Babel, get_locale

LANGS = ("en", "fr")
LANG_NAMES = {"en": "English", "fr": "Français"}

babel = Babel()


def current_lang() -> str:
    """The page's language: from the URL, else the best match for the browser, else English."""
    lang = g.get("lang")
    if lang in LANGS:
        return lang
    first = request.path.strip("/").split("/", 1)[0] if request else ""
    if first in LANGS:
        return first
    return request.accept_languages.best_match(LANGS) or "en"


def other_lang(lang: str | None = None) -> str:
    return "fr" if (lang or current_lang()) == "en" else "en"


def localized(text: Mapping[str, Any], lang: str | None = None) -> Any:
    """Pick one language from a {"en": ..., "fr": ...} mapping of the reference data."""
    return text[lang or current_lang()]


def toggle_url() -> str:
    """The same page in the other language (query string kept)."""
    target = other_lang()
    if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
        args = dict(request.view_args or {})
        args["lang"] = target
        return url_for(request.endpoint, **args, **request.args.to_dict())
    path = request.path
    for lang in LANGS:
        if path == f"/{lang}" or path.startswith(f"/{lang}/"):
            return f"/{target}" + path[len(lang) + 1 :]
    return f"/{target}/"


def init_i18n(app: Flask) -> None:
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

    @app.context_processor
    def _lang_context() -> dict[str, Any]:
        lang = str(get_locale() or "en")
        return {
            "lang": lang,
            "other_lang": other_lang(lang),
            "lang_names": LANG_NAMES,
            "toggle_url": toggle_url,
            "localized": localized,
        }
