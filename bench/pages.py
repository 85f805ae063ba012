"""What the HTTP benchmark loads: each page, first used once as a person would use it.

Each function below checks that its page answers as it does for a person (the status, the
form, the redirect after a save) and returns a `Page`: its path, the wrk scripts that load it,
the status it must keep answering under load, its bare-library ceiling and its p99 limit. A
page that does not answer as expected raises NotMeasured, so the benchmark never times an
error page.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench.wrk import cookie_header, get_script, survey_script
from tests.serving import ROOT, HttpClient, parse_forms, prepare_schema

if TYPE_CHECKING:
    from bench.http import Settings

STAFF_EMAIL = "bench.staff@cds-snc.ca"
PUBLIC_P99_MS = 50.0
SAVE_P99_MS = 100.0
PAGES = ("home", "intake", "survey", "dashboard")
SURVEY_RESPONDENTS = 1024  # per wrk run
SURVEY_WARM_RESPONDENTS = 128  # per warm-up run


class NotMeasured(Exception):
    """A page did not answer as it does for a person, so loading it would measure nothing."""


@dataclass
class Page:
    """A page to load: where, with what, what it answers, and what it is held to."""

    key: str
    label: str
    path: str
    expected_status: int
    scripts: Callable[[int], tuple[str, str]]  # connections -> (warm-up script, run script)
    # (bench.ceilings app, its size; "" for the insert ceiling, which gets the run's file)
    ceiling: tuple[str, str] | None = None
    p99_limit_ms: float | None = None  # at the smallest number of connections


def exploration_command(*args: str) -> list[str]:
    """The `exploration` command run by this interpreter, so the checkout being measured is
    the one imported (PYTHONPATH=ROOT), whatever the virtualenv was installed from."""
    return [sys.executable, "-c", "import sys; from app import cli; sys.exit(cli())", *args]


def run_demo(url: str, env: dict[str, str], explorations: int, respondents: int) -> None:
    done = subprocess.run(
        exploration_command(
            "demo", "--explorations", str(explorations), "--respondents", str(respondents)
        ),
        env={**os.environ, **env, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        raise NotMeasured(f"exploration demo failed:\n{done.stderr[-2000:]}")


def count_explorations(url: str) -> int:
    from sqlalchemy import func, select

    from intake.models import Exploration
    from tests.load.flows import database

    with database(url) as session:
        return session.scalar(select(func.count()).select_from(Exploration)) or 0


def build_database(url: str, settings: Settings, env: dict[str, str]) -> None:
    """Schema, demo data and a staff account; NotMeasured unless every exploration is there."""
    from tests.load.flows import create_staff

    prepare_schema(url)
    run_demo(url, env, settings.explorations, settings.respondents)
    create_staff(url, STAFF_EMAIL)
    count = count_explorations(url)
    if count != settings.explorations:
        raise NotMeasured(f"{count} explorations loaded, {settings.explorations} asked for")
    print(f"  {count} explorations", flush=True)


def sign_in(client: HttpClient) -> None:
    """Sign the bench's staff account in through the sign-in page."""
    from tests.load.flows import location_path, sign_in

    response = sign_in(client, STAFF_EMAIL)
    if response.status not in {302, 303} or location_path(response).endswith("/sign-in"):
        raise NotMeasured(f"staff sign-in answered {response.status} {response.location}")


def expect_status(client: HttpClient, path: str, status: int) -> str:
    page = client.get(path, follow=False)
    if page.status != status:
        raise NotMeasured(f"GET {path} answered {page.status}, expected {status}")
    return page.text


# --- The pages -----------------------------------------------------------------------------


def home_page(base: str, url: str, settings: Settings) -> Page:
    body = expect_status(HttpClient(base), "/en/", 200)
    size = len(body.encode())
    script = get_script()
    return Page(
        "home",
        f"home GET /en/ ({size // 1000} KB)",
        "/en/",
        200,
        lambda _c: (script, script),
        ("page", str(size)),
        PUBLIC_P99_MS,
    )


