"""Workbooks read back with openpyxl: every sheet, headers in the chosen language, one row per
database row, real dates and numbers, no formula and no error value anywhere."""

from __future__ import annotations

import io
import math
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from exports import sheet_writer
from exports.data import workbook_data
from exports.portfolio import PortfolioFilter
from exports.rows import Scope
from exports.workbook import build_workbook
from intake.hours import estimate_hours
from intake.models import Exploration, Stakeholder, StakeholderTopic
from intake.reference import DOCUMENTS
from surveys.aggregation import summarize
from surveys.models import PracticeComment, Rating, Respondent
from tests.exports.readback import (
    assert_no_formula_or_error,
    assert_real_dates,
    formula_elements,
    read_workbook,
)
from tests.factory import make_exploration

# The outcome's sheets (exports.outcome_sheets), after the survey's.
OUTCOME_SHEETS = {
    "en": ["Assessment", "Assessment by group", "Recommendations", "About"],
    "fr": ["Évaluation", "Évaluation par groupe", "Recommandations", "À propos"],
}
LEGEND_SHEETS = {"About", "À propos", "Assessment map"}  # no row per exploration

PORTFOLIO_SHEETS = {
    "en": [
        "Requests",
        "Stakeholders",
        "Schedule",
        "Interviews",
        "Documents",
        "Survey answers",
        "Aggregate",
        "Heat map",
        *OUTCOME_SHEETS["en"],
    ],
    "fr": [
        "Demandes",
        "Parties prenantes",
        "Calendrier",
        "Entrevues",
        "Documents",
        "Réponses au sondage",
        "Résultats agrégés",
        "Carte thermique",
        *OUTCOME_SHEETS["fr"],
    ],
}


def build(app, scope: Scope, lang: str) -> bytes:
    from core.db import db

    buffer = io.BytesIO()
    with app.app_context():
        build_workbook(workbook_data(db, scope), lang, buffer, title="Test")
    return buffer.getvalue()


def count(app, stmt) -> int:
    from core.db import db

    with app.app_context():
        return db.scalar(stmt) or 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_portfolio_workbook_has_every_sheet_in_the_chosen_language(app, portfolio, lang):
    data = build(app, Scope(), lang)
    sheets = read_workbook(data)
    assert list(sheets) == PORTFOLIO_SHEETS[lang]
    requests = sheets[PORTFOLIO_SHEETS[lang][0]]
    assert requests.header[:3] == (
        ["Reference", "Status", "Department"]
        if lang == "en"
        else ["Référence", "État", "Ministère"]
    )
    statuses = set(requests.column(requests.header[1]))
    assert statuses == (
        {"Scheduled", "Submitted", "Completed", "Declined"}
        if lang == "en"
        else {"Planifiée", "Soumise", "Terminée", "Refusée"}
    )
    answers = sheets[PORTFOLIO_SHEETS[lang][5]]
    assert ("Don’t know / not applicable" if lang == "en" else "Je ne sais pas / sans objet") in (
        answers.column(answers.header[-1])
    )
    for sheet in sheets.values():
        assert sheet.freeze_panes == "B2", sheet.title
        last_row = len(sheet.rows) + 1
        assert sheet.auto_filter is not None and sheet.auto_filter.endswith(str(last_row)), (
            sheet.title,
            sheet.auto_filter,
        )
        assert None not in sheet.header and "" not in sheet.header
    assert_no_formula_or_error(sheets)
    assert formula_elements(data) == []


def test_portfolio_rows_match_the_database(app, portfolio):
    sheets = read_workbook(build(app, Scope(), "en"))
    not_draft = Exploration.status != "draft"
    explorations = count(app, select(func.count()).select_from(Exploration).where(not_draft))
    assert explorations == 4
    assert len(sheets["Requests"].rows) == explorations
    assert set(sheets["Requests"].column("Reference")) == {
        "EXP-2026-0001",
        "EXP-2026-0002",
        "EXP-2026-0003",
        "EXP-2026-0005",
    }
    person_topics = count(
        app,
        select(func.count())
        .select_from(StakeholderTopic)
        .join(Stakeholder)
        .join(Exploration)
        .where(not_draft),
    )
    assert len(sheets["Stakeholders"].rows) == person_topics == 13
    scheduled = count(
        app,
        select(func.count())
        .select_from(Exploration)
        .where(
            Exploration.status.in_(("scheduled", "in_progress", "completed")),
            Exploration.agreed_start.is_not(None),
        ),
    )
    assert len(sheets["Schedule"].rows) == 4 * scheduled == 8
    assert len(sheets["Documents"].rows) == len(DOCUMENTS) * explorations
    submitted_answers = count(
        app,
        select(func.count())
        .select_from(Rating)
        .join(Respondent)
        .where(Respondent.submitted_at.is_not(None)),
    )
    assert len(sheets["Survey answers"].rows) == submitted_answers == 5 * 18
    assert len(sheets["Aggregate"].rows) == 18 * explorations
    assert len(sheets["Heat map"].rows) == explorations


