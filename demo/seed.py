"""Demo rows, built deterministically from a seed without a database: requests across every
status, with people, topics, documents, workflow history and survey answers.

The same seed and the same number of requests already stored give the same rows, so a
database can be seeded again: a second batch (`start` > 0) draws from its own sequence instead
of repeating the first. Private links are not made here: they are random, as real ones are,
and made when the rows are stored (demo.store).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from core.timeutil import utcnow
from core.workdays import natural_end, next_working_day
from demo.words import (
    BRANCHES,
    COMMENTS,
    DAILY_ROLES,
    FIRST_NAMES,
    FREQUENCIES,
    IMPACTS,
    LAST_NAMES,
    LEVELS,
    PROBLEMS,
    SERVICES,
    TITLES,
    USERS,
    WHY_NOW,
)
from intake.models import STATUSES
from intake.reference import DOCUMENTS, TOPICS
from intake.service import DEPARTMENTS
from surveys.framework import FRAMEWORK

# Why CDS declined or withdrew a request (staff must say; the partner reads it), in the
# partner's language.
CLOSING_REASONS = {
    "declined": {
        "en": (
            "Our teams are booked until the spring. Write to us again in March.",
            "The service is being replaced next year: an exploration would come too late.",
        ),
        "fr": (
            "Nos équipes sont prises jusqu’au printemps. Écrivez-nous de nouveau en mars.",
            "Le service sera remplacé l’an prochain : une exploration viendrait trop tard.",
        ),
    },
    "withdrawn": {
        "en": (
            "The project lead left the department and no one has taken over yet.",
            "The department asked to stop while its priorities are reviewed.",
        ),
        "fr": (
            "La personne responsable du projet a quitté le ministère, sans relève pour l’instant.",
            "Le ministère a demandé d’arrêter le temps de revoir ses priorités.",
        ),
    },
}

# The workflow path that leads to each status (StatusChange history).
PATHS = {
    "draft": [],
    "submitted": ["submitted"],
    "accepted": ["submitted", "accepted"],
    "declined": ["submitted", "declined"],
    "withdrawn": ["submitted", "withdrawn"],
    "scheduled": ["submitted", "accepted", "scheduled"],
    "in_progress": ["submitted", "accepted", "scheduled", "in_progress"],
    "completed": ["submitted", "accepted", "scheduled", "in_progress", "completed"],
}

# Where the self-assessment stands at each status: open while the request is under way, closed
# once it is over. Every request past draft has a survey link and answers; a submitted request's
# survey has just opened, with fewer answers submitted than the partner needs to see results.
SURVEY_OPEN = frozenset({"submitted", "accepted", "scheduled", "in_progress"})
SURVEY_JUST_OPENED = "submitted"
DATED = frozenset({"scheduled", "in_progress", "completed"})


@dataclass
class DemoRows:
    """Everything to insert, as plain dicts; children point at their parent by list index."""

    explorations: list[dict[str, Any]] = field(default_factory=list)
    stakeholders: list[tuple[int, dict[str, Any], list[str]]] = field(default_factory=list)
    topic_states: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    documents: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    status_changes: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    respondents: list[tuple[int, dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]] = (
        field(default_factory=list)
    )
    tokens: dict[int, str] = field(default_factory=dict)  # exploration index -> private link
    survey_tokens: dict[int, str] = field(default_factory=dict)  # exploration index -> survey link
    respondent_tokens: list[str] = field(default_factory=list)  # same order as respondents
    ids: list[int] = field(default_factory=list)  # explorations' database ids, set on insert


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@cache
def _four_weeks_from(start: date) -> date:
    """The Friday (or last working day) of the fourth working week from `start`: the end the
    team agrees on, holidays counted (core.workdays). The demo's starts repeat, so once each."""
    return natural_end(start, 4)


def _agreed_end(start: date, rng: random.Random) -> date:
    """Most teams agree on four working weeks; one in ten agrees to end on the next working
    day (the plan pages then say that the end is not the fourth week's)."""
    end = _four_weeks_from(start)
    return next_working_day(end + timedelta(days=1)) if rng.random() < 0.1 else end


def _email(first: str, last: str, domain: str, rng: random.Random) -> str:
    """A plausible work email; names in syllabics get a transliterated mailbox."""
    ligatures = f"{first}.{last}".lower().replace("œ", "oe").replace("æ", "ae")
    folded = unicodedata.normalize("NFKD", ligatures)  # "jérôme" -> "jerome"
    ascii_name = folded.encode("ascii", "ignore").decode().replace("'", "").strip(".")
    if len(ascii_name) < 3:
        ascii_name = f"contact{rng.randint(10, 999)}"
    return f"{ascii_name.replace(' ', '')}@{domain}"


