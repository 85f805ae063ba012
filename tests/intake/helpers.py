"""Helpers for the request form tests: read a page's form and post it like a browser."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from lxml import html as lxml_html

from core.timeutil import today
from tests.conftest import html

TOKEN_IN_URL = re.compile(r"/request/([A-Za-z0-9_-]{43})/")


def hidden_fields(page: str, form_id: str = "step-form") -> dict[str, str]:
    """The hidden inputs of a form: csrf_token, version, submission_key."""
    tree = lxml_html.fromstring(page)
    forms = tree.xpath(f'//form[@id="{form_id}"]')
    assert forms, f"no form #{form_id} on the page"
    return {
        i.get("name"): i.get("value") or ""
        for i in forms[0].xpath('.//input[@type="hidden"]')
        if i.get("name")
    }


def form_action(page: str, form_id: str = "step-form") -> str:
    tree = lxml_html.fromstring(page)
    return tree.xpath(f'//form[@id="{form_id}"]')[0].get("action")


def post_step(client: Any, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """GET the step, then POST `data` with the page's hidden fields (as a browser would)."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    text = html(page)
    payload = {**hidden_fields(text), **data}
    return client.post(form_action(text), data=payload, **kwargs)


def token_from(location: str) -> str:
    match = TOKEN_IN_URL.search(location)
    assert match, location
    return match.group(1)


def next_weekday(days_ahead: int = 30) -> date:
    day = today() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def next_weekend_day(days_ahead: int = 30) -> date:
    day = today() + timedelta(days=days_ahead)
    while day.weekday() != 5:
        day += timedelta(days=1)
    return day


ORGANIZATION = {
    "department_code": "esdc",
    "branch": "Direction générale des services aux citoyens",
    "lead_name": "Amélie Tremblay-Côté",
    "lead_title": "Gestionnaire, Prestation des services numériques",
    "lead_email": "amelie.tremblay-cote@hrsdc-rhdcc.gc.ca",
    "lead_phone": "613-555-0123 ext. 42",
    "lead_language": "fr",
    "sponsor_name": "Jean-François Œuvrard",
    "sponsor_title": "Directeur général, Services numériques",
    "sponsor_email": "jf.oeuvrard@hrsdc-rhdcc.gc.ca",
}

CONTEXT = {
    "service_name": "Prestations d’assurance-emploi",
    "problem": "Les demandeurs attendent 12 semaines et appellent pour suivre leur dossier.",
    "users": "Des personnes qui ont perdu leur emploi et veulent recevoir une prestation.",
    "impact": "Plus d’appels au centre d’appel, des retards et de l’inquiétude.",
    "why_now": "Une nouvelle politique entre en vigueur l’an prochain.",
    "constraints": "",
}

PERSON = {
    "name": "Siobhán Ní Bhriain",
    "title": "Directrice, Politiques",
    "daily_role": "Elle dirige l’équipe des politiques du programme.",
    "involvement": "direct",
    "frequency": "Chaque semaine",
    "email": "siobhan.nibhriain@canada.ca",
    "language": "en",
}


def timing_data() -> dict[str, str]:
    return {
        "preferred_start": next_weekday(30).isoformat(),
        "latest_start": next_weekday(60).isoformat(),
        "timing_note": "Évitez la semaine de relâche.",
    }
