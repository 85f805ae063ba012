"""The workbook reads the dashboard's own query string: same names, same defaults, and a bad
value is refused rather than silently ignored."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from exports.filters import FilterError, filter_from_args
from exports.portfolio import PortfolioFilter


def test_an_empty_query_is_the_default_dashboard():
    assert filter_from_args(MultiDict()) == PortfolioFilter(sort="submitted", descending=True)


def test_every_parameter_is_read():
    args = MultiDict(
        [
            ("status", "scheduled"),
            ("status", "completed"),
            ("status", "scheduled"),
            ("department", "esdc"),
            ("from", "2026-01-01"),
            ("to", "2026-12-31"),
            ("q", "  assurance "),
            ("sort", "reference"),
            ("dir", "desc"),
            ("page", "4"),
        ]
    )
    assert filter_from_args(args) == PortfolioFilter(
        statuses=("scheduled", "completed"),
        department="esdc",
        start_from=date(2026, 1, 1),
        start_to=date(2026, 12, 31),
        search="assurance",
        sort="reference",
        descending=True,
    )


def test_names_and_codes_read_a_to_z_and_dates_newest_first_by_default():
    assert filter_from_args({"sort": "service"}).descending is False
    assert filter_from_args({"sort": "updated"}).descending is True


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"status": "archived"}, "status"),
        ({"department": "esdc;drop"}, "department"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-02-30"}, "to"),
        ({"from": "2026-2-3"}, "from"),  # a date control posts two-digit months and days
        ({"from": "20260203"}, "from"),  # date.fromisoformat takes it; the hint does not say so
        ({"to": "٢٠٢٦-٠٢-٠٣"}, "to"),  # digits of another script
        (MultiDict([("from", "2026-01-01"), ("from", "2026-02-01")]), "from"),
        ({"from": "2026-05-01", "to": "2026-04-30"}, "to"),
        ({"q": "x" * 201}, "q"),
        ({"q": "tab\tinside"}, "q"),
        ({"sort": "lead_email"}, "sort"),
        ({"dir": "up"}, "sort"),
        (MultiDict([("sort", "service"), ("sort", "status")]), "sort"),
    ],
)
def test_bad_values_are_refused_by_name(args, field):
    with pytest.raises(FilterError) as error:
        filter_from_args(args)
    assert error.value.field == field


def test_the_dashboards_own_links_round_trip():
    """Whatever filter the dashboard shows, the download link it builds names the same one."""
    from exports.filters import portfolio_query_args

    shown = PortfolioFilter(
        statuses=("submitted", "accepted"),
        department="cra",
        start_from=date(2026, 3, 1),
        search="Œuvre",
        sort="preferred_start",
        descending=False,
    )
    args = portfolio_query_args(shown)
    multi = MultiDict(
        [
            (k, v)
            for k, values in args.items()
            for v in (values if isinstance(values, list) else [values])
        ]
    )
    assert filter_from_args(multi) == shown


@pytest.mark.parametrize("page", ["²", "0", "9" * 5000, "two"])
def test_a_download_has_no_pages(page):
    """The dashboard's page number is carried by nothing the download reads: whatever it is,
    the download is the filter's."""
    assert filter_from_args({"page": page, "sort": "service"}) == PortfolioFilter(
        sort="service", descending=False
    )


def test_a_department_is_checked_against_the_list_when_one_is_given():
    assert filter_from_args({"department": "esdc"}, {"esdc"}).department == "esdc"
    with pytest.raises(FilterError) as error:
        filter_from_args({"department": "cra"}, {"esdc"})
    assert error.value.field == "department"
