"""Helpers for the request form tests: post a step like a browser, and what a partner types.
A page's hidden fields are read with `tests.markup.hidden_fields`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from core.timeutil import today

TOKEN_IN_URL = re.compile(r"/request/([A-Za-z0-9_-]{43})/")


def post_step(client: Any, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """GET the step, then POST `data` with the page's hidden fields (as a browser would)."""
    return client.submit_form(url, data, form_id="step-form", **kwargs)


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