SURVEYED = 2_000  # requests of a batch that get survey respondents


def generate_rows(
    n_explorations: int,
    n_respondents: int,
    seed: int,
    now: datetime | None = None,
    *,
    start: int = 0,
    threshold: int = 3,
    surveyed: int = SURVEYED,
) -> DemoRows:
    """Build the demo rows deterministically from `seed` (no database needed).

    `start` is how many requests the database already holds: a later batch gets rows of its own
    (the first batch, `start=0`, is the same as ever for a seed). `threshold` is the number of
    submitted answers from which the partner sees results (SURVEY_RESULTS_THRESHOLD).
    `surveyed` requests get `n_respondents` each (a benchmark asks for all of them).
    """
    rng = random.Random(seed if start == 0 else f"{seed}+{start}")
    now = now or utcnow().replace(microsecond=0)
    rows = DemoRows()
    statuses = [STATUSES[i % len(STATUSES)] for i in range(n_explorations)]
    rng.shuffle(statuses)
    for index, status in enumerate(statuses):
        # Survey answers (18 ratings each) for the first SURVEYED requests only: a portfolio of
        # 100,000 then loads in about a minute, and every stage still has answers to show.
        respondents = n_respondents if index < surveyed else 0
        _add_exploration(rows, index, status, respondents, threshold, now, rng)
    return rows


def _add_exploration(
    rows: DemoRows,
    index: int,
    status: str,
    n_respondents: int,
    threshold: int,
    now: datetime,
    rng: random.Random,
) -> None:
    """One request and everything that hangs from it."""
    lang = rng.choice(("en", "fr"))
    pick = 0 if lang == "en" else 1
    department = rng.choice(DEPARTMENTS)
    other = rng.random() < 0.05
    domain = f"{department.code}-demo.gc.ca"
    # Drafts were touched in the last two months: the retention schedule deletes a draft 90 days
    # after its last change, and the demo's draft links must open (demo.retention seeds the
    # drafts the schedule does delete).
    age = rng.randint(1, 60) if status == "draft" else rng.randint(20, 540)
    created = now - timedelta(days=age, minutes=rng.randint(0, 1440))
    submitted = created + timedelta(days=rng.randint(0, 10), hours=rng.randint(1, 8))
    if status == "draft":
        submitted = None
    lead_first, lead_last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    sponsor_first, sponsor_last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    begin = _weekday_on_or_after(
        (submitted or created).date() + timedelta(days=rng.randint(21, 120))
    )
    exploration = {
        "status": status,
        "version": 1,
        "created_at": created,
        "updated_at": submitted or created,
        "submitted_at": submitted,
        "form_language": lang,
        "last_step": "check" if submitted else rng.choice(("organization", "context")),
        "department_code": "other" if other else department.code,
        "department_other": "Office de démonstration du Nord" if other else None,
        "branch": rng.choice(BRANCHES)[pick],
        "lead_name": f"{lead_first} {lead_last}",
        "lead_title": rng.choice(TITLES)[pick],
        "lead_email": _email(lead_first, lead_last, domain, rng),
        "lead_phone": f"613-555-{rng.randint(0, 9999):04d}" if rng.random() < 0.7 else None,
        "lead_language": lang,
        "sponsor_name": f"{sponsor_first} {sponsor_last}",
        "sponsor_title": TITLES[3][pick],
        "sponsor_email": _email(sponsor_first, sponsor_last, domain, rng),
        "service_name": rng.choice(SERVICES)[pick],
        "problem": rng.choice(PROBLEMS)[pick].format(
            weeks=rng.randint(6, 20), systems=rng.randint(2, 5)
        ),
        "users": rng.choice(USERS)[pick],
        "impact": rng.choice(IMPACTS)[pick],
        "why_now": rng.choice(WHY_NOW)[pick],
        "constraints": None,
        "preferred_start": begin,
        "latest_start": begin + timedelta(days=28) if rng.random() < 0.5 else None,
        "timing_note": None,
        "agreed_start": begin if status in DATED else None,
        "agreed_end": _agreed_end(begin, rng) if status in DATED else None,
        "reference": None,
        "survey_open": status in SURVEY_OPEN,
    }
    rows.explorations.append(exploration)

    # Workflow history, a few days apart.
    moment = submitted
    previous = "draft"
    for step in PATHS[status]:
        rows.status_changes.append(
            (
                index,
                {
                    "from_status": previous,
                    "to_status": step,
                    "at": moment,
                    "reason": CLOSING_REASONS[step][lang][index % 2]
                    if step in CLOSING_REASONS
                    else None,
                },
            )
        )
        previous = step
        moment = moment + timedelta(days=rng.randint(2, 12)) if moment else None

    _add_people(rows, index, pick, domain, rng)
    _add_documents(rows, index, rng)
    if status != "draft":
        # A survey that has just opened has its first answers: one short of the threshold.
        submitted_count = threshold - 1 if status == SURVEY_JUST_OPENED else None
        _add_respondents(
            rows, index, submitted or created, n_respondents, submitted_count, threshold, rng
        )


