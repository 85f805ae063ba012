"""`exploration demo --explorations N --respondents M [--seed S] [--if-empty]`.

The command hangs from a blueprint without routes (`cli_group=None` puts it at the top level of
the `exploration` group), so app.py registers it like every other feature.
"""

from __future__ import annotations

import click
from flask import Blueprint, current_app
from sqlalchemy.exc import SQLAlchemyError

from core.timeutil import utcnow
from demo.store import DEMO_ADMIN_EMAIL, DemoResult, run_demo
from intake.models import STATUSES

bp = Blueprint("demo", __name__, cli_group=None)


@bp.cli.command("demo")
@click.option(
    "--explorations",
    "n_explorations",
    default=40,
    show_default=True,
    type=click.IntRange(0, 100_000),
    help="How many requests to create.",
)
@click.option(
    "--respondents",
    "n_respondents",
    default=8,
    show_default=True,
    type=click.IntRange(0, 1_000),
    help="Survey respondents per submitted request (the first 2,000 requests of a batch).",
)
@click.option(
    "--seed", default=2026, show_default=True, type=int, help="The same seed gives the same data."
)
@click.option("--if-empty", is_flag=True, help="Do nothing when requests already exist.")
def demo_command(n_explorations: int, n_respondents: int, seed: int, if_empty: bool) -> None:
    """Create realistic demo requests, people, documents and survey answers.

    Run it again to add more: new requests get the next reference numbers and their own links.
    """
    started = utcnow()
    threshold = int(current_app.config["SURVEY_RESULTS_THRESHOLD"])
    try:
        result, password = run_demo(
            n_explorations, n_respondents, seed, if_empty=if_empty, threshold=threshold
        )
    except SQLAlchemyError as error:
        # One line, nothing added (one transaction): e.g. a database not migrated yet.
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise click.ClickException(f"no demo data added: {reason}") from None
    if result is None:
        click.echo("Requests already exist: no demo data added.")
        return
    seconds = (utcnow() - started).total_seconds()
    click.echo(
        f"Created {result.explorations} requests, {result.stakeholders} stakeholders, "
        f"{result.documents} document statuses, {result.respondents} respondents, "
        f"{result.ratings} ratings and {result.comments} comments in {seconds:.1f} s."
    )
    _echo_links(result)
    if password:
        click.echo(
            f"Demo admin account: {DEMO_ADMIN_EMAIL}  password: {password}  "
            "(shown once; change it or disable the account before real use)"
        )


def _echo_links(result: DemoResult) -> None:
    """Counts by status and one link of each kind. Paths, not full addresses: the command
    does not know where the service is served."""
    if result.by_status:
        click.echo(
            "By status: "
            + ", ".join(f"{s} {result.by_status[s]}" for s in STATUSES if s in result.by_status)
        )
    for status, token in result.sample_links:
        click.echo(f"Private link of a request in status {status}: /en/request/{token}/")
    if result.survey_token:
        click.echo(f"Survey link of an open survey: /en/survey/{result.survey_token}")
    if result.respondent_token:
        click.echo(f"Private link of a survey respondent: /en/survey/r/{result.respondent_token}/")