def intake_page(base: str, url: str, settings: Settings) -> Page:
    """A draft's context step, opened with the partner's cookie (its link is in the path)."""
    from tests.load.flows import intake_step

    step = intake_step(HttpClient(base))
    if step is None:
        raise NotMeasured("no draft could be started on /en/request/organization")
    path, client = step
    page = expect_status(client, path, 200)
    forms = [form for form in parse_forms(page) if form.method == "post"]
    if not forms:
        raise NotMeasured(f"no form on {path}")
    fields = count_fields(max(forms, key=lambda form: len(form.controls)).controls)
    script = get_script(cookie_header(client))
    return Page(
        "intake",
        f"intake step GET ({fields} fields)",
        path,
        200,
        lambda _c: (script, script),
        ("form", str(fields)),
        PUBLIC_P99_MS,
    )


def count_fields(controls: list[dict[str, str]]) -> int:
    """Fields a person fills in: text-like controls, selects, radio and checkbox groups."""
    skipped = {"hidden", "submit", "button", "image", "reset"}
    names = {
        control["name"]
        for control in controls
        if control.get("name")
        and control["tag"] != "button"
        and not (control["tag"] == "input" and control.get("type", "text").lower() in skipped)
    }
    return len(names)


def survey_page(base: str, url: str, settings: Settings) -> Page:
    """The first practice page of a survey, saved ("Save and continue") by fresh respondents:
    the page's own form, a level chosen in every row, its CSRF token and the respondent's
    version. One save is checked first: a 303 to the next practice page."""
    from tests.load.flows import practice_ids, seed_exploration, seed_respondents

    seeded = seed_exploration(url, reference="EXP-2026-9900")
    per_run = SURVEY_WARM_RESPONDENTS + SURVEY_RESPONDENTS
    pool = seed_respondents(url, seeded.exploration_id, 1 + per_run * len(settings.connections))
    (token, version), pool = pool[0], pool[1:]
    practice, following = practice_ids()[:2]
    path = f"/en/survey/r/{token}/practice/{practice}"
    client = HttpClient(base)
    page = client.get(path, follow=False)
    form = next((f for f in parse_forms(page.text) if f.get("version") is not None), None)
    if page.status != 200 or form is None:
        raise NotMeasured(f"GET {path} answered {page.status} without a versioned form")
    chosen: dict[str, str] = {}
    for control in form.controls:  # the first level offered in each row of the grid
        if control.get("type") == "radio" and control.get("name") not in chosen:
            chosen[control["name"]] = control.get("value", "")
    button = ("action", "continue")
    if button not in form.buttons:
        raise NotMeasured(f"no “Save and continue” button on {path}")
    fields = form.with_values(chosen, button=button, drop=["version"])
    saved = client.post(path, [*fields, ("version", str(version))])
    next_path = f"/en/survey/r/{token}/practice/{following}"
    if saved.status != 303 or not (saved.location or "").endswith(next_path):
        raise NotMeasured(f"POST {path} answered {saved.status} {saved.location}")
    cookie = cookie_header(client)
    runs = {c: pool[i * per_run : (i + 1) * per_run] for i, c in enumerate(settings.connections)}

    def scripts(connections: int) -> tuple[str, str]:
        warm = runs[connections][:SURVEY_WARM_RESPONDENTS]
        run = runs[connections][SURVEY_WARM_RESPONDENTS:]
        return (
            survey_script(fields, cookie, practice, warm, 1, 4),
            survey_script(fields, cookie, practice, run, settings.threads, connections),
        )

    return Page(
        "survey",
        "survey page save POST",
        path,
        303,
        scripts,
        ("insert", ""),
        SAVE_P99_MS,
    )


def dashboard_page(base: str, url: str, settings: Settings) -> Page:
    client = HttpClient(base)
    sign_in(client)
    expect_status(client, "/en/staff/", 200)
    script = get_script(cookie_header(client))
    return Page(
        "dashboard",
        f"staff dashboard GET ({settings.explorations} expl.)",
        "/en/staff/",
        200,
        lambda _c: (script, script),
    )


PREPARE = {
    "home": home_page,
    "intake": intake_page,
    "survey": survey_page,
    "dashboard": dashboard_page,
}
