"""What happens to a request, apart from the web pages: drafts, stakeholders, submission.

Functions here change the current transaction and leave the commit to the caller, so a page
either stores everything it received or nothing (core.db.transaction). Every partner change
records an audit event with codes only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from core import labels
from core.audit import record
from core.db import db
from core.timeutil import utcnow
from intake.hours import HoursEstimate, estimate_hours
from intake.models import (
    DOCUMENT_STATUSES,
    STATUSES,
    DocumentStatus,
    Exploration,
    ReferenceCounter,
    Stakeholder,
    StakeholderTopic,
    StatusChange,
    TopicState,
)
from intake.reference import (  # noqa: F401 - re-exported for the pages
    DEPARTMENT_BY_CODE,
    DEPARTMENTS,
    DOCUMENT_BY_ID,
    DOCUMENTS,
    OTHER_DEPARTMENT,
    TOPIC_BY_ID,
    TOPICS,
    Department,
    departments_sorted,
)

PARTNER = "partner_link"

# --- Words and departments ------------------------------------------------------------------
# The maps and the department list live in one place each (core.labels, intake.reference); the
# names below are kept for the pages that import them from here.
STATUS_LABELS = labels.STATUS
DOCUMENT_STATUS_LABELS = labels.DOCUMENT_STATUS
INVOLVEMENT_LABELS = labels.INVOLVEMENT
LANGUAGE_LABELS = labels.LANGUAGE

assert set(STATUS_LABELS) == set(STATUSES)
assert set(DOCUMENT_STATUS_LABELS) == set(DOCUMENT_STATUSES)


def department_name(exploration: Exploration, lang: str) -> str | None:
    """The department's official name in `lang`, or what the partner typed for "other"."""
    if not exploration.department_code and not exploration.department_other:
        return None
    return labels.Labels(lang).department(exploration.department_code, exploration.department_other)


# After submission, the lead keeps people and documents up to date until the kick-off.
PARTNER_EDITABLE_AFTER_SUBMIT = ("submitted", "accepted", "scheduled")
# Steps that stay open after submission; the others are fixed once CDS has the request.
LIVING_STEPS = ("stakeholders", "documents")


def can_edit_step(exploration: Exploration, step: str) -> bool:
    """Whether the partner may still change this step of the request."""
    if exploration.status == "draft":
        return True
    return exploration.status in PARTNER_EDITABLE_AFTER_SUBMIT and step in LIVING_STEPS


def is_partner_editable(exploration: Exploration) -> bool:
    return exploration.status == "draft" or exploration.status in PARTNER_EDITABLE_AFTER_SUBMIT


# --- Saving ---------------------------------------------------------------------------------


def create_draft(token_hash: str, lang: str) -> Exploration:
    """A new draft request, reachable only through the private link whose hash is given."""
    exploration = Exploration(status="draft", form_language=lang, partner_token_hash=token_hash)
    db.add(exploration)
    db.flush()
    record("request.created", actor_kind=PARTNER, exploration_id=exploration.id)
    return exploration


def touch(exploration: Exploration, step: str, lang: str) -> None:
    """Mark the request as changed: this UPDATE moves `version` on, so stale forms conflict."""
    exploration.updated_at = utcnow()
    exploration.form_language = lang
    if exploration.status == "draft":
        exploration.last_step = step


def save_fields(exploration: Exploration, values: Mapping[str, Any], step: str, lang: str) -> None:
    """Store a step's values (column name -> value) and record the save."""
    for name, value in values.items():
        setattr(exploration, name, value)
    if exploration.department_code != OTHER_DEPARTMENT:
        exploration.department_other = None
    touch(exploration, step, lang)
    record("request.saved", actor_kind=PARTNER, exploration_id=exploration.id, detail=step)


def save_documents(
    exploration: Exploration, values: Mapping[str, tuple[str | None, str | None]], lang: str
) -> None:
    """Store each document's (status, note); an item with neither has no row."""
    existing = {d.document_id: d for d in exploration.documents}
    for document_id, (status, note) in values.items():
        if document_id not in DOCUMENT_BY_ID:
            continue
        row = existing.get(document_id)
        if status is None and not note:
            if row is not None:
                exploration.documents.remove(row)
            continue
        if row is None:
            row = DocumentStatus(document_id=document_id)
            exploration.documents.append(row)
        row.status = status
        row.note = note or None
    touch(exploration, "documents", lang)
    record("request.saved", actor_kind=PARTNER, exploration_id=exploration.id, detail="documents")


def set_to_be_confirmed(exploration: Exploration, topic_id: str, value: bool) -> None:
    states = {s.topic_id: s for s in exploration.topic_states}
    state = states.get(topic_id)
    if state is None:
        if not value:
            return
        state = TopicState(topic_id=topic_id)
        exploration.topic_states.append(state)
    state.to_be_confirmed = value


def to_be_confirmed(exploration: Exploration) -> set[str]:
    return {s.topic_id for s in exploration.topic_states if s.to_be_confirmed}


def find_stakeholder(exploration: Exploration, stakeholder_id: int) -> Stakeholder | None:
    """A person of this request only: an id from another request is not found."""
    for person in exploration.stakeholders:
        if person.id == stakeholder_id:
            return person
    return None


