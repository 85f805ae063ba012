"""The one factory for test data: explorations with their people, documents checklist and
survey answers, respondents, and staff accounts.

Two levels, one set of builders:
- `make_exploration(session, ...)`, `add_respondent(session, ...)`: inside a session the test
  already holds (many explorations at once, exports);
- `exploration(app, ...)`, `respondent(app, ...)`, `staff_account(app, ...)`: each in its own app
  context, committed, returning what a test needs to reach it (ids and private links).

Every value can be overridden, so a test can put its own text (the hostile corpus, names with
accents and syllabics) into every free-text field.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from core.auth import StaffSession, StaffUser, hash_password
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
    **fields: Any,
) -> Exploration:
    """One exploration with its people, checklist and survey, flushed (ids assigned). A draft
    gets no reference unless one is given."""
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
        reference = f"EXP-2026-{secrets.randbelow(9000) + 1000:04d}"
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
                note=f"Note sur {document_id}",
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
_HASHES: dict[str, str] = {}
_accounts = itertools.count(1)


def password_hash(password: str = PASSWORD) -> str:
    """argon2 is slow on purpose: each test password is hashed once per run."""
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


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
        user = StaffUser(
            email=(email or f"{role}{next(_accounts)}@cds-snc.ca").lower(),
            role=role,
            password_hash=password_hash(password),
            active=active,
            name=name,
            language=language,
        )
        db.add(user)
        db.commit()
        return user.id


def sign_in_staff(app: Any, client: Any, role: str = "viewer") -> StaffUser:
    """Create a staff account and a server-side session, and put its token in the client's
    session cookie the way core.auth.sign_in does."""
    from core.db import db

    token, token_hash = new_token()
    with app.app_context():
        user = StaffUser(
            email=f"{role}-{secrets.token_hex(4)}@cds-snc.ca",
            name="Staff Person",
            password_hash=_PASSWORD_HASH,
            role=role,
            password_changed_at=datetime(2000, 1, 1),
        )
        db.add(user)
        db.flush()
        db.add(StaffSession(id_hash=token_hash, user_id=user.id))
        db.commit()
        db.expunge(user)
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return user


_PASSWORD_HASH = hash_password("correct horse battery staple")
ALL_TOPICS = tuple(t.id for t in TOPICS)
ALL_DOCUMENTS = tuple(d.id for d in DOCUMENTS)


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
