"""Demo data: realistic, seeded requests across every status, with people, documents and
survey answers, inserted in bulk so a thousand requests take seconds.

`exploration demo --explorations N --respondents M [--seed S] [--if-empty]`

The same seed gives the same requests, people, dates and answers (private-link hashes are
random, as real ones are). Rows go in with Core `insert()` executemany in one transaction; the
ids of parents come back through RETURNING, so children can point at them on SQLite and
PostgreSQL alike. The benchmarks call `generate_rows()` and `insert_demo()` directly.

Survey answers use the surveys tables (Respondent, Rating, PracticeComment); the workflow
history uses the staff `status_changes` table through the shared metadata, so intake imports
nothing from staff.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import Connection, func, insert, select, text

from core.auth import StaffUser, hash_password
from core.db import Base, get_database
from core.timeutil import utcnow
from intake.models import (
    STATUSES,
    DocumentStatus,
    Exploration,
    ReferenceCounter,
    Stakeholder,
    StakeholderTopic,
    TopicState,
)
from intake.reference import DOCUMENTS, TOPICS
from intake.service import DEPARTMENTS
from surveys.framework import FRAMEWORK
from surveys.models import PracticeComment, Rating, Respondent

DEMO_ADMIN_EMAIL = "demo-admin@cds-snc.ca"

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

FIRST_NAMES = [
    "Amélie", "Hélène", "François", "Gaëlle", "Noémie", "Jérôme", "Zoë", "Renée", "Ève",
    "Benoît", "Mélanie", "Joël", "Anaïs", "Éric", "Maëlle", "Siobhán", "Seán", "Chloé",
    "Emily", "Olivia", "Liam", "Priya", "Aaliyah", "Mohammed", "Grace", "Daniel", "Sarah",
    "Noah", "Wei", "Fatima", "Raphaël", "Björn", "Dolorès", "ᓯᓚ", "ᐊᐳᑎ", "ᓄᓇ", "ᓯᑯ",
]  # fmt: skip
LAST_NAMES = [
    "Tremblay-Côté", "Bélanger", "Lévesque", "Gagné", "Pelletier", "Bouchard", "Thériault",
    "Ouellet", "Œuvrard", "Lœuillet", "Cœurdacier", "Chen", "MacDonald", "O’Brien",
    "Natarajan", "Haddad", "Al-Sayed", "Nakamura", "Kowalski", "Wilson", "Thompson",
    "Nguyễn", "Ní Bhriain", "Müller", "ᑯᓱᒐᒃ", "ᐅᑲᓕᒃ", "Kusugak", "Okalik",
]  # fmt: skip
TITLES = [
    ("Director, Digital Services", "Directrice, Services numériques"),
    ("Senior Policy Analyst", "Analyste principal des politiques"),
    ("Manager, Program Operations", "Gestionnaire, Opérations du programme"),
    ("Director General, Client Experience", "Directrice générale, Expérience client"),
    ("Privacy Advisor", "Conseillère en protection de la vie privée"),
    ("Legal Counsel", "Conseiller juridique"),
    ("Solutions Architect", "Architecte de solutions"),
    ("Communications Advisor", "Conseillère en communications"),
    ("Chief Information Officer", "Dirigeant principal de l’information"),
    ("Service Owner", "Responsable du service"),
    ("Business Analyst", "Analyste d’affaires"),
]
SERVICES = [
    ("Employment Insurance benefits", "Prestations d’assurance-emploi"),
    ("Passport renewal", "Renouvellement de passeport"),
    ("Student grants and loans", "Bourses et prêts d’études"),
    ("Veterans disability benefits", "Prestations d’invalidité pour les vétérans"),
    ("Trademark applications", "Demandes d’enregistrement de marques de commerce"),
    ("Commercial fishing licences", "Permis de pêche commerciale"),
    ("Campground reservations", "Réservations de terrains de camping"),
    ("Import permits", "Permis d’importation"),
    ("Grants and contributions reporting", "Rapports sur les subventions et contributions"),
    ("Apprenticeship grants", "Subventions aux apprentis"),
    ("Old Age Security enrolment", "Inscription à la Sécurité de la vieillesse"),
    ("Small business loans", "Prêts aux petites entreprises"),
]
BRANCHES = [
    ("Client Services Branch", "Direction générale des services aux clients"),
    ("Program Operations Branch", "Direction générale des opérations des programmes"),
    ("Digital Transformation Office", "Bureau de la transformation numérique"),
    ("Benefits Delivery Services", "Services de versement des prestations"),
    ("Strategic Policy Branch", "Direction générale de la politique stratégique"),
]
PROBLEMS = [
    (
        "Applicants wait {weeks} weeks for a decision and call us to ask where their file is.",
        "Les demandeurs attendent {weeks} semaines pour une décision et nous appellent pour "
        "savoir où en est leur dossier.",
    ),
    (
        "Half of the applications we receive are incomplete and come back to the applicant.",
        "La moitié des demandes reçues sont incomplètes et retournées aux demandeurs.",
    ),
    (
        "Staff re-enter the same information in {systems} systems for each file.",
        "Le personnel saisit les mêmes renseignements dans {systems} systèmes pour chaque dossier.",
    ),
]
USERS = [
    (
        "People who lost their job and need income support quickly.",
        "Des personnes qui ont perdu leur emploi et ont besoin d’un soutien rapide.",
    ),
    (
        "Small business owners applying between other obligations, often on a phone.",
        "Des propriétaires de petites entreprises qui font leur demande entre deux tâches, "
        "souvent sur un téléphone.",
    ),
    (
        "Seniors and their caregivers, some with limited internet access.",
        "Des aînés et leurs proches aidants, dont certains ont un accès limité à Internet.",
    ),
]
IMPACTS = [
    ("More calls, longer waits and frustrated clients.", "Plus d’appels, plus d’attente et "
     "des clients frustrés."),
    ("Backlogs grow every season and overtime costs rise.", "Les arriérés augmentent chaque "
     "saison et les heures supplémentaires coûtent plus cher."),
]  # fmt: skip
WHY_NOW = [
    ("A new policy comes into force next year.", "Une nouvelle politique entre en vigueur "
     "l’an prochain."),
    ("Our legacy system reaches end of support.", "Notre ancien système arrive en fin de "
     "soutien."),
    ("Leadership made this service a priority.", "La direction a fait de ce service une "
     "priorité."),
]  # fmt: skip
DAILY_ROLES = [
    ("Leads the team that runs the service.", "Dirige l’équipe qui offre le service."),
    ("Advises on policy and legislation.", "Conseille sur les politiques et la législation."),
    ("Maintains the case management system.", "Entretient le système de gestion des dossiers."),
]
FREQUENCIES = [
    ("Every day", "Tous les jours"),
    ("A few hours a week", "Quelques heures par semaine"),
    ("When asked", "Au besoin"),
]
COMMENTS = [
    "Nous avons commencé à travailler avec des équipes multidisciplinaires l’an dernier.",
    "Decisions still go through many approval layers.",
    "La recherche sur les utilisateurs dépend d’un seul contrat externe.",
    "We publish very little about our work in the open.",
    "Les outils modernes sont difficiles à obtenir à cause des processus d’approvisionnement.",
]
LEVELS = ("executive", "management", "working")


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


@dataclass
class DemoResult:
    explorations: int = 0
    stakeholders: int = 0
    documents: int = 0
    respondents: int = 0
    ratings: int = 0
    comments: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    sample_links: list[tuple[str, str]] = field(default_factory=list)  # (status, token)


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _email(first: str, last: str, domain: str, rng: random.Random) -> str:
    """A plausible work email; names in syllabics get a transliterated mailbox."""
    ascii_name = (
        f"{first}.{last}".encode("ascii", "ignore").decode().lower().replace("’", "").strip(".")
    )
    if len(ascii_name) < 3:
        ascii_name = f"contact{rng.randint(10, 999)}"
    return f"{ascii_name.replace(' ', '')}@{domain}"


def generate_rows(
    n_explorations: int, n_respondents: int, seed: int, now: datetime | None = None
) -> DemoRows:
    """Build the demo rows deterministically from `seed` (no database needed)."""
    rng = random.Random(seed)
    now = now or utcnow().replace(microsecond=0)
    rows = DemoRows()
    statuses = [STATUSES[i % len(STATUSES)] for i in range(n_explorations)]
    rng.shuffle(statuses)
    practices = [p.id for p in FRAMEWORK.practices]
    roles = [r.id for r in FRAMEWORK.roles]
    for index, status in enumerate(statuses):
        lang = rng.choice(("en", "fr"))
        pick = 0 if lang == "en" else 1
        department = rng.choice(DEPARTMENTS)
        other = rng.random() < 0.05
        domain = f"{department.code}-demo.gc.ca"
        created = now - timedelta(days=rng.randint(20, 540), minutes=rng.randint(0, 1440))
        submitted = created + timedelta(days=rng.randint(0, 10), hours=rng.randint(1, 8))
        if status == "draft":
            submitted = None
        lead_first, lead_last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        sponsor_first, sponsor_last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        start = _weekday_on_or_after(
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
            "preferred_start": start,
            "latest_start": start + timedelta(days=28) if rng.random() < 0.5 else None,
            "timing_note": None,
            "agreed_start": None,
            "agreed_end": None,
            "reference": None,
            "survey_open": False,
        }
        if status in ("scheduled", "in_progress", "completed"):
            exploration["agreed_start"] = start
            exploration["agreed_end"] = start + timedelta(days=25)
        rows.explorations.append(exploration)

        # Workflow history, a few days apart.
        moment = submitted
        previous = "draft"
        for step in PATHS[status]:
            rows.status_changes.append(
                (index, {"from_status": previous, "to_status": step, "at": moment})
            )
            previous = step
            moment = moment + timedelta(days=rng.randint(2, 12)) if moment else None

        # People: each covers one to three topics; a few topics stay "to be confirmed".
        topic_ids = [t.id for t in TOPICS]
        uncovered = set(topic_ids)
        for _person in range(rng.randint(3, 10)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            topics = rng.sample(topic_ids, k=rng.choice((1, 1, 1, 2, 2, 3)))
            uncovered -= set(topics)
            rows.stakeholders.append(
                (
                    index,
                    {
                        "name": f"{first} {last}",
                        "title": rng.choice(TITLES)[pick],
                        "daily_role": rng.choice(DAILY_ROLES)[pick],
                        "involvement": rng.choice(("direct", "supporting")),
                        "frequency": rng.choice(FREQUENCIES)[pick],
                        "email": _email(first, last, domain, rng) if rng.random() < 0.8 else None,
                        "language": rng.choice(("en", "fr")),
                    },
                    topics,
                )
            )
        for topic_id in sorted(uncovered):
            if rng.random() < 0.6:
                rows.topic_states.append((index, {"topic_id": topic_id, "to_be_confirmed": True}))

        for document in DOCUMENTS:
            if rng.random() < 0.8:
                rows.documents.append(
                    (
                        index,
                        {
                            "document_id": document.id,
                            "status": rng.choice(
                                (
                                    "will_share",
                                    "shared",
                                    "shared",
                                    "not_available",
                                    "not_applicable",
                                )
                            ),
                            "note": "Envoyé le 3 mars" if rng.random() < 0.1 else None,
                        },
                    )
                )

        if status != "draft":
            for number in range(n_respondents):
                answered_at = (submitted or created) + timedelta(days=rng.randint(1, 30))
                overall = rng.choice((1, 2, 2, 3, 3, 4, None))
                respondent = {
                    "token_hash": hashlib.sha256(
                        f"demo-respondent|{seed}|{index}|{number}".encode()
                    ).hexdigest(),
                    "version": 1,
                    "functional_area": rng.choice(topic_ids),
                    "level": rng.choice(LEVELS),
                    "overall_level": overall,
                    "overall_dont_know": overall is None,
                    "overall_comment": rng.choice(COMMENTS) if rng.random() < 0.2 else None,
                    "created_at": answered_at,
                    "updated_at": answered_at,
                    "submitted_at": answered_at if rng.random() < 0.9 else None,
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
    return rows


def _assign_references(connection: Connection, rows: DemoRows) -> None:
    """Number the submitted requests by submission time, after any number already given."""
    query = select(ReferenceCounter.year, ReferenceCounter.last)
    counters = {year: last for year, last in connection.execute(query)}
    order = sorted(
        (e["submitted_at"], i) for i, e in enumerate(rows.explorations) if e["submitted_at"]
    )
    for submitted_at, index in order:
        year = submitted_at.year
        counters[year] = counters.get(year, 0) + 1
        rows.explorations[index]["reference"] = f"EXP-{year}-{counters[year]:04d}"
    for year, last in counters.items():
        exists = connection.execute(
            select(ReferenceCounter.year).where(ReferenceCounter.year == year)
        ).first()
        if exists:
            connection.execute(
                ReferenceCounter.__table__.update()
                .where(ReferenceCounter.year == year)
                .values(last=last)
            )
        else:
            connection.execute(insert(ReferenceCounter), [{"year": year, "last": last}])


def reserve_ids(connection: Connection, table: Any, count: int) -> list[int]:
    """Ids for `count` new rows, taken before inserting so children can point at parents.

    PostgreSQL hands them out from the table's sequence (safe beside other writers); SQLite
    continues after the largest id, which the open write transaction keeps stable.
    """
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return [row[0] for row in connection.execute(query, {"table": table.name, "n": count})]
    last = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(last + 1, last + 1 + count))


def bulk_insert(connection: Connection, table: Any, values: list[dict[str, Any]]) -> None:
    """Insert many rows at once: COPY on PostgreSQL, Core insert() executemany elsewhere."""
    if not values:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), values)
        return
    columns = list(values[0])
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in values:
            copy.write_row([row[c] for c in columns])


def insert_demo(connection: Connection, rows: DemoRows, sample_statuses: int = 3) -> DemoResult:
    """Insert the rows in bulk on an open connection (the caller owns the transaction)."""
    result = DemoResult()
    _assign_references(connection, rows)
    for index, exploration in enumerate(rows.explorations):
        token = secrets.token_urlsafe(32)
        exploration["partner_token_hash"] = hashlib.sha256(token.encode()).hexdigest()
        rows.tokens[index] = token
    exploration_ids = reserve_ids(connection, Exploration.__table__, len(rows.explorations))
    bulk_insert(
        connection,
        Exploration.__table__,
        [{**e, "id": id_} for id_, e in zip(exploration_ids, rows.explorations, strict=True)],
    )

    person_ids = reserve_ids(connection, Stakeholder.__table__, len(rows.stakeholders))
    bulk_insert(
        connection,
        Stakeholder.__table__,
        [
            {**person, "id": id_, "exploration_id": exploration_ids[i]}
            for id_, (i, person, _t) in zip(person_ids, rows.stakeholders, strict=True)
        ],
    )
    bulk_insert(
        connection,
        StakeholderTopic.__table__,
        [
            {"stakeholder_id": person_id, "topic_id": topic_id}
            for person_id, (_i, _p, topics) in zip(person_ids, rows.stakeholders, strict=True)
            for topic_id in topics
        ],
    )
    bulk_insert(
        connection,
        TopicState.__table__,
        [{**state, "exploration_id": exploration_ids[i]} for i, state in rows.topic_states],
    )
    bulk_insert(
        connection,
        DocumentStatus.__table__,
        [{**doc, "exploration_id": exploration_ids[i]} for i, doc in rows.documents],
    )
    history = Base.metadata.tables.get("status_changes")
    if history is not None:
        bulk_insert(
            connection,
            history,
            [{**c, "exploration_id": exploration_ids[i]} for i, c in rows.status_changes],
        )

    respondent_ids = reserve_ids(connection, Respondent.__table__, len(rows.respondents))
    bulk_insert(
        connection,
        Respondent.__table__,
        [
            {**r, "id": id_, "exploration_id": exploration_ids[i]}
            for id_, (i, r, _ra, _c) in zip(respondent_ids, rows.respondents, strict=True)
        ],
    )
    ratings: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    for respondent_id, (_i, _r, cells, notes) in zip(respondent_ids, rows.respondents, strict=True):
        ratings.extend({**cell, "respondent_id": respondent_id} for cell in cells)
        comments.extend({**note, "respondent_id": respondent_id} for note in notes)
    bulk_insert(connection, Rating.__table__, ratings)
    bulk_insert(connection, PracticeComment.__table__, comments)

    by_status: dict[str, int] = defaultdict(int)
    shown: set[str] = set()
    for index, exploration in enumerate(rows.explorations):
        by_status[exploration["status"]] += 1
        status = exploration["status"]
        wanted = status in ("draft", "submitted", "scheduled") and status not in shown
        if wanted and len(shown) < sample_statuses:
            shown.add(status)
            result.sample_links.append((status, rows.tokens[index]))
    result.explorations = len(rows.explorations)
    result.stakeholders = len(rows.stakeholders)
    result.documents = len(rows.documents)
    result.respondents = len(rows.respondents)
    result.ratings = len(ratings)
    result.comments = len(comments)
    result.by_status = dict(by_status)
    return result


def ensure_demo_admin(connection: Connection) -> str | None:
    """Create the demo admin account when there is no staff account; return its password."""
    if connection.execute(select(func.count()).select_from(StaffUser)).scalar_one():
        return None
    password = secrets.token_urlsafe(12)
    connection.execute(
        insert(StaffUser),
        [
            {
                "email": DEMO_ADMIN_EMAIL,
                "name": "Demo administrator",
                "password_hash": hash_password(password),
                "role": "admin",
                "active": True,
                "language": "en",
            }
        ],
    )
    return password


def run_demo(
    n_explorations: int, n_respondents: int, seed: int, *, if_empty: bool = False
) -> tuple[DemoResult | None, str | None]:
    """Generate and insert in one transaction; (None, None) when --if-empty finds data."""
    engine = get_database().engine
    with engine.begin() as connection:
        if (
            if_empty
            and connection.execute(select(func.count()).select_from(Exploration)).scalar_one()
        ):
            return None, None
        rows = generate_rows(n_explorations, n_respondents, seed)
        result = insert_demo(connection, rows)
        password = ensure_demo_admin(connection)
    return result, password


@click.command("demo")
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
    help="Survey respondents per submitted request.",
)
@click.option(
    "--seed", default=2026, show_default=True, type=int, help="The same seed gives the same data."
)
@click.option("--if-empty", is_flag=True, help="Do nothing when requests already exist.")
@with_appcontext
def demo_command(n_explorations: int, n_respondents: int, seed: int, if_empty: bool) -> None:
    """Create realistic demo requests, people, documents and survey answers."""
    started = utcnow()
    result, password = run_demo(n_explorations, n_respondents, seed, if_empty=if_empty)
    if result is None:
        click.echo("Requests already exist: no demo data added.")
        return
    seconds = (utcnow() - started).total_seconds()
    click.echo(
        f"Created {result.explorations} requests, {result.stakeholders} stakeholders, "
        f"{result.documents} document statuses, {result.respondents} respondents, "
        f"{result.ratings} ratings and {result.comments} comments in {seconds:.1f} s."
    )
    if result.by_status:
        click.echo(
            "By status: "
            + ", ".join(f"{s} {result.by_status[s]}" for s in STATUSES if s in result.by_status)
        )
    for status, token in result.sample_links:
        # A path, not a full address: the CLI does not know where the service is served.
        click.echo(f"Private link of a {status} request: /en/request/{token}/")
    if password:
        click.echo(
            f"Demo admin account: {DEMO_ADMIN_EMAIL}  password: {password}  "
            "(shown once; change it or disable the account before real use)"
        )
