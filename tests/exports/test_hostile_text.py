"""A formula / markup / control-character corpus in every free-text field comes out of the
workbook, the PDF and the HTML summary as literal text: never a formula, never an error value,
never markup, never a broken file."""

from __future__ import annotations

import html
import io

import pytest

from core.collation import sort_key
from exports.data import workbook_data
from exports.pdf import build_pdf
from exports.rows import Scope
from exports.summary import load_summary
from exports.workbook import build_workbook
from intake.models import DocumentStatus, Exploration, Stakeholder
from surveys.framework import FRAMEWORK
from tests.conftest import html as page_html
from tests.conftest import sign_in
from tests.exports.readback import (
    assert_no_formula_or_error,
    formula_elements,
    read_pdf,
    read_workbook,
    squash,
)
from tests.factory import (
    FREE_TEXT_FIELDS,
    HOSTILE,
    add_respondent,
    control_free,
    make_exploration,
)

REQUEST_COLUMNS = {
    "department_other": "Department",
    "branch": "Branch",
    "lead_name": "Project lead",
    "lead_title": "Lead’s title",
    "lead_email": "Lead’s email",
    "lead_phone": "Lead’s phone",
    "sponsor_name": "Executive sponsor",
    "sponsor_title": "Sponsor’s title",
    "sponsor_email": "Sponsor’s email",
    "service_name": "Service",
    "problem": "Problem",
    "users": "Users",
    "impact": "Impact",
    "why_now": "Why now",
    "constraints": "Constraints",
    "timing_note": "Timing note",
}
STAKEHOLDER_FIELDS = ("name", "title", "daily_role", "frequency", "email")
STAKEHOLDER_COLUMNS = {
    "name": "Name",
    "title": "Official title",
    "daily_role": "Daily role",
    "frequency": "How often",
    "email": "Email",
}


def _fit(model: type, field: str, value: str) -> str:
    length = getattr(model.__table__.c[field].type, "length", None)
    return value[:length] if length else value


def seed_hostile(app) -> tuple[int, dict[str, str], list[dict[str, str]], str, list[str]]:
    """One exploration with a hostile value in every free-text field."""
    from core.db import db

    values = {
        field: _fit(Exploration, field, HOSTILE[i % len(HOSTILE)])
        for i, field in enumerate(FREE_TEXT_FIELDS)
    }
    values["department_code"] = "other"
    people = []
    with app.app_context():
        exploration = make_exploration(
            db, reference="EXP-2026-0666", status="scheduled", people=[], documents={}, **values
        )
        exploration.agreed_start = exploration.preferred_start
        for i in range(len(HOSTILE)):
            person = {
                field: _fit(Stakeholder, field, HOSTILE[(i + j) % len(HOSTILE)])
                for j, field in enumerate(STAKEHOLDER_FIELDS)
            }
            people.append(person)
            stakeholder = Stakeholder(exploration_id=exploration.id, involvement="direct", **person)
            db.add(stakeholder)
            db.flush()
            from intake.models import StakeholderTopic

            db.add(StakeholderTopic(stakeholder_id=stakeholder.id, topic_id="policy"))
        note = HOSTILE[0]
        db.add(
            DocumentStatus(
                exploration_id=exploration.id, document_id="org_chart", status="shared", note=note
            )
        )
        practices = [p.id for p in FRAMEWORK.practices]
        comments = [HOSTILE[i % len(HOSTILE)] for i in range(len(practices))]
        add_respondent(
            db,
            exploration,
            comments=dict(zip(practices, comments, strict=True)),
            overall_comment=HOSTILE[-1],
        )
        db.commit()
        return exploration.id, values, people, note, comments


@pytest.fixture
def hostile(app):
    return seed_hostile(app)


def _workbook(app, scope: Scope) -> bytes:
    from core.db import db

    buffer = io.BytesIO()
    with app.app_context():
        build_workbook(workbook_data(db, scope), "en", buffer, title="Test")
    return buffer.getvalue()


@pytest.mark.parametrize("per_exploration", [False, True])
def test_workbook_keeps_hostile_text_as_literal_text(app, hostile, per_exploration):
    exploration_id, values, people, note, comments = hostile
    scope = Scope.one(exploration_id) if per_exploration else Scope()
    data = _workbook(app, scope)
    sheets = read_workbook(data)
    assert formula_elements(data) == []
    assert_no_formula_or_error(sheets)
    requests = sheets["Requests"]
    row = requests.cells[0]
    for field, header in REQUEST_COLUMNS.items():
        cell = row[requests.header.index(header)]
        assert cell.value == control_free(values[field]), field
        assert cell.data_type == "s", field
    stakeholders = sheets["Stakeholders"]
    # One topic: people are listed by name in collation order (ties in the order added).
    listed = sorted(people, key=lambda person: sort_key(person["name"]))
    for person, cells in zip(listed, stakeholders.cells, strict=True):
        for field, header in STAKEHOLDER_COLUMNS.items():
            assert cells[stakeholders.header.index(header)].value == control_free(person[field])
    documents = sheets["Documents"]
    assert documents.column("Note")[0] == control_free(note)
    if per_exploration:
        assert sheets["Comments"].column("Comment") == [control_free(c) for c in comments]
        overall = sheets["Respondents"].column("Comment on the overall question")
        assert overall == [control_free(HOSTILE[-1])]


def test_pdf_prints_hostile_text_literally(app, hostile):
    from core.db import db

    exploration_id, values, people, _note, comments = hostile
    with app.app_context():
        pdf = read_pdf(build_pdf(load_summary(db, exploration_id), "en"))
    text = squash(pdf.text)
    for field in ("problem", "users", "impact", "why_now", "constraints", "service_name"):
        assert squash(control_free(values[field])) in text, field
    assert "<script>alert('x')</script> & <b>bold</b> &amp; &lt;" in text
    for person in people:
        assert squash(control_free(person["name"])) in text
    for comment in comments:
        assert squash(control_free(comment)) in text
    assert "\x07" not in pdf.text and "\x1b" not in pdf.text


def test_html_summary_escapes_hostile_text(app, client, hostile):
    _exploration_id, values, people, _note, comments = hostile
    sign_in(app, client, "viewer")
    response = client.get("/en/staff/requests/EXP-2026-0666/summary")
    assert response.status_code == 200
    page = page_html(response)
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(" in page
    text = html.unescape(page)
    for field in ("problem", "users", "impact", "why_now", "constraints", "service_name", "branch"):
        assert control_free(values[field]) in text, field
    for person in people:
        assert control_free(person["name"]) in text
    for comment in comments:
        assert control_free(comment) in text
    assert "\x07" not in page and "\x1b" not in page and "\x0b" not in page


def test_hostile_reference_lookups_are_not_found(app, client, hostile):
    sign_in(app, client, "viewer")
    for ref in ("=1+1", "EXP-2026-0666'--", "..%2F..%2Fetc", "EXP-2026-06660000000000"):
        for url in (f"/en/staff/exports/{ref}.xlsx", f"/en/staff/exports/{ref}-en.pdf"):
            assert client.get(url).status_code == 404, url
