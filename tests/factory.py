"""The one factory for test data: explorations with their people, documents checklist and
survey answers, respondents, and staff accounts.

Two levels, one set of builders:
- `make_exploration(session, ...)`, `add_respondent(session, ...)`: inside a session the test
  already holds (many explorations at once, exports);
- `make_staff(session, ...)` likewise for a staff account (the load tests seed a served
  database through a plain session);
- `exploration(app, ...)`, `respondent(app, ...)`, `staff_account(app, ...)`: each in its own app
  context, committed, returning what a test needs to reach it (ids and private links).

Staff sign in through the sign-in page only: `tests.conftest.sign_in` (test client) or
`tests.load.flows.sign_in` (a served app over HTTP).

Every value can be overridden, so a test can put its own text (the hostile corpus, names with
accents and syllabics) into every free-text field.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

import core.auth
from core.auth import StaffUser, hash_password
from core.tokens import new_token
from intake.models import DocumentStatus, Exploration, Stakeholder, StakeholderTopic, TopicState
from intake.reference import DOCUMENTS, TOPICS
from surveys.framework import FRAMEWORK
from surveys.models import PracticeComment, Rating, Respondent

FREE_TEXT_FIELDS = (
    "department_other",
    "branch",
    "lead_name",
    "lead_title",
    "lead_email",
    "lead_phone",
    "sponsor_name",
    "sponsor_title",
    "sponsor_email",
    "service_name",
    "problem",
    "users",
    "impact",
    "why_now",
    "constraints",
    "timing_note",
)

# Text a partner could type that must come out of every export exactly as typed (less the
# control characters, which are removed). No NUL: PostgreSQL cannot store it (the exporter's
# handling of NUL is tested without a database).
HOSTILE = (
    '=HYPERLINK("http://evil.example","click")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=tab first",
    "\r=cr first",
    "#N/A",
    "#DIV/0!",
    "<script>alert('x')</script> & <b>bold</b> &amp; &lt;",
    "line one\nline two",
    "bell\x07 escape\x1b vertical\x0b tab\x7f del",
    "DDE =cmd|' /C calc'!A0",
)


_references = itertools.count()


def control_free(text: str) -> str:
    """What an export should show for `text`: control characters removed, CR LF -> LF."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in cleaned if c in "\t\n" or not (ord(c) < 32 or 127 <= ord(c) < 160))


def make_exploration(
    session: Session,
    *,
    reference: str | None = None,
    status: str = "submitted",
    people: Sequence[tuple[str, Sequence[str]]] = (
        ("Léa Tremblay-Gagnon", ("design_direction", "work_methods")),
        ("Œdipe Côté", ("policy",)),
        ("ᐊᓯᐅᓕ ᓇᓗᓇᖅ", ("it_working", "it_leadership", "legal")),
    ),
    documents: dict[str, str] | None = None,
    respondents: Iterable[dict[str, Any]] = (),
    to_confirm: Iterable[str] = ("communications",),
    partner_token_hash: str | None = None,
    document_notes: dict[str, str | None] | None = None,
    **fields: Any,
) -> Exploration:
    """One exploration with its people, checklist and survey, flushed (ids assigned). A draft
    gets no reference unless one is given; other references count up from EXP-2026-5000, so
    explorations made in one test never share one. Each document gets the note
    `document_notes[id]` when given, else "Note sur <id>"."""
    values: dict[str, Any] = {
        "status": status,
        "department_code": "esdc",
        "branch": "Direction générale des services",
        "lead_name": "Élodie Bérubé",
        "lead_title": "Gestionnaire, Services numériques",
        "lead_email": "elodie.berube@example.gc.ca",
        "lead_phone": "613-555-0100",
        "lead_language": "fr",
        "sponsor_name": "Noël Lefèbvre",
        "service_name": "Prestations d’assurance-emploi",
        "problem": "Les demandes prennent trop de temps.\n\nBeaucoup de gens abandonnent.",
        "users": "Personnes sans emploi",
        "impact": "Des retards de paiement",
        "why_now": "Nouvelle politique",
        "constraints": "Système patrimonial",
        "preferred_start": date(2026, 9, 7),
        "latest_start": date(2026, 11, 2),
        "submitted_at": datetime(2026, 6, 1, 14, 30),
        "form_language": "fr",
    }
    values.update(fields)
    if reference is None and status != "draft":
        reference = f"EXP-2026-{5000 + next(_references) % 4000:04d}"
    if status == "draft":
        values["submitted_at"] = fields.get("submitted_at")
    exploration = Exploration(reference=reference, partner_token_hash=partner_token_hash, **values)
    session.add(exploration)
    session.flush()
    for index, (name, topics) in enumerate(people):
        person = Stakeholder(
            exploration_id=exploration.id,
            name=name,
            title=f"Conseiller·ère principal·e {index}",
            daily_role="Gère l’équipe des opérations",
            involvement="direct" if index % 2 == 0 else "supporting",
            frequency="Chaque semaine",
            email=f"person{index}@example.gc.ca",
            language="fr",
        )
        session.add(person)
        session.flush()
        for topic in topics:
            session.add(StakeholderTopic(stakeholder_id=person.id, topic_id=topic))
    for topic in to_confirm:
        session.add(TopicState(exploration_id=exploration.id, topic_id=topic, to_be_confirmed=True))
    statuses = (
        documents
        if documents is not None
        else {
            "org_chart": "shared",
            "business_model": "will_share",
            "it_roadmap": "not_available",
            "call_centre": "not_applicable",
        }
    )
    for document_id, state in statuses.items():
        session.add(
            DocumentStatus(
                exploration_id=exploration.id,
                document_id=document_id,
                status=state,
                note=(
                    document_notes.get(document_id)
                    if document_notes is not None
                    else f"Note sur {document_id}"
                ),
            )
        )
    for index, answers in enumerate(respondents):
        add_respondent(session, exploration, index, **answers)
    session.flush()
    return exploration


