"""Reference data of the partner guide (weeks, interview topics, documents checklist) and the
list of departments and agencies, loaded once from reference.json and departments.json where
English and French stand side by side.

The checklist has 15 documents; "Program documents" is a heading over six of them, not a
document with a status of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.collation import sort_key

Text = dict[str, str]  # {"en": ..., "fr": ...}

REFERENCE_FILE = Path(__file__).with_name("reference.json")
DEPARTMENTS_FILE = Path(__file__).with_name("departments.json")
OTHER_DEPARTMENT = "other"  # the partner typed their organization's name instead


@dataclass(frozen=True)
class Week:
    number: int
    title: Text
    lead_hours: tuple[int, int]
    summary: Text


@dataclass(frozen=True)
class Topic:
    number: int
    id: str
    name: Text
    who: Text
    purpose: Text
    about: tuple[Text, ...]


@dataclass(frozen=True)
class Document:
    id: str
    name: Text
    group: str | None


@dataclass(frozen=True)
class Department:
    code: str
    name: Text


@dataclass(frozen=True)
class DocumentGroup:
    id: str
    name: Text


_DATA = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))

WEEKS: tuple[Week, ...] = tuple(
    Week(w["number"], w["title"], (w["lead_hours"][0], w["lead_hours"][1]), w["summary"])
    for w in _DATA["weeks"]
)
TOPICS: tuple[Topic, ...] = tuple(
    Topic(t["number"], t["id"], t["name"], t["who"], t["purpose"], tuple(t["about"]))
    for t in _DATA["topics"]
)
DOCUMENT_GROUPS: dict[str, DocumentGroup] = {
    g["id"]: DocumentGroup(g["id"], g["name"]) for g in _DATA["document_groups"]
}
DOCUMENTS: tuple[Document, ...] = tuple(
    Document(d["id"], d["name"], d.get("group")) for d in _DATA["documents"]
)
TOPIC_BY_ID: dict[str, Topic] = {t.id: t for t in TOPICS}
DOCUMENT_BY_ID: dict[str, Document] = {d.id: d for d in DOCUMENTS}

LEAD_HOURS: tuple[int, int] = (
    sum(w.lead_hours[0] for w in WEEKS),
    sum(w.lead_hours[1] for w in WEEKS),
)
KICKOFF_HOURS: int = _DATA["interviewee_hours"]["kickoff"]
INTERVIEW_HOURS: int = _DATA["interviewee_hours"]["per_interview"]

# The departments and agencies a partner chooses from: read here once, for every page and export.
DEPARTMENTS: tuple[Department, ...] = tuple(
    Department(d["code"], d["name"])
    for d in json.loads(DEPARTMENTS_FILE.read_text(encoding="utf-8"))["departments"]
)
DEPARTMENT_BY_CODE: dict[str, Department] = {d.code: d for d in DEPARTMENTS}


@cache
def departments_sorted(lang: str) -> tuple[Department, ...]:
    """The list in the order of the names shown in `lang` (the language's collation, so
    "Élections Canada" sorts among the E), sorted once per language per process."""
    return tuple(sorted(DEPARTMENTS, key=lambda d: sort_key(d.name[lang])))