def topic_ids(person: Stakeholder) -> list[str]:
    """The person's topics in the guide's order."""
    mine = {t.topic_id for t in person.topics}
    return [t.id for t in TOPICS if t.id in mine]


def set_topics(person: Stakeholder, wanted: Iterable[str]) -> None:
    wanted_set = {t for t in wanted if t in TOPIC_BY_ID}
    for link in list(person.topics):
        if link.topic_id not in wanted_set:
            person.topics.remove(link)
    have = {link.topic_id for link in person.topics}
    for topic_id in [t.id for t in TOPICS if t.id in wanted_set - have]:
        person.topics.append(StakeholderTopic(topic_id=topic_id))


def save_person(
    exploration: Exploration,
    person: Stakeholder | None,
    values: Mapping[str, Any],
    topics: Iterable[str],
    lang: str,
) -> Stakeholder:
    """Add a person (person=None) or change one, with the topics they cover."""
    action = "stakeholder.changed"
    if person is None:
        person = Stakeholder(name=values["name"])
        exploration.stakeholders.append(person)
        action = "stakeholder.added"
    for name, value in values.items():
        setattr(person, name, value)
    set_topics(person, topics)
    touch(exploration, "stakeholders", lang)
    db.flush()
    record(action, actor_kind=PARTNER, exploration_id=exploration.id, detail=f"id:{person.id}")
    return person


def link_person(exploration: Exploration, person: Stakeholder, topic_id: str) -> None:
    """Add a topic to someone already named, instead of typing them again."""
    if topic_id in TOPIC_BY_ID and topic_id not in topic_ids(person):
        person.topics.append(StakeholderTopic(topic_id=topic_id))
        record(
            "stakeholder.changed",
            actor_kind=PARTNER,
            exploration_id=exploration.id,
            detail=f"id:{person.id}",
        )


def unlink_person(exploration: Exploration, person: Stakeholder, topic_id: str) -> None:
    """Take a person off one topic; someone left with no topic is no longer on the request."""
    for link in list(person.topics):
        if link.topic_id == topic_id:
            person.topics.remove(link)
    if not person.topics:
        remove_person(exploration, person)
    else:
        record(
            "stakeholder.changed",
            actor_kind=PARTNER,
            exploration_id=exploration.id,
            detail=f"id:{person.id}",
        )


def remove_person(exploration: Exploration, person: Stakeholder) -> None:
    person_id = person.id
    exploration.stakeholders.remove(person)
    record(
        "stakeholder.removed",
        actor_kind=PARTNER,
        exploration_id=exploration.id,
        detail=f"id:{person_id}",
    )


def people_by_topic(exploration: Exploration) -> dict[str, list[Stakeholder]]:
    """Each topic id -> the people named for it, in the order they were added."""
    result: dict[str, list[Stakeholder]] = {t.id: [] for t in TOPICS}
    for person in exploration.stakeholders:
        for topic_id in topic_ids(person):
            result[topic_id].append(person)
    return result


def hours_for(exploration: Exploration) -> HoursEstimate:
    return estimate_hours(topic_ids(p) for p in exploration.stakeholders)


def documents_by_id(exploration: Exploration) -> dict[str, DocumentStatus]:
    return {d.document_id: d for d in exploration.documents if d.document_id in DOCUMENT_BY_ID}


def document_sections() -> list[tuple[str | None, list[Any]]]:
    """The checklist as runs of documents: (group id or None, documents), in the guide's order."""
    sections: list[tuple[str | None, list[Any]]] = []
    for document in DOCUMENTS:
        if sections and sections[-1][0] == document.group:
            sections[-1][1].append(document)
        else:
            sections.append((document.group, [document]))
    return sections


# --- Submission -----------------------------------------------------------------------------


def next_reference(year: int) -> str:
    """Take the next number of `year` with one atomic upsert, so two submissions at the same
    moment (two workers, SQLite or PostgreSQL) never share a number: the row lock of the
    upsert makes the second wait and read the first one's value."""
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ReferenceCounter).values(year=year, last=1)
    statement = statement.on_conflict_do_update(
        index_elements=[ReferenceCounter.year],
        set_={"last": ReferenceCounter.last + 1},
    ).returning(ReferenceCounter.last)
    number = db.execute(statement).scalar_one()
    return f"EXP-{year}-{number:04d}"


def submit(exploration: Exploration) -> None:
    """Turn a draft into a submitted request with its reference number (caller commits)."""
    if exploration.status != "draft":
        raise ValueError(f"only a draft can be submitted, not {exploration.status!r}")
    now = utcnow()
    exploration.reference = next_reference(now.year)
    exploration.status = "submitted"
    exploration.submitted_at = now
    exploration.updated_at = now
    exploration.last_step = "check"
    db.add(StatusChange(exploration_id=exploration.id, from_status="draft", to_status="submitted"))
    record(
        "request.submitted",
        actor_kind=PARTNER,
        exploration_id=exploration.id,
        detail="draft>submitted",
    )


def find_by_reference(reference: str) -> Exploration | None:
    return db.scalars(select(Exploration).where(Exploration.reference == reference)).first()
