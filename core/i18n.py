"""Languages: one URL per language (/en/..., /fr/...), Flask-Babel for interface strings, and
helpers for data files that keep English and French side by side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from flask import Flask, abort, g, has_app_context, request, url_for
from flask_babel import Babel, force_locale, get_translations
from flask_babel.speaklater import LazyString
from markupsafe import Markup
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


_CATALOGUES: dict[str, Any] = {}


def _translations() -> Any:
    """The catalogue of the page's language, looked up once per process rather than on every
    `_()` in a template (Flask-Babel's lookup walks several proxies and parses the locale each
    time). A page without a language (the bilingual splash page) asks Flask-Babel each time."""
    lang = g.get("lang")
    catalogue = _CATALOGUES.get(lang) if lang else None
    if catalogue is None:
        if lang not in LANGS:
            return get_translations()
        with force_locale(lang):
            catalogue = _CATALOGUES[lang] = get_translations()
    return catalogue


def template_gettext(message: str, /, **variables: Any) -> Markup:
    """`_()` in templates, with the meaning of Jinja's "newstyle" gettext: the translation is
    markup, its placeholders are filled with escaped values, and it is always %-formatted.

    Jinja's own version wraps the call in two more context calls; a form page makes dozens
    of these calls, so the wrappers alone were a tenth of the time spent on a page.
    """
    return Markup(_translations().ugettext(message)) % variables  # noqa: S704 - our catalogue


def template_ngettext(singular: str, plural: str, num: int, /, **variables: Any) -> Markup:
    """`ngettext()` in templates; `%(num)d` is the count, as in Jinja's newstyle version."""
    variables.setdefault("num", num)
    return Markup(_translations().ungettext(singular, plural, num)) % variables  # noqa: S704


def _gettext_now(message: str, **variables: Any) -> str:
    catalogue = _translations() if has_app_context() else get_translations()
    text = catalogue.ugettext(message)
    return text % variables if variables else text


def lazy_gettext(message: str, **variables: Any) -> LazyString:
    """Flask-Babel's lazy_gettext (a string translated when it is shown), looked up through
    this request's catalogue: form labels and messages are shown on every form page, and
    Flask-Babel's own lookup walks its proxies again for each one."""
    return LazyString(_gettext_now, message, **variables)


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=current_lang)
    app.jinja_env.globals.update(
        _=template_gettext, gettext=template_gettext, ngettext=template_ngettext
    )

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

    app.jinja_env.globals.update(lang_names=LANG_NAMES, toggle_url=toggle_url, localized=localized)

    @app.context_processor
    def _lang_context() -> dict[str, Any]:
        lang = current_lang()  # what Flask-Babel's locale selector answers, without parsing it
        return {"lang": lang, "other_lang": other_lang(lang)}