def add_respondent(
    session: Session,
    exploration: Exploration,
    index: int = 0,
    *,
    levels: dict[tuple[str, str], int | None] | None = None,
    default: int | None = 3,
    submitted: bool = True,
    comments: dict[str, str] | None = None,
    overall: int | None = 3,
    overall_comment: str | None = None,
    functional_area: str | None = "policy",
    level: str | None = "management",
    token_hash: str | None = None,
) -> Respondent:
    """A respondent who rated every cell (`default`, or `levels` per cell). Submitted answers
    count as released into the partner's results (surveys.service.release_results)."""
    submitted_at = datetime(2026, 6, 10, 9, 0) + timedelta(hours=index) if submitted else None
    respondent = Respondent(
        exploration_id=exploration.id,
        token_hash=token_hash or new_token()[1],
        functional_area=functional_area,
        level=level,
        overall_level=overall,
        overall_dont_know=overall is None,
        overall_comment=overall_comment,
        submitted_at=submitted_at,
        released_at=submitted_at,
    )
    session.add(respondent)
    session.flush()
    levels = levels or {}
    for practice_id, role_id in FRAMEWORK.cells:
        session.add(
            Rating(
                respondent_id=respondent.id,
                practice_id=practice_id,
                role_id=role_id,
                level=levels.get((practice_id, role_id), default),
            )
        )
    for practice_id, text in (comments or {}).items():
        session.add(
            PracticeComment(respondent_id=respondent.id, practice_id=practice_id, comment=text)
        )
    return respondent


def fresh_respondent(
    session: Session, exploration_id: int, token_hash: str | None = None
) -> Respondent:
    """A respondent who has opened the survey and answered nothing yet."""
    respondent = Respondent(exploration_id=exploration_id, token_hash=token_hash or new_token()[1])
    session.add(respondent)
    session.flush()
    return respondent


# --- Committed, each in its own app context ----------------------------------------------


@dataclass(frozen=True)
class Made:
    """What a test needs to reach an exploration: its id and version, its reference, and the
    private links made for it (the partner's, the survey's), shown only now as in the service."""

    id: int
    version: int
    reference: str | None
    token: str | None
    survey_token: str | None


def exploration(
    app: Flask,
    status: str = "submitted",
    *,
    partner_link: bool = True,
    survey_open: bool = False,
    **options: Any,
) -> Made:
    """`make_exploration` committed, with a partner link and, if asked, an open survey."""
    from core.db import db
    from surveys import service

    token, token_hash = new_token() if partner_link else (None, None)
    with app.test_request_context():
        made = make_exploration(db, status=status, partner_token_hash=token_hash, **options)
        survey_token = service.open_survey(made) if survey_open else None
        db.commit()
        return Made(made.id, made.version, made.reference, token, survey_token)


def respondent(app: Flask, exploration_id: int, **answers: Any) -> tuple[int, str]:
    """`add_respondent` committed; returns its id and its private link token."""
    from core.db import db

    token, token_hash = new_token()
    with app.app_context():
        target = db.get(Exploration, exploration_id)
        made = add_respondent(db, target, token_hash=token_hash, **answers)
        db.commit()
        return made.id, token


PASSWORD = "a perfectly long test passphrase"
_HASHES: dict[tuple[str, str], str] = {}
_accounts = itertools.count(1)


