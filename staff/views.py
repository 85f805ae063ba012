"""The staff area: sign-in, dashboard, request pages and actions, accounts, audit log.

The routes live in modules named for what they do; importing them here registers them on
the one `staff` blueprint. `init_app` adds the `exploration staff ...` commands.
"""

from __future__ import annotations

from flask import Flask

from staff import (  # noqa: F401
    accounts,
    audit_views,
    auth_views,
    common,
    dashboard,
    link_views,
    outbox_views,
    requests,
    retention_views,
    scheduled_views,
)
from staff.blueprint import bp
from staff.cli import staff_cli

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    app.cli.add_command(staff_cli)