def test_dates_are_dates_and_numbers_are_numbers(app, portfolio):
    sheets = read_workbook(build(app, Scope(), "en"))
    requests = sheets["Requests"]
    for header in ("Submitted (UTC)", "Preferred start", "Latest start", "Agreed start"):
        assert_real_dates(requests.column_cells(header))
    assert requests.column_cells("Preferred start")[0].number_format == "yyyy-mm-dd"
    schedule = sheets["Schedule"]
    assert_real_dates(schedule.column_cells("Week starts"))
    assert_real_dates(schedule.column_cells("Week ends"))
    assert_real_dates(sheets["Survey answers"].column_cells("Submitted (UTC)"))
    for header in ("Survey respondents", "Interviews", "Partner’s hours (min)"):
        assert all(isinstance(v, int) for v in requests.column(header)), header
    medians = [v for v in sheets["Aggregate"].column("Median") if v is not None]
    assert medians and all(isinstance(v, int | float) for v in medians)


def test_schedule_weeks_start_a_week_apart_with_the_partners_hours(app, portfolio):
    sheets = read_workbook(build(app, Scope(), "en"))
    schedule = sheets["Schedule"]
    rows = [r for r in schedule.rows if r[0] == "EXP-2026-0001"]
    starts = [r[schedule.header.index("Week starts")] for r in rows]
    assert starts == [
        datetime(2026, 9, 8),  # the agreed start, September 7, is Labour Day
        datetime(2026, 9, 14),
        datetime(2026, 9, 21),
        datetime(2026, 9, 28),
    ]
    stakeholder_hours = [r[schedule.header.index("Stakeholders’ hours")] for r in rows]
    # Three people, six interviews: 3 kick-off hours + 6 interview hours, all in week 2.
    assert stakeholder_hours == [0, 9, 0, 0]
    lead = [
        (
            r[schedule.header.index("Lead’s hours (min)")],
            r[schedule.header.index("Lead’s hours (max)")],
        )
        for r in rows
    ]
    assert lead == [(4, 8), (8, 16), (2, 4), (4, 8)]


def test_request_rows_carry_readiness_and_the_hours_estimate(app, portfolio):
    sheets = read_workbook(build(app, Scope(), "en"))
    requests = sheets["Requests"]
    row = dict(
        zip(
            requests.header,
            requests.rows[requests.column("Reference").index("EXP-2026-0001")],
            strict=True,
        )
    )
    expected = estimate_hours(
        [["design_direction", "work_methods"], ["policy"], ["it_working", "it_leadership", "legal"]]
    )
    assert row["Topics with someone named (of 9)"] == 6
    assert row["Documents shared (of 15)"] == 1
    assert row["Survey respondents"] == 3
    assert (row["People to interview"], row["Interviews"]) == (expected.people, expected.interviews)
    assert (row["Partner’s hours (min)"], row["Partner’s hours (max)"]) == (
        expected.total_low,
        expected.total_high,
    )
    assert row["Department"] == "Employment and Social Development Canada"
    other = dict(
        zip(
            requests.header,
            requests.rows[requests.column("Reference").index("EXP-2026-0002")],
            strict=True,
        )
    )
    assert other["Department"] == "Bureau de l’Œuvre nordique"


def test_aggregate_matches_the_survey_aggregation(app, portfolio):
    sheets = read_workbook(build(app, Scope(), "en"))
    aggregate = sheets["Aggregate"]
    header = aggregate.header
    rows = [dict(zip(header, r, strict=True)) for r in aggregate.rows if r[0] == "EXP-2026-0001"]
    assert len(rows) == 18
    first = rows[0]
    # Respondents answered 1, 4 and 3 on the first cell; the unsubmitted answer never counts.
    expected = summarize([1, 4, 3])
    assert (first["Median"], first["Answers (n)"], first["Lowest"], first["Highest"]) == (
        expected.median,
        expected.n,
        expected.minimum,
        expected.maximum,
    )
    assert first["Divergent (2 or more levels apart)"] == "Yes"
    second = rows[1]
    assert (second["Answers (n)"], second["Don’t know"], second["Median"]) == (3, 1, 3.5)
    completed = [
        dict(zip(header, r, strict=True)) for r in aggregate.rows if r[0] == "EXP-2026-0003"
    ]
    assert {r["Answers (n)"] for r in completed} == {2}
    assert {r["Median"] for r in completed} == {1.5}
    empty = [dict(zip(header, r, strict=True)) for r in aggregate.rows if r[0] == "EXP-2026-0002"]
    assert {(r["Answers (n)"], r["Median"]) for r in empty} == {(0, None)}
    heat = sheets["Heat map"]
    heat_row = heat.rows[heat.column("Reference").index("EXP-2026-0001")]
    assert heat_row[4:] == [r["Median"] for r in rows]


