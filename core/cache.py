"""Work done once: Flask-Caching's cache and its Jinja extension for fragments
(`{% cache timeout, name, key %} … {% endcache %}`).

The staff dashboard's filter form is the same HTML for the same filters, language, account and
list of accounts; WTForms drawing its fifteen controls was about a third of the page's CPU
(staff.dashboard.filters_key says what the HTML depends on). Each process keeps its own entries
(SimpleCache, at most CACHE_THRESHOLD of them), so nothing else needs to run.
"""

from __future__ import annotations

from flask import Flask
from flask_caching import Cache

cache = Cache()


def init_cache(app: Flask) -> None:
    """Configured from app.config's CACHE_* settings (config.load_config)."""
    cache.init_app(app)