def _add_people(rows: DemoRows, index: int, pick: int, domain: str, rng: random.Random) -> None:
    """Each person covers one to three topics; a few topics stay "to be confirmed"."""
    topic_ids = [t.id for t in TOPICS]
    uncovered = set(topic_ids)
    for _person in range(rng.randint(3, 10)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        topics = rng.sample(topic_ids, k=rng.choice((1, 1, 1, 2, 2, 3)))
        uncovered -= set(topics)
        person = {
            "name": f"{first} {last}",
            "title": rng.choice(TITLES)[pick],
            "daily_role": rng.choice(DAILY_ROLES)[pick],
            "involvement": rng.choice(("direct", "supporting")),
            "frequency": rng.choice(FREQUENCIES)[pick],
            "email": _email(first, last, domain, rng) if rng.random() < 0.8 else None,
            "language": rng.choice(("en", "fr")),
        }
        rows.stakeholders.append((index, person, topics))
    for topic_id in sorted(uncovered):
        if rng.random() < 0.6:
            rows.topic_states.append((index, {"topic_id": topic_id, "to_be_confirmed": True}))


def _add_documents(rows: DemoRows, index: int, rng: random.Random) -> None:
    statuses = ("will_share", "shared", "shared", "not_available", "not_applicable")
    for document in DOCUMENTS:
        if rng.random() < 0.8:
            status = {
                "document_id": document.id,
                "status": rng.choice(statuses),
                "note": "Envoyé le 3 mars" if rng.random() < 0.1 else None,
            }
            rows.documents.append((index, status))


def _add_respondents(
    rows: DemoRows,
    index: int,
    since: datetime,
    count: int,
    submitted_count: int | None,
    threshold: int,
    rng: random.Random,
) -> None:
    """`count` colleagues with the full 6 x 3 grid: the first `submitted_count` submitted it,
    or (None) nine in ten of them. Submitted answers are released into the partner's results
    as the service does it: in whole steps of `threshold` (surveys.service.release_results)."""
    first = len(rows.respondents)
    topic_ids = [t.id for t in TOPICS]
    practices = [p.id for p in FRAMEWORK.practices]
    roles = [r.id for r in FRAMEWORK.roles]
    for number in range(count):
        answered_at = since + timedelta(days=rng.randint(1, 30))
        overall = rng.choice((1, 2, 2, 3, 3, 4, None))
        submitted = rng.random() < 0.9
        if submitted_count is not None:
            submitted = number < submitted_count
        respondent = {
            "version": 1,
            "functional_area": rng.choice(topic_ids),
            "level": rng.choice(LEVELS),
            "overall_level": overall,
            "overall_dont_know": overall is None,
            "overall_comment": rng.choice(COMMENTS) if rng.random() < 0.2 else None,
            "created_at": answered_at,
            "updated_at": answered_at,
            "submitted_at": answered_at if submitted else None,
            "released_at": None,  # set below, in whole release steps
        }
        base = rng.choice((1, 2, 2, 3))
        ratings = [
            {
                "practice_id": practice,
                "role_id": role,
                "level": None
                if rng.random() < 0.08
                else min(4, max(1, base + rng.choice((-1, 0, 0, 1)))),
            }
            for practice in practices
            for role in roles
        ]
        comments = [
            {"practice_id": practice, "comment": rng.choice(COMMENTS)}
            for practice in practices
            if rng.random() < 0.1
        ]
        rows.respondents.append((index, respondent, ratings, comments))
    submitted_rows = sorted(
        (r for _i, r, _ratings, _comments in rows.respondents[first:] if r["submitted_at"]),
        key=lambda r: r["submitted_at"],
    )
    step = max(1, threshold)
    for start in range(0, len(submitted_rows) - step + 1, step):
        batch = submitted_rows[start : start + step]
        for row in batch:
            row["released_at"] = batch[-1]["submitted_at"]
