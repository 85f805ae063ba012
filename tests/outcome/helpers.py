"""Shared set-up of the outcome's tests: an exploration in progress with a CDS team, and the
form data of a whole grid of ratings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask
from lxml import html as lxml_html

from surveys.framework import FRAMEWORK
from tests import factory
from tests.conftest import Client, sign_in


@dataclass
class Team:
    exploration: factory.Made
    lead: int
    member: int
    lead_client: Client
    member_client: Client

    @property
    def base(self) -> str:
        return f"/en/staff/requests/{self.exploration.id}/outcome"


def new_client(app: Flask) -> Client:
    app.test_client_class = Client
    return app.test_client()  # type: ignore[return-value]


def team(app: Flask, status: str = "in_progress", **options: Any) -> Team:
    made = factory.exploration(app, status, **options)
    lead_client, member_client = new_client(app), new_client(app)
    lead = sign_in(app, lead_client, "editor", name="Lou Lead")
    member = sign_in(app, member_client, "editor", name="Mo Member")
    factory.team_member(app, made.id, lead, "lead")
    factory.team_member(app, made.id, member, "member")
    return Team(made, lead, member, lead_client, member_client)


def grid(level: str | dict = "3", why: str = "", **overrides: str) -> dict[str, str]:
    """Form data for every cell at `level` (or per-cell from a dict)."""
    data = {}
    for practice_id, role_id in FRAMEWORK.cells:
        key = f"{practice_id}__{role_id}"
        value = level.get((practice_id, role_id), "3") if isinstance(level, dict) else level
        data[f"level__{key}"] = value
        data[f"rationale__{key}"] = why
    data.update(overrides)
    return data


def hidden(page: str, name: str) -> str:
    values = lxml_html.fromstring(page).xpath("//input[@name=$n]/@value", n=name)
    return values[0] if values else ""


def text_of(page: str) -> str:
    return " ".join(lxml_html.fromstring(page).text_content().split())


def form_hidden(page: str, action_end: str, name: str = "version") -> str:
    """A hidden value of the form whose action ends with `action_end`."""
    values = lxml_html.fromstring(page).xpath(
        "//form[substring(@action, string-length(@action) - string-length($a) + 1) = $a]"
        "//input[@name=$n]/@value",
        a=action_end,
        n=name,
    )
    return values[0] if values else ""
