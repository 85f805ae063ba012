"""`exploration retention run [--dry-run]`: apply the schedule now. Prints kinds and counts,
never a value."""

from __future__ import annotations

import click
from flask.cli import AppGroup

retention_cli = AppGroup("retention", help="The retention schedule: purge what is due.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; change nothing.")
def run(dry_run: bool) -> None:
    """Delete abandoned drafts and remove personal information that is due."""
    from retention.run import run_retention

    report = run_retention(dry_run=dry_run, trigger="command")
    click.echo(
        ("Dry run: nothing changed." if dry_run else "Retention run done.")
        + f" (run {report.run_id})"
    )
    for line in report.lines():
        click.echo(line)