def test_heat_map_and_aggregate_are_coloured_by_conditional_formatting(app, portfolio):
    sheets = read_workbook(build(app, Scope(), "en"))
    assert "G2:G73" in sheets["Aggregate"].conditional_ranges
    assert "E2:V5" in sheets["Heat map"].conditional_ranges
    # The numbers stay in the cells: colour only repeats them.
    assert all(isinstance(v, int | float) for v in sheets["Heat map"].rows[0][4:] if v is not None)


def test_the_dashboard_filter_limits_every_sheet(app, portfolio):
    scope = Scope(PortfolioFilter(statuses=("scheduled",)))
    sheets = read_workbook(build(app, scope, "en"))
    for title, sheet in sheets.items():
        if title in LEGEND_SHEETS:
            continue
        if title == "Interviews":  # none planned here: see tests/exports/test_plan_exports.py
            assert sheet.rows == []
            continue
        assert set(sheet.column("Reference")) <= {"EXP-2026-0001"}, title
    assert len(sheets["Survey answers"].rows) == 3 * 18


def test_an_empty_portfolio_is_still_a_valid_workbook(app, portfolio):
    scope = Scope(PortfolioFilter(statuses=("in_progress",)))
    sheets = read_workbook(build(app, scope, "fr"))
    assert list(sheets) == PORTFOLIO_SHEETS["fr"]
    assert all(sheet.rows == [] for title, sheet in sheets.items() if title not in LEGEND_SHEETS)


def test_exploration_workbook_adds_each_respondents_answers_and_comments(app, portfolio):
    sheets = read_workbook(build(app, Scope.one(portfolio.scheduled_id), "en"))
    assert list(sheets) == [
        "Requests",
        "Stakeholders",
        "Schedule",
        "Interviews",
        "Documents",
        "Survey answers",
        "Respondents",
        "Comments",
        "Aggregate",
        "Heat map",
        *OUTCOME_SHEETS["en"],
    ]
    assert sheets["Requests"].column("Reference") == ["EXP-2026-0001"]
    respondents = sheets["Respondents"]
    assert respondents.column("Respondent") == [1, 2, 3]
    assert respondents.column("Overall answer") == [
        "Experienced",
        "Experienced",
        "Don’t know / not applicable",
    ]
    assert respondents.column("Comment on the overall question")[0] == "Bonne volonté ᐃᓄᒃᑎᑐᑦ"
    assert_real_dates(respondents.column_cells("Submitted (UTC)"))
    comments = sheets["Comments"]
    comment_count = count(app, select(func.count()).select_from(PracticeComment))
    assert len(comments.rows) == comment_count == 3
    assert comments.rows[0] == [1, "Working in the open", "Nous travaillons en vase clos."]
    answers = sheets["Survey answers"]
    assert answers.column("Respondent") == [1] * 18 + [2] * 18 + [3] * 18
    # Each respondent's cells in grid order: practice by practice, the three roles each.
    assert answers.column("Role or structure")[:3] == [
        "Leadership and coherent direction",
        "Capacity and infrastructure",
        "Delivery capability",
    ]


def test_a_sheet_past_excels_row_limit_continues_on_another(app, portfolio, monkeypatch):
    monkeypatch.setattr(sheet_writer, "MAX_ROWS", 40)
    sheets = read_workbook(build(app, Scope(), "en"))
    parts = [t for t in sheets if t.startswith("Survey answers")]
    assert parts == ["Survey answers", "Survey answers (2)", "Survey answers (3)"]
    assert [len(sheets[t].rows) for t in parts] == [39, 39, 12]
    assert all(sheets[t].header == sheets["Survey answers"].header for t in parts)


