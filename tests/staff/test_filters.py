"""The dashboard's and the audit log's filter forms, read from a query string: every value
validated, a bad one reported under its field and left out of the filter, never raised."""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest
from werkzeug.datastructures import MultiDict

from core.query_forms import MAX_PAGE
from exports.filters import PortfolioFilterForm, portfolio_query_args
from staff.filters import AuditFilterForm


@pytest.fixture
def ctx(app):
    with app.test_request_context("/en/staff/"):
        yield


def portfolio_form(args, departments=None) -> PortfolioFilterForm:
    form = PortfolioFilterForm(MultiDict(args), departments)
    form.validate()
    return form


def rendered(field) -> lxml.html.HtmlElement:
    """The field's control as WTForms' widget renders it."""
    return lxml.html.fragment_fromstring(str(field()))


def errors_by_name(form) -> dict[str, str]:
    """Query parameter name -> first message."""
    return {field.name: str(field.errors[0]) for field in form if field.errors}


def test_a_full_query_string(ctx):
    args = [
        ("status", "submitted"),
        ("status", "accepted"),
        ("status", "submitted"),
        ("department", "cbsa"),
        ("from", "2026-09-01"),
        ("to", "2026-12-31"),
        ("q", "  passeports "),
        ("sort", "reference"),
        ("dir", "desc"),
        ("page", "3"),
    ]
    form = portfolio_form(args, {"cbsa", "esdc"})
    f = form.filters
    assert errors_by_name(form) == {}
    assert f.statuses == ("submitted", "accepted")
    assert f.department == "cbsa"
    assert (f.start_from, f.start_to) == (date(2026, 9, 1), date(2026, 12, 31))
    assert f.search == "passeports"
    assert (f.sort, f.descending) == ("reference", True)
    assert form.page_number == 3
    again = portfolio_form(portfolio_query_args(f), {"cbsa"})
    assert again.filters == f


def test_defaults(ctx):
    form = portfolio_form([])
    assert errors_by_name(form) == {}
    assert form.page_number == 1
    assert form.filters.statuses == ()
    assert (form.filters.sort, form.filters.descending) == ("submitted", True)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("status", "archived"),
        ("department", "nowhere"),
        ("from", "2026-13-01"),
        ("from", "2026-9-1"),  # a date control always posts two-digit months and days
        ("from", "٢٠٢٦-٠٩-٠١"),  # digits of another script
        ("to", "yesterday"),
        ("q", "x" * 201),
        ("q", "bad\x00char"),
        ("sort", "lead_email"),
        ("dir", "sideways"),
        ("page", "0"),
        ("page", "-1"),
        ("page", "two"),
        ("page", "²"),  # str.isdigit() says yes, int() says no
        ("page", "٣"),  # int() says 3
        ("page", "1_000"),  # int() says 1000
        ("page", str(MAX_PAGE + 1)),
        ("page", "99999999999999999999"),
        ("page", "9" * 5000),  # int() refuses more than 4300 digits
    ],
)
def test_bad_values_are_reported_and_left_out(ctx, name, value):
    form = portfolio_form([(name, value)], {"cbsa"})
    assert name in errors_by_name(form)
    f = form.filters
    assert f.statuses == () and f.department is None and f.search is None
    assert f.start_from is None and f.start_to is None and form.page_number == 1
    assert (f.sort, f.descending) == ("submitted", True)


def test_good_statuses_are_kept_beside_a_bad_one(ctx):
    form = portfolio_form([("status", "accepted"), ("status", "archived")])
    assert errors_by_name(form) == {"status": "Choose statuses from the list."}
    assert form.filters.statuses == ("accepted",)


def test_a_range_that_ends_before_it_starts(ctx):
    form = portfolio_form({"from": "2026-10-01", "to": "2026-09-01"})
    assert errors_by_name(form) == {"to": "The end of the range must be on or after its start."}
    assert form.filters.start_from == date(2026, 10, 1) and form.filters.start_to is None


def test_two_different_values_for_one_value_are_refused(ctx):
    form = portfolio_form([("from", "2026-10-01"), ("from", "2026-11-01"), ("q", "a"), ("q", "a")])
    assert errors_by_name(form) == {"from": "Give only one value."}
    assert form.filters.start_from is None and form.filters.search == "a"


def test_empty_values_are_no_filter(ctx):
    form = portfolio_form(
        [("status", ""), ("department", ""), ("from", ""), ("to", " "), ("q", " "), ("page", "")]
    )
    assert errors_by_name(form) == {}
    assert form.filters.statuses == () and form.filters.department is None
    assert form.filters.search is None and form.filters.start_to is None


def test_what_is_shown_back(ctx):
    """A date that is not one is shown as typed, in a text box; a good one as the control
    posts it; control characters are taken out of the search shown back."""
    form = portfolio_form({"from": " pas-une-date ", "to": "2026-12-31", "q": "a\x00b"})
    assert form.date_from.typed_text and rendered(form.date_from).get("value") == "pas-une-date"
    assert not form.date_to.typed_text and rendered(form.date_to).get("value") == "2026-12-31"
    assert rendered(form.q).get("value") == "ab"


def test_field_ids_and_error_targets(ctx):
    form = portfolio_form({"from": "x", "page": "x", "dir": "x"})
    assert [field.id for field in form][:7] == [
        "filter-q",
        "filter-department",
        "filter-status",
        "filter-mine",
        "filter-member",
        "filter-agreement",
        "filter-from",
    ]
    assert [target for target, _message in form.error_list] == [
        "filter-from",
        "results-title",
        "results-title",
    ]


def audit_form(args, actions=("sign_in",), actors=("staff:1", "partner_link")) -> AuditFilterForm:
    form = AuditFilterForm(MultiDict(args)).offer(
        [(code, code) for code in actions],
        [(code, code) for code in actors],
        {"all_actions": "All", "everyone": "Everyone"},
    )
    form.validate()
    return form


def test_the_audit_filter(ctx):
    form = audit_form(
        {
            "action": "sign_in",
            "actor": "staff:1",
            "exploration": "exp-2026-0042",
            "from": "2026-01-15",
            "to": "2026-01-15",
            "page": "2",
        }
    )
    assert errors_by_name(form) == {}
    f = form.filters
    assert (f.action, f.actor, f.exploration) == ("sign_in", "staff:1", "EXP-2026-0042")
    assert (f.date_from, f.date_to, form.page_number) == (date(2026, 1, 15),) * 2 + (2,)
    assert form.query_args == {
        "action": "sign_in",
        "actor": "staff:1",
        "exploration": "exp-2026-0042",
        "from": "2026-01-15",
        "to": "2026-01-15",
    }


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("action", "drop_tables", "Choose an action from the list."),
        ("actor", "staff:2", "Choose who from the list."),
        ("exploration", "<b>", "Enter a reference like EXP-2026-0042."),
        ("exploration", "²", "Enter a reference like EXP-2026-0042."),
        ("exploration", "x" * 21, "Enter a reference like EXP-2026-0042."),
        ("from", "2026-99-01", "Enter the date as year-month-day, like 2027-03-15."),
        ("page", "²", "The page number must be a whole number from 1 up."),
    ],
)
def test_bad_audit_values(ctx, name, value, message):
    form = audit_form({name: value})
    assert errors_by_name(form) == {name: message}
    assert form.filters == type(form.filters)()
    assert form.query_args == {} and form.page_number == 1
    assert form.error_list[0][0] == ("audit" if name == "page" else f"audit-{name}")
