"""The plan in the exports, read back as a person's software would: the workbook's Interviews
sheet and the agreement, team and interview columns on Requests (openpyxl), and the plan in the
PDF summary (pypdf) and the HTML summary (lxml), times in the exploration's time zone."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from exports.data import iter_interviews, workbook_data
from exports.pdf import build_pdf
from exports.portfolio import PortfolioFilter
from exports.rows import Scope
from exports.summary import load_summary
from exports.workbook import build_workbook
from intake.reference import TOPICS
from planning.models import Plan
from tests import factory
from tests.conftest import html, sign_in
from tests.exports.readback import assert_no_formula_or_error, read_pdf, read_workbook, squash

SIGNED = date(2026, 8, 10)
SENT = date(2026, 8, 1)


@dataclass
class Planned:
    toronto: factory.Made
    vancouver: factory.Made
    unplanned: factory.Made
    lead: int
    member: int
    interviews: list[int]


@pytest.fixture
def planned(app) -> Planned:
    """Two scheduled explorations (nine interviews each, from the Monday 2026-09-21), one in
    Toronto time with its team (two held, one "not available", one cancelled) and one in
    Vancouver time; and a submitted request with no plan at all."""
    from core.db import db

    lead = factory.staff_account(app, "editor", name="Renée Lavoie")
    member = factory.staff_account(app, "viewer", name="Zoé Ouellet")
    other = factory.staff_account(app, "viewer", name="Ann Smith")
    toronto = factory.planned_exploration(app, "scheduled", signed=SIGNED, kickoff=True)
    interviews = factory.planned_schedule(
        app, toronto, lead=lead, members=[member, other], held=2, unavailable=1, cancelled=1
    )
    vancouver = factory.planned_exploration(app, "scheduled", signed=SIGNED, kickoff=True)
    factory.planned_schedule(app, vancouver, time_zone="America/Vancouver")
    unplanned = factory.exploration(app, "submitted")
    with app.app_context():
        plan = db.scalar(select(Plan).where(Plan.exploration_id == toronto.id))
        plan.agreement_sent_on = SENT
        db.commit()
    return Planned(toronto, vancouver, unplanned, lead, member, interviews)


def workbook(app, scope: Scope, lang: str = "en") -> dict:
    from core.db import db

    buffer = io.BytesIO()
    with app.app_context():
        build_workbook(workbook_data(db, scope), lang, buffer, title="Test")
    sheets = read_workbook(buffer.getvalue())
    assert_no_formula_or_error(sheets)
    return sheets


def rows_of(sheet, reference: str) -> list[dict]:
    return [dict(zip(sheet.header, row, strict=True)) for row in sheet.rows if row[0] == reference]


# --- Workbook -----------------------------------------------------------------------------------


def test_the_interviews_sheet_lists_each_interview_with_its_people_and_local_times(app, planned):
    sheets = workbook(app, Scope(PortfolioFilter(sort="reference", descending=False)))
    sheet = sheets["Interviews"]
    assert sheet.header == [
        "Reference",
        "Department",
        "Topic numbers",
        "Interview topics",
        "People",
        "Starts (local time)",
        "Ends (local time)",
        "Time zone",
        "Status",
        "Held",
        "Someone is not available",
        "Partner’s note",
    ]
    rows = rows_of(sheet, planned.toronto.reference)
    assert len(rows) == 9
    first = rows[0]
    assert first["Topic numbers"] == "1"
    assert first["Interview topics"] == TOPICS[0].name["en"]
    assert first["People"] == "Personne 1 Émond"
    # The first afternoon of week 2, after the kickoff: a real date and time, local.
    assert first["Starts (local time)"] == datetime(2026, 9, 21, 14, 0)
    assert first["Ends (local time)"] == datetime(2026, 9, 21, 15, 0)
    assert first["Time zone"] == "Eastern time (Ottawa, Toronto)"
    assert [r["Held"] for r in rows[:3]] == ["Yes", "Yes", "No"]
    assert [r["Someone is not available"] for r in rows[2:4]] == ["Yes", "No"]
    assert rows[2]["Partner’s note"] == "En congé ce jour-là"
    assert [r["Status"] for r in rows[3:5]] == ["Cancelled", "Scheduled"]
    # The person named on topics 7 and 9 is in both interviews, never at the same time.
    seventh = [r for r in rows if "Personne 7 Émond" in r["People"]]
    assert sorted(r["Topic numbers"] for r in seventh) == ["7", "9"]
    assert seventh[0]["Starts (local time)"] != seventh[1]["Starts (local time)"]
    starts = [r["Starts (local time)"] for r in rows]
    assert starts == sorted(starts)
    assert all(s.date() < date(2026, 9, 26) for s in starts)  # all in week 2


def test_times_are_in_each_explorations_own_zone(app, planned):
    sheets = workbook(app, Scope())
    rows = rows_of(sheets["Interviews"], planned.vancouver.reference)
    assert rows[0]["Time zone"] == "Pacific time (Vancouver)"
    assert rows[0]["Starts (local time)"] == datetime(2026, 9, 21, 14, 0)  # 14:00 in Vancouver


def test_requests_carry_the_agreement_the_team_and_the_interview_counts(app, planned):
    requests = workbook(app, Scope())["Requests"]
    (row,) = rows_of(requests, planned.toronto.reference)
    assert row["Agreement sent on"] == datetime(2026, 8, 1)
    assert row["Agreement signed on"] == datetime(2026, 8, 10)
    assert row["Team lead"] == "Renée Lavoie"
    assert row["Team members"] == "Ann Smith; Zoé Ouellet"
    assert row["Interviews scheduled"] == 8  # nine, one cancelled
    assert row["Interviews held"] == 2
    assert row["Interviews with someone not available"] == 1
    (none,) = rows_of(requests, planned.unplanned.reference)
    assert (none["Agreement signed on"], none["Team lead"], none["Team members"]) == (
        None,
        None,
        None,
    )
    assert none["Interviews scheduled"] == 0


def test_the_sheet_in_french_and_in_one_explorations_workbook(app, planned):
    sheets = workbook(app, Scope.one(planned.toronto.id), "fr")
    assert "Entrevues" in sheets
    sheet = sheets["Entrevues"]
    assert sheet.header[:2] == ["Référence", "Ministère"]
    assert {row[0] for row in sheet.rows} == {planned.toronto.reference}
    assert "Heure de l’Est (Ottawa, Toronto)" in sheet.rows[0]
    requests = sheets["Demandes"]
    assert "Responsable de l’équipe" in requests.header


def test_the_team_filter_limits_the_interviews_sheet(app, planned):
    sheets = workbook(app, Scope(PortfolioFilter(team_member=planned.member)))
    assert {row[0] for row in sheets["Interviews"].rows} == {planned.toronto.reference}
    assert {row[0] for row in sheets["Requests"].rows} == {planned.toronto.reference}


def test_interviews_stream_in_the_dashboards_order_with_their_own_people(app, planned):
    from core.db import db

    with app.app_context():
        newest_first = list(iter_interviews(db, Scope(PortfolioFilter(sort="reference"))))
    references = [row.reference for row in newest_first]
    expected = sorted({planned.toronto.reference, planned.vancouver.reference}, reverse=True)
    assert list(dict.fromkeys(references)) == expected
    assert all(row.people for row in newest_first)
    assert all(row.starts_at.tzinfo is not None for row in newest_first)


# --- PDF and HTML summary ------------------------------------------------------------------------


def summary_pdf(app, exploration_id: int, lang: str) -> str:
    from core.db import db

    with app.app_context():
        summary = load_summary(db, exploration_id)
        return squash(read_pdf(build_pdf(summary, lang)).text)


def test_the_pdf_shows_the_plan_with_times_in_the_explorations_zone(app, planned):
    text = summary_pdf(app, planned.toronto.id, "en")
    plan = text[text.index("The plan") : text.index("Documents checklist", text.index("The plan"))]
    assert "Renée Lavoie (Team lead)" in plan
    assert "Ann Smith (Team member)" in plan and "Zoé Ouellet (Team member)" in plan
    assert "Agreement signed on" in plan and "August 10, 2026" in plan
    assert "10:00 a.m. to 11:00 a.m." in plan  # the kickoff
    assert "Eastern time (Ottawa, Toronto)" in plan
    assert "8 scheduled, 2 held" in plan
    assert "2:00 p.m. to 3:00 p.m." in plan  # the first interview
    assert "Personne 1 Émond" in plan
    assert "Someone is not available then." in plan
    assert "Cancelled" in plan


def test_the_pdf_plan_in_french_and_in_vancouver_time(app, planned):
    text = summary_pdf(app, planned.vancouver.id, "fr")
    plan = text[text.index("Le plan") :]
    assert "Heure du Pacifique (Vancouver)" in plan
    assert "14 h 00" in plan  # squashed: no-break spaces read as spaces
    assert "Aucune équipe nommée pour l’instant." in plan


def test_a_request_without_a_plan_says_what_is_not_set(app, planned):
    text = summary_pdf(app, planned.unplanned.id, "en")
    plan = text[text.index("The plan") :]
    assert "Not set yet." in plan
    assert "No interviews scheduled yet." in plan


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_html_summary_shows_the_plan(app, client, planned, lang):
    sign_in(app, client, "viewer")
    response = client.get(f"/{lang}/staff/requests/{planned.toronto.reference}/summary")
    assert response.status_code == 200
    tree = lxml_html.fromstring(html(response))
    (section,) = tree.xpath("//section[@aria-labelledby='plan']")
    heading = section.xpath("string(.//h2)")
    assert heading == ("The plan" if lang == "en" else "Le plan")
    assert tree.xpath("//nav[@class='export-toc']//a[@href='#plan']")
    team = section.xpath("string(.//dt[.='CDS team' or .='Équipe du SNC']/following-sibling::dd)")
    assert "Renée Lavoie" in team and "Zoé Ouellet" in team
    rows = section.xpath(".//table[@id='plan-interview-table']/tbody/tr")
    assert len(rows) == 9
    first = squash(rows[0].xpath("string(th)"))
    assert ("2:00 p.m." if lang == "en" else "14 h 00") in first
    assert "Personne 1 Émond" in rows[0].xpath("string(td[2])")


def test_a_name_removed_under_the_retention_schedule_says_so_in_the_interviews_sheet(app, planned):
    from core.db import db
    from core.labels import REMOVED
    from intake.models import Stakeholder

    with app.app_context():
        person = db.scalar(select(Stakeholder).where(Stakeholder.name == "Personne 1 Émond"))
        person.name = REMOVED
        db.commit()
    sheet = workbook(app, Scope.one(planned.toronto.id))["Interviews"]
    rows = rows_of(sheet, planned.toronto.reference)
    assert rows[0]["People"] == "removed under the retention schedule"
