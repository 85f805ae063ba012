"""Reading the dashboard's query string: every value checked, bad ones reported, never raised."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from exports.filters import parse_portfolio_query, portfolio_query_args


@pytest.fixture
def ctx(app):
    with app.test_request_context("/en/staff/"):
        yield


def test_a_full_query_string(ctx):
    args = MultiDict(
        [
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
    )
    parsed = parse_portfolio_query(args, {"cbsa", "esdc"})
    f = parsed.filters
    assert parsed.errors == {}
    assert f.statuses == ("submitted", "accepted")
    assert f.department == "cbsa"
    assert (f.start_from, f.start_to) == (date(2026, 9, 1), date(2026, 12, 31))
    assert f.search == "passeports"
    assert (f.sort, f.descending) == ("reference", True)
    assert parsed.page == 3
    again = parse_portfolio_query(MultiDict(portfolio_query_args(f)), {"cbsa"})
    assert again.filters == f


def test_defaults(ctx):
    parsed = parse_portfolio_query(MultiDict())
    assert parsed.errors == {}
    assert parsed.page == 1
    assert parsed.filters.statuses == ()
    assert (parsed.filters.sort, parsed.filters.descending) == ("submitted", True)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("status", "archived"),
        ("department", "nowhere"),
        ("from", "2026-13-01"),
        ("to", "yesterday"),
        ("q", "x" * 201),
        ("q", "bad\x00char"),
        ("sort", "lead_email"),
        ("dir", "sideways"),
        ("page", "0"),
        ("page", "-1"),
        ("page", "two"),
        ("page", "99999999999999999999"),
    ],
)
def test_bad_values_are_reported_and_left_out(ctx, name, value):
    parsed = parse_portfolio_query(MultiDict([(name, value)]), {"cbsa"})
    key = "sort" if name == "dir" else name
    assert key in parsed.errors
    f = parsed.filters
    assert f.statuses == () and f.department is None and f.search is None
    assert f.start_from is None and f.start_to is None and parsed.page == 1


def test_a_range_that_ends_before_it_starts(ctx):
    parsed = parse_portfolio_query(MultiDict({"from": "2026-10-01", "to": "2026-09-01"}))
    assert "to" in parsed.errors
    assert parsed.filters.start_from == date(2026, 10, 1) and parsed.filters.start_to is None


def test_empty_values_are_no_filter(ctx):
    parsed = parse_portfolio_query(
        MultiDict([("status", ""), ("department", ""), ("from", ""), ("to", ""), ("q", " ")])
    )
    assert parsed.errors == {}
    assert parsed.filters.statuses == () and parsed.filters.department is None
    assert parsed.filters.search is None