def password_hash(password: str = PASSWORD) -> str:
    """argon2 is slow on purpose: each test password is hashed once per run and hasher (the
    staff tests swap in a cheap one, tests/staff/conftest.py)."""
    hasher = core.auth.password_hasher
    key = f"{hasher.type} t={hasher.time_cost} m={hasher.memory_cost} p={hasher.parallelism}"
    if (password, key) not in _HASHES:
        _HASHES[password, key] = hash_password(password)
    return _HASHES[password, key]


def make_staff(
    session: Session,
    role: str = "viewer",
    *,
    email: str | None = None,
    password: str = PASSWORD,
    active: bool = True,
    name: str | None = None,
    language: str = "en",
) -> StaffUser:
    """A staff account in `session`, flushed. Emails are unique within a run unless given."""
    user = StaffUser(
        email=(email or f"{role}{next(_accounts)}@cds-snc.ca").lower(),
        role=role,
        password_hash=password_hash(password),
        active=active,
        name=name,
        language=language,
    )
    session.add(user)
    session.flush()
    return user


def staff_account(
    app: Flask,
    role: str = "viewer",
    *,
    email: str | None = None,
    password: str = PASSWORD,
    active: bool = True,
    name: str | None = None,
    language: str = "en",
) -> int:
    """A staff account; returns its id. Sign in with tests.conftest's `sign_in`."""
    from core.db import db

    with app.app_context():
        user = make_staff(
            db,
            role,
            email=email,
            password=password,
            active=active,
            name=name,
            language=language,
        )
        db.commit()
        return user.id


def staff_email(app: Flask, user_id: int) -> str:
    """The email a staff account signs in with."""
    from core.db import db

    with app.app_context():
        return db.get(StaffUser, user_id).email


ALL_TOPICS = tuple(t.id for t in TOPICS)
ALL_DOCUMENTS = tuple(d.id for d in DOCUMENTS)


# --- The plan (planning) ------------------------------------------------------------------------

# Nine topics, one person each, the seventh person also named on the ninth topic.
NINE_TOPIC_PEOPLE: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (f"Personne {t.number} Émond", (t.id,) + ((TOPICS[8].id,) if t.number == 7 else ()))
    for t in TOPICS[:8]
)


def planned_exploration(
    app: Flask,
    status: str = "accepted",
    *,
    start: date = date(2026, 9, 14),
    end: date = date(2026, 10, 9),
    signed: date | None = None,
    kickoff: bool = False,
    **options: Any,
) -> Made:
    """An exploration with agreed dates and nine topics covered by eight people; the agreement
    signed on `signed` and the kickoff on the first morning of week 2 when asked."""
    from core.db import db
    from planning import service

    options.setdefault("people", NINE_TOPIC_PEOPLE)
    options.setdefault("to_confirm", ())
    made = exploration(app, status, agreed_start=start, agreed_end=end, **options)
    with app.test_request_context():
        target = db.get(Exploration, made.id)
        plan = service.ensure_plan(made.id)
        plan.agreement_signed_on = signed
        if kickoff:
            plan.kickoff_at = service.default_kickoff(target, plan)
        db.commit()
    return made


def failed_email(session: Session, exploration_id: int | None = None) -> int:
    """An outbox email GC Notify refused (400), with its address: the Outbox page offers a
    retry. Flushed; returns its id."""
    from core.outbox import OutboxMessage

    message = OutboxMessage(
        kind="receipt",
        exploration_id=exploration_id,
        language="fr",
        recipient="lead@canada.ca",
        subject="Nous avons reçu votre demande d’exploration",
        body="Bonjour,",
        status="failed",
        tries=1,
        uncertain=False,
        error="400 ValidationError: email_address Not a valid email address",
    )
    session.add(message)
    session.flush()
    return message.id


# --- Retention: explorations of a given age, holds ----------------------------------------


def aged_exploration(
    app: Flask,
    status: str,
    *,
    changed_at: datetime,
    respondents: Iterable[dict[str, Any]] = (),
    survey_open: bool = False,
    **options: Any,
) -> Made:
    """An exploration last changed (a draft) or closed (completed, declined, withdrawn: the
    move recorded at that moment) at `changed_at`, with a note and a partner link."""
    from core.db import db
    from intake.models import StatusChange
    from staff.models import Note
    from surveys import service

    token, token_hash = new_token()
    with app.test_request_context():
        made = make_exploration(
            db,
            status=status,
            partner_token_hash=token_hash,
            respondents=respondents,
            updated_at=changed_at,
            **options,
        )
        if status != "draft":
            db.add(
                StatusChange(
                    exploration_id=made.id,
                    from_status="in_progress",
                    to_status=status,
                    at=changed_at,
                )
            )
            db.add(Note(exploration_id=made.id, body="Appeler Élodie au 613-555-0100"))
        survey_token = service.open_survey(made) if survey_open else None
        db.commit()
        return Made(made.id, made.version, made.reference, token, survey_token)


