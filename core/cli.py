"""Command-line helpers shared by every feature: the database commands."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import current_app
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parent.parent

db_cli = AppGroup("db", help="Database migrations (Alembic).")


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(url: str, revision: str = "head") -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Bring the database schema up to REVISION (default: the latest)."""
    upgrade_database(current_app.config["DATABASE_URL"], revision)
    click.echo("Database is up to date.")


@db_cli.command("current")
def current() -> None:
    """Show the schema revision the database is at."""
    command.current(alembic_config(current_app.config["DATABASE_URL"]))
