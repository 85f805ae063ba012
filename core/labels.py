"""Every word for a code, in both languages, from one place: pages, emails, the workbook and
the PDF all read these, so a status or a document's state reads the same everywhere.

Two ways to get the words:

- In a request, the maps hold lazy strings (`Message`, Flask-Babel's lazy_gettext): they are
  translated into the page's language when shown, so forms and templates can use them as is.
- Outside a request (the workbook and PDF builders, called from a page, the command line or a
  benchmark), `Labels(lang)` gives the same words in the language asked for, read from the same
  compiled catalogue with Babel. Inside a builder the instance is named `_`, so the usual
  extraction finds every string it translates.

Names of reference data (departments, topics, documents, practices, roles, levels) come from the
data files of intake and surveys, where both languages stand side by side; those modules only
load JSON, so reading them here adds no other dependency.

Plurals go through ngettext ("1 document fourni", "3 documents fournis"); French elision comes
from core.french, and dates, times, numbers and lists are written by core.formats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from core.catalogue import LANGS, Message, catalogue, current_language
from core.formats import LOCALES, clock_time, decimal, listed, long_date
from core.french import fill
from intake.reference import (
    DEPARTMENT_BY_CODE,
    DOCUMENT_BY_ID,
    DOCUMENT_GROUPS,
    OTHER_DEPARTMENT,
    TOPIC_BY_ID,
)
from surveys.framework import FRAMEWORK

OVERALL = "overall"  # surveys.aggregation's key for the overall question


_l = Message  # the name the extraction looks for

# --- Codes to words: each map once --------------------------------------------------------------

STATUS: dict[str, Message] = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
    "scheduled": _l("Scheduled"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
}

# The wording the partner chose from on the documents step.
DOCUMENT_STATUS: dict[str, Message] = {
    "will_share": _l("We will share it"),
    "shared": _l("Shared"),
    "not_available": _l("Not available"),
    "not_applicable": _l("Does not apply"),
}
DOCUMENT_NOT_ANSWERED = _l("Not answered yet")

INVOLVEMENT: dict[str, Message] = {
    "direct": _l("Directly involved in the project"),
    "supporting": _l("Supports the project"),
}

LANGUAGE: dict[str, Message] = {"en": _l("English"), "fr": _l("French")}

RESPONDENT_LEVEL: dict[str, Message] = {
    "executive": _l("Executive"),
    "management": _l("Management"),
    "working": _l("Working level"),
}

# The plan (planning): team roles, interview states, the time zones a partner may choose.
TEAM_ROLE: dict[str, Message] = {"lead": _l("Team lead"), "member": _l("Team member")}
INTERVIEW_STATUS: dict[str, Message] = {
    "scheduled": _l("Scheduled"),
    "held": _l("Held"),
    "cancelled": _l("Cancelled"),
}
TIME_ZONE: dict[str, Message] = {
    "America/St_Johns": _l("Newfoundland time (St. John’s)"),
    "America/Halifax": _l("Atlantic time (Halifax)"),
    "America/Toronto": _l("Eastern time (Ottawa, Toronto)"),
    "America/Winnipeg": _l("Central time (Winnipeg)"),
    "America/Regina": _l("Saskatchewan time (Regina)"),
    "America/Edmonton": _l("Mountain time (Edmonton)"),
    "America/Vancouver": _l("Pacific time (Vancouver)"),
    "America/Whitehorse": _l("Yukon time (Whitehorse)"),
}
# Emails (core.outbox): what each message is, and where its delivery stands.
EMAIL_KIND: dict[str, Message] = {
    "receipt": _l("Receipt to the project lead"),
    "come_back": _l("Link to come back"),
    "new_request": _l("New request to the CDS inbox"),
    "status_accepted": _l("Request accepted"),
    "status_declined": _l("Request declined"),
    "status_scheduled": _l("Exploration scheduled"),
    "reissued_link": _l("New private link"),
    "respondent_link": _l("Respondent’s link to come back"),
    "survey_invitation": _l("Survey invitation"),
    "survey_reminder": _l("Survey reminder"),
    "draft_deletion_notice": _l("Notice before a draft is deleted"),
}
OUTBOX_STATUS: dict[str, Message] = {
    "held": _l("Kept, not sent (GC Notify is not configured)"),
    "queued": _l("Waiting to be sent"),
    "sending": _l("Being sent"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
}
BOTH_LANGUAGES = _l("English and French")

YES = _l("Yes")
NO = _l("No")
NOT_GIVEN = _l("Not given")
NOT_ANSWERED = _l("Not answered")
OTHER = _l("Other")
OVERALL_QUESTION = _l("Overall question")
CHOICE = _l("%(value)d – %(name)s")  # a stored answer: "3 – Experienced"
# A meeting's day and hours: French says "de 10 h à 11 h" for hours ("du … au …" is for days).
TIME_RANGE = _l("%(day)s, %(start)s to %(end)s")
# A name and what is said of it, with the colon each language writes ("Nom : …" in French).
LABELLED = _l("%(name)s: %(text)s")

# What the retention schedule leaves where a person's value was (retention.purge). The marker
# is stored in place of the value; pages, the workbook and the PDF show REMOVED_TEXT instead.
# Private-use characters: nobody types them, and the marker fits the shortest column (40).
REMOVED = "\ue000removed\ue001"
REMOVED_TEXT = _l("removed under the retention schedule")

# Kinds of values the retention schedule removes (retention.purge's registry; other modules
# add theirs with retention.purge.register and a word here).
RETENTION_KIND: dict[str, Message] = {
    "drafts": _l("Abandoned drafts (deleted whole)"),
    "drafts_notified": _l("Abandoned drafts: lead told of the deletion (nothing removed)"),
    "contacts": _l("Lead and sponsor: names, titles, emails, phones"),
    "request_text": _l("Text typed in the request (context, timing notes)"),
    "stakeholders": _l("People to interview: names, titles, roles, emails"),
    "document_notes": _l("Notes on checklist documents"),
    "survey_comments": _l("Survey comments"),
    "staff_notes": _l("Internal staff notes"),
    "email_addresses": _l("Email recipients and message texts"),
    "invitation_addresses": _l("Survey invitation addresses"),
    "plan_notes": _l("Notes on the plan (availability, agreement)"),
    "status_reasons": _l("Reasons given for a decline or a withdrawal"),
}


def without_removed(value: Any, removed_text: str) -> Any:
    """`value` with every removal marker in it replaced by `removed_text` (other values as
    they are)."""
    if isinstance(value, str) and REMOVED in value:
        return value.replace(REMOVED, removed_text)
    return value


# The outcome: CDS's rating, its flags and the recommendations' attributes.
NOT_ENOUGH_EVIDENCE = _l("Not enough evidence")
NOT_RATED = _l("Not rated yet")
FLAG: dict[str, Message] = {
    "blind_spot": _l("Blind spot"),
    "hidden_strength": _l("Hidden strength"),
}
HORIZON: dict[str, Message] = {"now": _l("Now"), "next": _l("Next"), "later": _l("Later")}
SIZE: dict[str, Message] = {"small": _l("Small"), "medium": _l("Medium"), "large": _l("Large")}
CARRIER: dict[str, Message] = {
    "partner": _l("The partner alone"),
    "with_cds": _l("The partner with CDS"),
    "other": _l("Another organization"),
}


# --- Words in one language ------------------------------------------------------------------------


class Labels:
    """Every word for a code, in one language. Call it like gettext."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self.locale = LOCALES[lang]
        self._translations = catalogue(lang)

    @classmethod
    def current(cls) -> Labels:
        """The words of the current request (or of `flask_babel.force_locale`)."""
        return cls(current_language())

    def __call__(self, message: str, **values: Any) -> str:
        return fill(self._translations.gettext(message), values, self.lang)

    def ngettext(self, singular: str, plural: str, num: int, **values: Any) -> str:
        """The form for `num` ("%(num)d" is the count), like Flask-Babel's ngettext."""
        values.setdefault("num", num)
        return fill(self._translations.ngettext(singular, plural, num), values, self.lang)

    def word(self, message: Message | str) -> str:
        """A map's entry (or any English source text) in this language."""
        text = message.message if isinstance(message, Message) else message
        return self._translations.gettext(text)

    def _named(self, table: Mapping[str, Message], code: str | None, missing: str | None) -> str:
        """The word for `code`; an unknown code prints as itself (never an error), a missing
        one as `missing`."""
        if code in table:
            return self.word(table[code])
        if not code:
            return missing or ""
        return code

    # Workflow and checklist codes -------------------------------------------------------
    def status(self, code: str | None) -> str:
        return self._named(STATUS, code, None)

    def document_status(self, code: str | None) -> str:
        if code in DOCUMENT_STATUS:
            return self.word(DOCUMENT_STATUS[code])
        return self.word(DOCUMENT_NOT_ANSWERED)

    def involvement(self, code: str | None) -> str:
        return self._named(INVOLVEMENT, code, None)

    def respondent_level(self, code: str | None, missing: str | None = None) -> str:
        return self._named(RESPONDENT_LEVEL, code, missing)

    def language(self, code: str | None) -> str:
        return self._named(LANGUAGE, code, None)

    def team_role(self, code: str | None) -> str:
        return self._named(TEAM_ROLE, code, None)

    def interview_status(self, code: str | None) -> str:
        return self._named(INTERVIEW_STATUS, code, None)

    def time_zone(self, code: str | None) -> str:
        return self._named(TIME_ZONE, code, None)

    def time(self, value: datetime | time | None) -> str:
        return clock_time(value, self.lang)

    def time_range(self, start: datetime, end: datetime | None) -> str:
        """ "16 February 2026, 10:00 a.m. to 11:00 a.m." / "16 février 2026, de 10 h 00 à
        11 h 00": a kickoff's or an interview's day and hours, in the times' own zone."""
        if end is None:
            return f"{self.date(start)}, {self.time(start)}"
        return self(
            TIME_RANGE.message, day=self.date(start), start=self.time(start), end=self.time(end)
        )

    def semicolons(self, items: Iterable[str], name: Callable[[str], str] = str) -> str:
        """A list in running text, each item through `name` (a template passes codes and
        `labels.role`): "a; b" / "a ; b"."""
        return listed((name(item) for item in items), self.lang)

    def labelled(self, name: str, text: str) -> str:
        """ "Leadership: median 2" / "Leadership : médiane 2"."""
        return self(LABELLED.message, name=name, text=text)

    def yes_no(self, value: bool) -> str:
        return self.word(YES if value else NO)

    def retention_kind(self, code: str | None) -> str:
        return self._named(RETENTION_KIND, code, None)

    @property
    def removed(self) -> str:
        """What a page or an export shows where the retention schedule removed a value."""
        return self.word(REMOVED_TEXT)

    # Plurals --------------------------------------------------------------------------------
    def documents_shared(self, shared: int, total: int) -> str:
        """ "3 of 15 documents shared." / "1 document fourni sur 15.\""""
        return self.ngettext(
            "%(num)d of %(total)d documents shared.",
            "%(num)d of %(total)d documents shared.",
            shared,
            total=total,
        )

    def respondents_submitted(self, count: int) -> str:
        return self.ngettext(
            "%(num)d person submitted the self-assessment.",
            "%(num)d people submitted the self-assessment.",
            count,
        )

    # Reference data ------------------------------------------------------------------------
    def text(self, value: Mapping[str, str]) -> str:
        """One language of a bilingual text of the data files."""
        return value[self.lang]

    def department(self, code: str | None, other: str | None = None) -> str:
        """The department's name; a department typed in ("other") is shown as typed; a code
        the list does not know prints as itself."""
        department = DEPARTMENT_BY_CODE.get(code or "")
        if department is not None:
            return department.name[self.lang]
        if other:
            return other
        if code == OTHER_DEPARTMENT:
            return self.word(OTHER)
        return code or ""

    def topic(self, topic_id: str | None) -> str:
        topic = TOPIC_BY_ID.get(topic_id or "")
        return topic.name[self.lang] if topic else (topic_id or "")

    def functional_area(self, area: str | None) -> str:
        """A respondent's functional area (one of the interview topics), or "Not given"."""
        topic = TOPIC_BY_ID.get(area or "")
        return topic.name[self.lang] if topic else self.word(NOT_GIVEN)

    def document(self, document_id: str) -> str:
        document = DOCUMENT_BY_ID.get(document_id)
        return document.name[self.lang] if document else document_id

    def document_group(self, group_id: str | None) -> str:
        group = DOCUMENT_GROUPS.get(group_id or "")
        return group.name[self.lang] if group else ""

    def practice(self, practice_id: str) -> str:
        if practice_id == OVERALL:
            return self.word(OVERALL_QUESTION)
        practice = FRAMEWORK.practice_by_id.get(practice_id)
        return practice.name[self.lang] if practice else practice_id

    def role(self, role_id: str) -> str:
        role = FRAMEWORK.role_by_id.get(role_id)
        return role.name[self.lang] if role else role_id

    def level(self, value: int | None) -> str:
        """A rating's level name; None is the "don't know / not applicable" answer; a value the
        framework does not know prints as itself."""
        if value is None:
            return FRAMEWORK.dont_know[self.lang]
        level = FRAMEWORK.level_by_value.get(value)
        return level.name[self.lang] if level else str(value)

    def choice(self, value: int | str | None) -> str:
        """A stored answer: "3 – Experienced", "Don't know / not applicable" (None), or
        "Not answered" ("")."""
        if value == "":
            return self.word(NOT_ANSWERED)
        if value is None:
            return FRAMEWORK.dont_know[self.lang]
        number = int(value)
        return self(CHOICE.message, value=number, name=self.level(number))

    # The outcome -------------------------------------------------------------------------------
    def cds_level(self, value: int | None, rated: bool = True) -> str:
        """CDS's rating: "2 – Limited experience", "Not enough evidence" or "Not rated yet"."""
        if not rated:
            return self.word(NOT_RATED)
        if value is None:
            return self.word(NOT_ENOUGH_EVIDENCE)
        return self.choice(value)

    def flag(self, code: str | None) -> str:
        return self._named(FLAG, code, None)

    def horizon(self, code: str | None) -> str:
        return self._named(HORIZON, code, None)

    def size(self, code: str | None) -> str:
        return self._named(SIZE, code, None)

    def carrier(self, code: str | None, name: str | None = None) -> str:
        """Who carries a recommendation; another organization by its name when given."""
        if code == "other" and name:
            return name
        return self._named(CARRIER, code, None)

    # Formats ---------------------------------------------------------------------------------
    def date(self, value: date | datetime | None) -> str:
        return long_date(value, self.lang)

    def number(self, value: float | int | None) -> str:
        return decimal(value, self.lang)