def hold(app: Flask, exploration_id: int, reason: str = "Demande AIPRP A-2028-0001") -> None:
    from core.db import db
    from retention.holds import set_hold

    staff_id = staff_account(app, "admin")
    with app.app_context():
        set_hold(exploration_id, reason, staff_id)
        db.commit()


# --- The outcome: the CDS team, ratings, recommendations ----------------------------------


def team_member(app: Flask, exploration_id: int, user_id: int, role: str = "member") -> int:
    """Put a staff account on an exploration's CDS team ("lead" or "member"); returns the row id."""
    from core.db import db
    from planning.models import TeamMember

    with app.app_context():
        row = TeamMember(exploration_id=exploration_id, staff_user_id=user_id, role=role)
        db.add(row)
        db.commit()
        return row.id


def cds_ratings(
    app: Flask,
    exploration_id: int,
    levels: dict[tuple[str, str], int | None],
    *,
    user_id: int | None = None,
    default: int | None = None,
) -> None:
    """A member's ratings (with `user_id`) or, without it, the reconciled rating of every cell
    in `levels` (and every other cell at `default` when given)."""
    from core.db import db
    from outcome.models import CdsRating, ReconciledRating

    grid = dict.fromkeys(FRAMEWORK.cells, default) if default is not None else {}
    grid.update(levels)
    with app.app_context():
        for (practice_id, role_id), level in grid.items():
            if user_id is None:
                db.add(
                    ReconciledRating(
                        exploration_id=exploration_id,
                        practice_id=practice_id,
                        role_id=role_id,
                        level=level,
                        rationale="Vu en entrevue.",
                    )
                )
            else:
                db.add(
                    CdsRating(
                        exploration_id=exploration_id,
                        staff_user_id=user_id,
                        practice_id=practice_id,
                        role_id=role_id,
                        level=level,
                        rationale="Vu en entrevue.",
                    )
                )
        db.commit()


def recommendation(app: Flask, exploration_id: int, title: str, **values: Any) -> int:
    """A draft recommendation, last in the draft order; returns its id."""
    from core.db import db
    from outcome.models import Recommendation

    with app.app_context():
        count = db.query(Recommendation).filter_by(exploration_id=exploration_id).count()
        row = Recommendation(
            exploration_id=exploration_id,
            title=title,
            description=values.pop("description", f"Description de « {title} »."),
            practice_ids=values.pop("practice_ids", "product_delivery"),
            role_ids=values.pop("role_ids", ""),
            horizon=values.pop("horizon", "now"),
            effort=values.pop("effort", "small"),
            impact=values.pop("impact", "large"),
            carrier=values.pop("carrier", "partner"),
            staff_position=count + 1,
            **values,
        )
        db.add(row)
        db.commit()
        return row.id


def planned_schedule(
    app: Flask,
    made: Made,
    *,
    lead: int | None = None,
    members: Sequence[int] = (),
    held: int = 0,
    unavailable: int = 0,
    cancelled: int = 0,
    time_zone: str | None = None,
) -> list[int]:
    """The CDS team (staff account ids) and the proposed week-2 schedule of a
    `planned_exploration(..., kickoff=True)`: the first `held` interviews held, the next
    `unavailable` ones marked "not available" by the partner (with a note), the next
    `cancelled` ones cancelled. Returns the interviews' ids in order of start."""
    from core.db import db
    from planning import service
    from planning.models import TeamMember

    with app.test_request_context():
        target = db.get(Exploration, made.id)
        plan = service.ensure_plan(made.id)
        if time_zone:
            plan.time_zone = time_zone
            plan.kickoff_at = service.default_kickoff(target, plan)
        for role, ids in (("lead", [lead] if lead else []), ("member", members)):
            for user_id in ids:
                db.add(TeamMember(exploration_id=made.id, staff_user_id=user_id, role=role))
        service.propose_schedule(target, plan, None)
        db.flush()
        interviews = service.interviews_of(made.id)
        marks = iter(interviews)
        for interview in itertools.islice(marks, held):
            interview.held = True
        for interview in itertools.islice(marks, unavailable):
            interview.partner_unavailable = True
            interview.partner_note = "En congé ce jour-là"
        for interview in itertools.islice(marks, cancelled):
            interview.status = "cancelled"
        db.commit()
        return [i.id for i in interviews]
