"""URLs that are the same on every page: the service's static files and the home page.

Every page links the same few files and the home page three times, and url_for runs the URL
map and every url_defaults hook each time; the answer only changes with the root the app is
mounted under (and the language, for the home page), so it is worked out once for each.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request, url_for

from core.i18n import current_lang


def static_url(filename: str) -> str:
    """`url_for('static', filename=...)`, remembered per application root."""
    urls: dict[tuple[str, ...], str] = current_app.extensions["fixed_urls"]
    key = ("static", request.script_root, filename)
    url = urls.get(key)
    if url is None:
        url = urls[key] = url_for("static", filename=filename)
    return url


def home_url() -> str:
    """`url_for('pages.home')` in the page's language, remembered per application root."""
    urls: dict[tuple[str, ...], str] = current_app.extensions["fixed_urls"]
    lang = g.get("lang") or current_lang()
    key = ("home", request.script_root, lang)
    url = urls.get(key)
    if url is None:
        url = urls[key] = url_for("pages.home", lang=lang)
    return url


def init_static(app: Flask) -> None:
    app.extensions["fixed_urls"] = {}
    app.jinja_env.globals.update(static_url=static_url, home_url=home_url)
