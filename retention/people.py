"""One person's information, on request: everything held about an email address as a
workbook (an access request), and its removal (logged, with counts only).

Other modules that keep addresses register an access sheet here and a person purger in
retention.purge, and the two requests cover them too:

    from retention import people
    people.register_access(people.AccessSheet("invitations", title, columns, rows))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.audit import record
from core.labels import REMOVED, Labels, Message
from exports.sheet_writer import CellMaker, Column, Sheet
from intake.models import Exploration, Stakeholder, StakeholderTopic
from retention import purge

_l = Message  # the name the extraction looks for
Rows = Callable[[Session, str, Labels], Iterable[list[Any]]]


@dataclass(frozen=True)
class AccessSheet:
    """One sheet of the access-request workbook: its title, columns (English source text and
    width) and rows (plain values; text is cleaned and guarded by the sheet writer)."""

    kind: str
    title: Any
    columns: tuple[tuple[Any, float], ...]
    rows: Rows


_SHEETS: dict[str, AccessSheet] = {}


def register_access(sheet: AccessSheet) -> None:
    _SHEETS[sheet.kind] = sheet


def normalized(email: str) -> str:
    return email.strip().lower()


def _same(column: Any, email: str) -> Any:
    return func.lower(func.trim(column)) == normalized(email)


def _contact_rows(session: Session, email: str, _: Labels) -> Iterable[list[Any]]:
    rows = session.execute(
        select(Exploration)
        .where(or_(_same(Exploration.lead_email, email), _same(Exploration.sponsor_email, email)))
        .order_by(Exploration.id)
    ).scalars()
    for e in rows:
        if e.lead_email and normalized(e.lead_email) == normalized(email):
            yield [
                e.reference,
                _("Project lead"),
                e.lead_name,
                e.lead_title,
                e.lead_email,
                e.lead_phone,
                _.status(e.status),
                e.problem,
                e.users,
                e.impact,
                e.why_now,
                e.constraints,
                e.timing_note,
            ]
        if e.sponsor_email and normalized(e.sponsor_email) == normalized(email):
            yield [
                e.reference,
                _("Executive sponsor"),
                e.sponsor_name,
                e.sponsor_title,
                e.sponsor_email,
                None,
                _.status(e.status),
            ]


def _stakeholder_rows(session: Session, email: str, _: Labels) -> Iterable[list[Any]]:
    people = session.execute(
        select(Stakeholder, Exploration.reference)
        .join(Exploration, Exploration.id == Stakeholder.exploration_id)
        .where(_same(Stakeholder.email, email))
        .order_by(Stakeholder.id)
    ).all()
    for person, reference in people:
        topics = session.scalars(
            select(StakeholderTopic.topic_id).where(StakeholderTopic.stakeholder_id == person.id)
        )
        yield [
            reference,
            person.name,
            person.title,
            person.daily_role,
            _.involvement(person.involvement),
            person.frequency,
            person.email,
            _.language(person.language),
            "; ".join(_.topic(t) for t in topics),
        ]


register_access(
    AccessSheet(
        "contacts",
        _l("Lead or sponsor"),
        (
            (_l("Reference"), 15),
            (_l("As"), 18),
            (_l("Name"), 24),
            (_l("Title"), 28),
            (_l("Email"), 30),
            (_l("Phone"), 16),
            (_l("Status"), 14),
            (_l("Problem to explore"), 40),
            (_l("Who the users are"), 40),
            (_l("Impact"), 40),
            (_l("Why now"), 40),
            (_l("Constraints"), 40),
            (_l("Notes on timing"), 40),
        ),
        _contact_rows,
    )
)
register_access(
    AccessSheet(
        "stakeholders",
        _l("Person to interview"),
        (
            (_l("Reference"), 15),
            (_l("Name"), 24),
            (_l("Title"), 28),
            (_l("Daily role"), 30),
            (_l("Involvement"), 16),
            (_l("How often"), 20),
            (_l("Email"), 30),
            (_l("Language"), 12),
            (_l("Interview topics"), 40),
        ),
        _stakeholder_rows,
    )
)


def access_workbook(session: Session, email: str, lang: str, out: str | Path | IO[bytes]) -> int:
    """Write everything held about `email` to `out`, one sheet per kind; returns the number
    of rows found. A removed value reads "removed under the retention schedule"."""
    _ = Labels(lang)
    wb = Workbook(write_only=True)
    wb.properties.title = _("Personal information held about one email address")
    wb.properties.creator = _("Canadian Digital Service")
    wb.properties.language = f"{lang}-CA"
    found = 0
    for spec in _SHEETS.values():
        sheet = Sheet(wb, _.word(spec.title)[:31], [Column(_.word(h), w) for h, w in spec.columns])
        cells = CellMaker(sheet)
        for row in spec.rows(session, email, _):
            found += 1
            sheet.append(
                [
                    cells.text(value.replace(REMOVED, _.removed))
                    if isinstance(value, str)
                    else value
                    for value in row
                ]
            )
        sheet.finish()
    wb.save(out)
    return found


def find_person(session: Session, email: str) -> Counter[str]:
    """How many values each kind holds about `email` (what a removal would take)."""
    counts: Counter[str] = Counter()
    for purger in purge.purgers():
        if purger.person is not None:
            found = purger.person(session, normalized(email), True)
            total = sum(found.values())
            if total:
                counts[purger.kind] += total
    return counts


def remove_person(session: Session, email: str, staff_id: int) -> Counter[str]:
    """Remove every value held about `email` (the caller commits). Logged per exploration
    with kinds and counts, never the address."""
    counts: Counter[str] = Counter()
    per_exploration: dict[int, Counter[str]] = {}
    for purger in purge.purgers():
        if purger.person is None:
            continue
        for exploration_id, n in purger.person(session, normalized(email), False).items():
            if n:
                counts[purger.kind] += n
                per_exploration.setdefault(exploration_id, Counter())[purger.kind] += n
    for exploration_id, kinds in per_exploration.items():
        record(
            "retention.person_removed",
            actor_kind="staff",
            actor_id=staff_id,
            exploration_id=exploration_id,
            detail=" ".join(f"{k}:{n}" for k, n in sorted(kinds.items()))[:200],
        )
    record(
        "retention.person_removed",
        actor_kind="staff",
        actor_id=staff_id,
        detail=" ".join(f"{k}:{n}" for k, n in sorted(counts.items()))[:200] or "none",
    )
    return counts
