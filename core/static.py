"""URLs of the service's own static files (stylesheets, scripts, fonts, images)."""

from __future__ import annotations

from flask import Flask, current_app, request, url_for


def static_url(filename: str) -> str:
    """`url_for('static', filename=...)`, remembered per application root.

    Every page links the same few files, and building a URL runs the URL map and every
    url_defaults hook; the answer only changes with the root the app is mounted under.
    """
    urls: dict[tuple[str, str], str] = current_app.extensions["static_urls"]
    key = (request.script_root, filename)
    url = urls.get(key)
    if url is None:
        url = urls[key] = url_for("static", filename=filename)
    return url


def init_static(app: Flask) -> None:
    app.extensions["static_urls"] = {}
    app.jinja_env.globals["static_url"] = static_url