# Reading and printing: headers, page setup, order of names ---------------------------------------
def all_sheets(app, portfolio, lang: str) -> dict:
    """The portfolio's sheets and the per-exploration workbook's own two."""
    sheets = read_workbook(build(app, Scope(), lang))
    detail = read_workbook(build(app, Scope.one(portfolio.scheduled_id), lang))
    extra = [title for title in detail if title not in sheets]
    assert len(extra) == 2, extra
    return sheets | {title: detail[title] for title in extra}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_headers_wrap_whole_in_a_named_bold_font(app, portfolio, lang):
    for title, sheet in all_sheets(app, portfolio, lang).items():
        ws = sheet.worksheet
        height = ws.row_dimensions[1].height
        for cell in sheet.header_cells:
            assert cell.alignment.wrap_text, (title, cell.value)
            assert cell.font.b and cell.font.name == "Calibri", (title, cell.value)
            assert cell.style == "Column header", (title, cell.value)
            width = ws.column_dimensions[cell.column_letter].width
            # Every word fits on a line (a header breaks between words, never inside one)...
            assert max(len(word) for word in cell.value.split()) < width, (title, cell.value)
            # ... and the row is tall enough for at least as many lines as the text needs
            # (15 points a line of 11-point Calibri).
            assert height >= 15 * math.ceil(len(cell.value) / width), (title, cell.value)


def test_the_french_lead_hours_header_is_whole_on_several_lines(app, portfolio):
    requests = read_workbook(build(app, Scope(), "fr"))["Demandes"]
    header = "Heures du ou de la responsable (min.)"
    cell = requests.header_cells[requests.header.index(header)]
    width = requests.worksheet.column_dimensions[cell.column_letter].width
    assert width > len("responsable")
    assert requests.worksheet.row_dimensions[1].height >= 3 * 15


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page(
    app, portfolio, lang
):
    for title, sheet in all_sheets(app, portfolio, lang).items():
        ws = sheet.worksheet
        assert ws.page_setup.orientation == "landscape", title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), title
        assert ws.print_title_rows in ("1:1", "$1:$1"), (title, ws.print_title_rows)
        assert sheet.freeze_panes == "B2", title
        assert sheet.auto_filter and sheet.auto_filter.startswith("A1:"), title
        assert ws.oddFooter.right.text == "&P / &N", title


def seed_names(app) -> None:
    """Three people on one topic, added in an order that is neither alphabetical nor by code
    point, and one on an earlier topic."""
    from core.db import db

    with app.app_context():
        make_exploration(
            db,
            reference="EXP-2026-0042",
            status="submitted",
            people=[
                ("Équipe", ("policy",)),
                ("Bon", ("policy",)),
                ("avant", ("policy",)),
                ("Zoé", ("design_direction",)),
            ],
        )
        db.commit()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_people_are_listed_by_topic_then_in_alphabetical_order(app, lang):
    seed_names(app)
    sheets = read_workbook(build(app, Scope(), lang))
    stakeholders = sheets[PORTFOLIO_SHEETS[lang][1]]
    names = stakeholders.column("Name" if lang == "en" else "Nom")
    # Design direction (topic 1) first, then policy's three people in collation order. By
    # code point it would be "Bon", "avant", "Équipe"; in the order added "Équipe" first.
    assert names == ["Zoé", "avant", "Bon", "Équipe"]


def test_text_that_looks_like_a_formula_is_a_string_cell_with_the_quote_prefix(app):
    from core.db import db

    with app.app_context():
        make_exploration(
            db,
            reference="EXP-2026-0043",
            people=[('=HYPERLINK("http://x.example","y")', ("policy",)), ("#N/A", ("policy",))],
        )
        db.commit()
    data = build(app, Scope(), "en")
    stakeholders = read_workbook(data)["Stakeholders"]
    cells = stakeholders.column_cells("Name")
    assert [c.value for c in cells] == ["#N/A", '=HYPERLINK("http://x.example","y")']
    assert [(c.data_type, c.quotePrefix) for c in cells] == [("s", True), ("s", True)]
    assert formula_elements(data) == []


def test_working_weeks_end_on_fridays_and_the_last_on_the_agreed_end(app):
    """A Wednesday start: week 1 is Wednesday to Friday, the others Monday to Friday, and the
    last week ends on the agreed end date."""
    from core.db import db

    with app.app_context():
        make_exploration(
            db,
            reference="EXP-2026-0077",
            status="scheduled",
            agreed_start=date(2026, 9, 9),
            agreed_end=date(2026, 10, 1),
        )
        db.commit()
    schedule = read_workbook(build(app, Scope(), "en"))["Schedule"]
    rows = [r for r in schedule.rows if r[0] == "EXP-2026-0077"]
    spans = [
        (r[schedule.header.index("Week starts")], r[schedule.header.index("Week ends")])
        for r in rows
    ]
    assert spans == [
        (datetime(2026, 9, 9), datetime(2026, 9, 11)),
        (datetime(2026, 9, 14), datetime(2026, 9, 18)),
        (datetime(2026, 9, 21), datetime(2026, 9, 25)),
        (datetime(2026, 9, 28), datetime(2026, 10, 1)),
    ]
