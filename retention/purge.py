"""The registry of purgers: each kind of personal information knows how to count and remove
its values for one exploration, and for one person (an access request's removal).

Modules that keep personal information register their own kind, so the schedule covers
them without this package knowing their tables:

    from retention import purge
    purge.register("invitations", exploration=purge_invitations, person=remove_invitee)

A purger is `fn(session, exploration_id, dry_run) -> int`: how many values it removed (or,
with dry_run, would remove), changing nothing in a dry run. It must be idempotent: values
already removed are not counted again, so a second run counts 0. A person purger is
`fn(session, email, dry_run) -> dict[exploration_id, int]`, matching the address without
regard to case. Both run inside the caller's transaction and never commit.

Values are replaced in place with core.labels.REMOVED (the pages and exports show "removed
under the retention schedule" there); rows stay, so counts, aggregates and history do not
move. Codes (statuses, document states, ratings, topics, languages) are not personal and stay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.labels import REMOVED
from intake.models import DocumentStatus, Exploration, Stakeholder
from surveys.models import PracticeComment, Respondent

ExplorationPurger = Callable[[Session, int, bool], int]
PersonPurger = Callable[[Session, str, bool], dict[int, int]]


@dataclass(frozen=True)
class Purger:
    kind: str
    exploration: ExplorationPurger
    person: PersonPurger | None = None


_REGISTRY: dict[str, Purger] = {}


def register(kind: str, exploration: ExplorationPurger, person: PersonPurger | None = None) -> None:
    """Add (or replace) the purger of one kind. Give the kind its words in
    core.labels.RETENTION_KIND."""
    _REGISTRY[kind] = Purger(kind, exploration, person)


def purgers() -> list[Purger]:
    return list(_REGISTRY.values())


# --- A helper for purgers: replace the values of some columns ---------------------------------


def _has_value(column: InstrumentedAttribute) -> ColumnElement[bool]:
    return and_(column.is_not(None), column != "", column != REMOVED)


def remove_values(
    session: Session,
    model: type,
    columns: Iterable[InstrumentedAttribute],
    where: ColumnElement[bool],
    dry_run: bool,
    extra: dict | None = None,
) -> int:
    """Count the values of `columns` in the rows `where` selects and, unless dry_run, put the
    removal mark in their place (empty values stay empty). One UPDATE for all the columns."""
    columns = list(columns)
    counts = session.execute(
        select(*(func.count(case((_has_value(c), 1))) for c in columns)).where(where)
    ).one()
    total = sum(int(n) for n in counts)
    if total and not dry_run:
        values = {c.key: case((_has_value(c), literal(REMOVED)), else_=c) for c in columns}
        session.execute(
            update(model)
            .where(where, or_(*(_has_value(c) for c in columns)))
            .values(**values, **(extra or {}))
            .execution_options(synchronize_session=False)
        )
    return total


def _same_email(column: InstrumentedAttribute, email: str) -> ColumnElement[bool]:
    return func.lower(func.trim(column)) == email.strip().lower()


# --- The kinds this service keeps --------------------------------------------------------------

CONTACT_COLUMNS = (
    Exploration.lead_name,
    Exploration.lead_title,
    Exploration.lead_email,
    Exploration.lead_phone,
    Exploration.sponsor_name,
    Exploration.sponsor_title,
    Exploration.sponsor_email,
)
LEAD_COLUMNS = CONTACT_COLUMNS[:4]
SPONSOR_COLUMNS = CONTACT_COLUMNS[4:]
REQUEST_TEXT_COLUMNS = (
    Exploration.problem,
    Exploration.users,
    Exploration.impact,
    Exploration.why_now,
    Exploration.constraints,
    Exploration.timing_note,
)
STAKEHOLDER_COLUMNS = (
    Stakeholder.name,
    Stakeholder.title,
    Stakeholder.daily_role,
    Stakeholder.frequency,
    Stakeholder.email,
)
# An UPDATE of the request moves its version on, so a page opened before the purge conflicts
# (409, with what was typed shown back) instead of writing over the removal.
BUMP = {"version": Exploration.version + 1}


def contacts(session: Session, exploration_id: int, dry_run: bool) -> int:
    return remove_values(
        session, Exploration, CONTACT_COLUMNS, Exploration.id == exploration_id, dry_run, BUMP
    )


def request_text(session: Session, exploration_id: int, dry_run: bool) -> int:
    return remove_values(
        session, Exploration, REQUEST_TEXT_COLUMNS, Exploration.id == exploration_id, dry_run, BUMP
    )


def stakeholders(session: Session, exploration_id: int, dry_run: bool) -> int:
    return remove_values(
        session,
        Stakeholder,
        STAKEHOLDER_COLUMNS,
        Stakeholder.exploration_id == exploration_id,
        dry_run,
    )


def document_notes(session: Session, exploration_id: int, dry_run: bool) -> int:
    return remove_values(
        session,
        DocumentStatus,
        [DocumentStatus.note],
        DocumentStatus.exploration_id == exploration_id,
        dry_run,
    )


def survey_comments(session: Session, exploration_id: int, dry_run: bool) -> int:
    respondents = select(Respondent.id).where(Respondent.exploration_id == exploration_id)
    count = remove_values(
        session,
        PracticeComment,
        [PracticeComment.comment],
        PracticeComment.respondent_id.in_(respondents),
        dry_run,
    )
    count += remove_values(
        session,
        Respondent,
        [Respondent.overall_comment],
        Respondent.exploration_id == exploration_id,
        dry_run,
    )
    return count


def contacts_of_person(session: Session, email: str, dry_run: bool) -> dict[int, int]:
    """The lead's or the sponsor's details on every request that names this address."""
    found: dict[int, int] = {}
    for columns, address in (
        (LEAD_COLUMNS, Exploration.lead_email),
        (SPONSOR_COLUMNS, Exploration.sponsor_email),
    ):
        for eid in session.scalars(select(Exploration.id).where(_same_email(address, email))):
            n = remove_values(session, Exploration, columns, Exploration.id == eid, dry_run, BUMP)
            found[eid] = found.get(eid, 0) + n
    return found


def stakeholder_person(session: Session, email: str, dry_run: bool) -> dict[int, int]:
    """Every stakeholder entry with this address: name, title, role, frequency and email."""
    found: dict[int, int] = {}
    rows = session.execute(
        select(Stakeholder.id, Stakeholder.exploration_id).where(
            _same_email(Stakeholder.email, email)
        )
    ).all()
    for stakeholder_id, eid in rows:
        n = remove_values(
            session, Stakeholder, STAKEHOLDER_COLUMNS, Stakeholder.id == stakeholder_id, dry_run
        )
        found[eid] = found.get(eid, 0) + n
    return found


register("contacts", contacts, contacts_of_person)
register("request_text", request_text)
register("stakeholders", stakeholders, stakeholder_person)
register("document_notes", document_notes)
register("survey_comments", survey_comments)
