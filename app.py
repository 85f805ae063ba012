"""The application factory and the `exploration` command line."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from flask import Flask
from flask.cli import FlaskGroup

from config import BASE_DIR, load_config
from core.auth import init_auth
from core.cache import init_cache
from core.cli import db_cli
from core.db import init_db
from core.errors import init_errors
from core.i18n import init_i18n
from core.job_runners import init_app as init_jobs
from core.logs import init_logs
from core.numbers import DatabaseInteger
from core.outbox import init_outbox
from core.request import ExplorationRequest, PrintableText
from core.security import init_security

# Feature blueprints, registered in dependency order; each module exposes `bp` and may
# expose `init_app(app)` for its own CLI commands or hooks.
MODEL_MODULES = (
    "core.auth",
    "core.audit",
    "core.outbox",
    "core.jobs",
    "core.kept_typing",
    "intake.models",
    "intake.search",
    "intake.indexes",
    "intake.status_counts",
    "surveys.models",
    "surveys.invitations",
    "planning.models",
    "outcome.models",
    "staff.models",
    "retention.models",
)
FEATURES = (
    "core.kept_typing",
    "intake.pages",
    "intake.views",
    "surveys.views",
    "planning.views",
    "outcome.views",
    "staff.views",
    "exports.views",
    "exports.report_views",
    "retention.views",
    "demo.cli",
)


def load_models() -> None:
    """Import every model module so the metadata (and Alembic) sees every table."""
    for name in MODEL_MODULES:
        import_module(name)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    load_models()
    app = Flask(
        __name__,
        static_folder=str(BASE_DIR / "static"),
        template_folder=str(BASE_DIR / "templates"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.config.update(load_config(config))
    app.request_class = ExplorationRequest
    # Before any route is added: URL parts no link of the service has match no route.
    app.url_map.converters["int"] = DatabaseInteger
    app.url_map.converters["default"] = app.url_map.converters["string"] = PrintableText
    init_logs(app)  # no private link in any log line (core.logs)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    init_db(app)
    init_i18n(app)
    init_security(app)
    init_cache(app)
    init_auth(app)
    init_errors(app)
    init_outbox(app)
    init_jobs(app)
    for name in FEATURES:
        module = import_module(name)
        app.register_blueprint(module.bp)
        if hasattr(module, "init_app"):
            module.init_app(app)
    app.cli.add_command(db_cli)
    return app


cli = FlaskGroup(create_app=create_app, help="Exploration: run, migrate and manage the service.")
