"""The dashboard and the plan: "My explorations", the team member and agreement filters, and
the readiness counts of interviews scheduled, held and "not available", in both languages;
bad values get a message next to their field and a 400, and downloads name the same filter."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from exports.filters import FilterError, filter_from_args, portfolio_query_args
from exports.portfolio import PortfolioFilter
from tests import factory
from tests.conftest import html, sign_in
from tests.staff.test_dashboard import _count_queries

SIGNED = date(2026, 8, 10)


def parsed(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html(response))


def references(response) -> set[str]:
    return set(parsed(response).xpath("//table[@id='requests']/tbody/tr/th/a/text()"))


def row_of(response, reference: str) -> lxml.html.HtmlElement:
    (row,) = parsed(response).xpath(f"//table[@id='requests']/tbody/tr[th/a='{reference}']")
    return row


@pytest.fixture
def three(app, client):
    """Me (signed in) leading one exploration whose agreement is signed, with nine interviews
    (two held, one "not available"); a colleague on another, unsigned; a third with no team."""
    me = sign_in(app, client, "editor", name="Renée Lavoie")
    colleague = factory.staff_account(app, "viewer", name="Ann Smith")
    mine = factory.planned_exploration(app, "scheduled", signed=SIGNED, kickoff=True)
    factory.planned_schedule(app, mine, lead=me, members=[colleague], held=2, unavailable=1)
    theirs = factory.planned_exploration(app, "accepted", kickoff=True)
    factory.planned_schedule(app, theirs, lead=colleague)
    nobody = factory.exploration(app, "submitted")
    return {"me": me, "colleague": colleague, "mine": mine, "theirs": theirs, "nobody": nobody}


def test_my_explorations_are_those_whose_team_includes_me(client, three):
    response = client.get("/en/staff/?mine=1")
    assert response.status_code == 200
    assert references(response) == {three["mine"].reference}
    box = parsed(response).xpath("//input[@name='mine']")[0]
    assert box.get("checked") is not None
    assert box.get("type") == "checkbox"
    label = parsed(response).xpath(f"string(//label[@for='{box.get('id')}'])")
    assert label.strip() == "My explorations"


def test_the_page_links_keep_my_explorations_and_downloads_name_the_account(client, three):
    tree = parsed(client.get("/en/staff/?mine=1&sort=reference&dir=asc"))
    sort_link = tree.xpath("//table[@id='requests']//th[@scope='col']/a/@href")[0]
    assert parse_qs(urlsplit(sort_link).query)["mine"] == ["1"]
    downloads = [a for a in tree.xpath("//a/@href | //form/@action") if "/exports/" in a]
    assert downloads, "the dashboard offers its downloads"
    for url in downloads:
        query = parse_qs(urlsplit(url).query)
        if query:
            assert query["member"] == [str(three["me"])] and "mine" not in query


def test_a_team_member_and_the_agreement_filter(client, three):
    response = client.get(f"/en/staff/?member={three['colleague']}")
    assert references(response) == {three["mine"].reference, three["theirs"].reference}
    options = parsed(response).xpath("//select[@name='member']/option")
    assert options[0].text == "Anyone"
    assert {"Renée Lavoie", "Ann Smith"} <= {o.text for o in options}
    assert references(client.get("/en/staff/?agreement=signed")) == {three["mine"].reference}
    assert references(client.get("/en/staff/?agreement=unsigned")) == {
        three["theirs"].reference,
        three["nobody"].reference,
    }
    both = client.get(f"/en/staff/?member={three['colleague']}&agreement=unsigned")
    assert references(both) == {three["theirs"].reference}


def test_readiness_counts_interviews_scheduled_held_and_not_available(client, three):
    response = client.get("/en/staff/")
    headers = parsed(response).xpath("//table[@id='requests']/thead//th/text()")
    assert "Interviews" in [h.strip() for h in headers]
    row = row_of(response, three["mine"].reference)
    cell = row.xpath("string(td[last()])")
    assert "9 scheduled, 2 held" in cell
    assert row.xpath("string(td[last()]/span[contains(@class, 'tag')])") == "1 not available"
    assert "9 scheduled, 0 held" in row_of(response, three["theirs"].reference).xpath(
        "string(td[last()])"
    )
    assert row_of(response, three["nobody"].reference).xpath("string(td[last()])") == "—"


def test_in_french(client, three):
    response = client.get("/fr/staff/?mine=1&agreement=signed")
    assert response.status_code == 200
    tree = parsed(response)
    assert "Mes explorations" in tree.xpath("string(//label[@for='filter-mine'])")
    assert tree.xpath("string(//label[@for='filter-agreement'])") == "Entente"
    assert tree.xpath("//select[@name='agreement']/option[@selected]/text()") == ["Signée"]
    cell = row_of(response, three["mine"].reference).xpath("string(td[last()])")
    assert "Planifiées\u00a0: 9, tenues\u00a0: 2" in cell and "1 non disponible" in cell


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("member=abc", "member", "Choose a team member from the list."),
        ("member=999999", "member", "Choose a team member from the list."),
        ("agreement=maybe", "agreement", "Choose an option from the list."),
        (
            "mine=1&member={colleague}",
            "member",
            "Choose “My explorations” or another team member, not both.",
        ),
    ],
)
def test_bad_values_get_a_message_next_to_the_field_and_a_400(client, three, query, field, message):
    response = client.get("/en/staff/?" + query.format(colleague=three["colleague"]))
    assert response.status_code == 400
    tree = parsed(response)
    assert message in tree.xpath(f"string(//*[@id='filter-{field}-error'])")
    summary_links = tree.xpath("//*[contains(@class, 'error-summary')]//a/@href")
    assert f"#filter-{field}" in summary_links


def test_the_filter_round_trips_through_a_download_link():
    filters = PortfolioFilter(team_member=7, agreement_signed=False, sort="reference")
    args = portfolio_query_args(filters)
    assert args["member"] == "7" and args["agreement"] == "unsigned"
    assert filter_from_args(args) == filters
    # "My explorations" needs someone signed in: a download link names the account instead.
    with pytest.raises(FilterError):
        filter_from_args({"mine": "1"})
    assert filter_from_args({"mine": "1"}, me=7).team_member == 7


def test_the_page_query_count_does_not_grow_with_interviews(app, client, three):
    url = "/en/staff/?mine=1"
    client.get(url)  # warm up: the session's last-seen time and language are settled
    before = _count_queries(app, client, url)
    more = factory.planned_exploration(app, "scheduled", signed=SIGNED, kickoff=True)
    factory.planned_schedule(app, more, lead=three["me"], held=3)
    assert _count_queries(app, client, url) == before
